// Reading a "Venice" terminal command's output (shell integration's execution.read()): pieces of many
// megabytes are made plain without a long task, sequences cut between pieces are neither shown half
// nor doubled, the end of the output is waited for after VS Code's end event, and a result whose end
// VS Code did not deliver says that it may be incomplete.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { plainTerminalText, TerminalTextStream } from '../../../src/terminal/ansi';
import { followExecution, readTerminalOutput, type ExecutionEnd } from '../../../src/terminal/executionOutput';
import { OutputTail } from '../../../src/terminal/outputTail';
import { commandReport } from '../../../src/terminal/report';

const SAMPLE = '\u001b[32mok\u001b[0m\r\n\u001b]633;D;0\u0007done\rprogress 50%\rprogress 100%\r\n\u001b]0;title\u001b\\tab\there\u009b1mbold\r\n';

async function* pieces(...parts: Array<string | (() => Promise<void>)>): AsyncIterable<string> {
  for (const p of parts) {
    if (typeof p === 'string') yield p;
    else await p();
  }
}

describe('terminal: reading a terminal command to its end', () => {
  it('makes text cut at any point plain exactly as in one piece', () => {
    const whole = plainTerminalText(SAMPLE);
    for (let a = 0; a <= SAMPLE.length; a++) {
      for (let b = a; b <= SAMPLE.length; b += 3) {
        const s = new TerminalTextStream();
        const out = s.push(SAMPLE.slice(0, a)) + s.push(SAMPLE.slice(a, b)) + s.push(SAMPLE.slice(b)) + s.end();
        assert.equal(out, whole, `cut at ${a} and ${b}`);
      }
    }
  });

  it('lets go of a lone ESC that starts no sequence', () => {
    const s = new TerminalTextStream();
    assert.equal(s.push('a\u001b'), 'a');
    assert.equal(s.push('xyz'), 'xyz', 'ESC x is no sequence: the ESC goes, the text stays');
    const long = s.push(`\u001b]${'t'.repeat(10_000)}`) + s.push('more');
    assert.ok(long === `${'t'.repeat(10_000)}more`, 'an "OSC" too long to be one is not held: its text goes out');
  });

  it('takes a 40 MB piece without a task over 50 ms and keeps its end', async () => {
    // Flat, as it arrives from VS Code's IPC (a rope would be flattened by the first slice).
    const big = Buffer.from(`${'x'.repeat(1 << 20)}\n`.repeat(40) + 'THE END\n').toString('utf8');
    const tail = new OutputTail(20_000);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    delay.enable();
    const t0 = performance.now();
    await readTerminalOutput(pieces(big), tail);
    const took = performance.now() - t0;
    delay.disable();
    clearInterval(ticker);
    assert.equal(tail.totalChars, big.length);
    assert.ok(tail.tail().endsWith('x\nTHE END\n'));
    assert.ok(delay.max / 1e6 < 50, `longest block ${Math.round(delay.max / 1e6)} ms`);
    // Only the piece's last part is made plain now, at once: over before a timer was due, or timers ran between.
    assert.ok(ticks > 0 || took < 5, `timers ran while it read, or it took under 5 ms (${took.toFixed(1)} ms)`);
  });

  it('makes plain only the last part of a many-MB piece, keeping exactly the tail the whole would give', async () => {
    // Coloured lines with "\r\n", as a pty sends them: every slice of it would need its sequences removed.
    const line = `\u001b[32m${'x'.repeat(70)}\u001b[0m\r\n`;
    const big = Buffer.from(line.repeat(100_000) + 'THE END\r\n').toString('utf8'); // 8.6 MB
    const tail = new OutputTail(20_000);
    let madePlain = 0;
    const sink = { maxChars: tail.maxChars, append: (t: string) => ((madePlain += t.length), tail.append(t)), skip: (n: number) => tail.skip(n) };
    await readTerminalOutput(pieces('before\n', big, 'after\n'), sink);
    const whole = plainTerminalText(`before\n${big}after\n`);
    assert.equal(tail.tail(), whole.slice(-20_000));
    assert.ok(tail.tail().endsWith('x\nTHE END\nafter\n'));
    assert.ok(madePlain < 100_000, `made plain ${madePlain.toLocaleString('en-US')} characters of ${whole.length.toLocaleString('en-US')}`);
    // The skipped head is counted as it came (sequences and "\r" included): the cut is said, never understated.
    assert.ok(tail.totalChars >= whole.length && tail.totalChars <= 7 + big.length + 6, `${tail.totalChars}`);
    assert.equal(tail.cutChars, tail.totalChars - 20_000);
  });

  it('cuts a big piece without a line break anywhere, even inside an escape sequence, without garbage in the tail', async () => {
    const unit = `${'y'.repeat(37)}\u001b[38;5;196m\u001b]0;t\u0007`;
    for (let pad = 0; pad < unit.length; pad++) {
      const big = 'p'.repeat(pad) + unit.repeat(2_000);
      const tail = new OutputTail(20_000);
      // A sequence left open by the piece before is skipped with the head.
      await readTerminalOutput(pieces('z\u001b[3', big), tail);
      assert.equal(tail.tail(), plainTerminalText(`z\u001b[3${big}`).slice(-20_000), `padding ${pad}`);
    }
  });

  it('a long escape sequence where a big piece would be cut does not show as text in the tail', async () => {
    const big = `${'y'.repeat(50_000)}\u001b[${'1;'.repeat(2_000)}m${'z'.repeat(19_990)}${'\u001b[0m'.repeat(500)}`;
    const tail = new OutputTail(20_000);
    await readTerminalOutput(pieces(big), tail);
    assert.equal(tail.tail(), plainTerminalText(big).slice(-20_000));
  });

  it('output made almost only of escape sequences is still read whole and right', async () => {
    for (const [sequences, units] of [[30, 40_000], [400, 3_000]] as const) {
      const big = `${'\u001b[0m'.repeat(sequences)}a`.repeat(units);
      const tail = new OutputTail(20_000);
      await readTerminalOutput(pieces(big, 'end\n'), tail);
      assert.equal(tail.tail(), plainTerminalText(`${big}end\n`).slice(-20_000), `${sequences} sequences a character`);
    }
  });

  it('waits for the rest of the output after the end event, however late it comes', async () => {
    const tail = new OutputTail(20_000);
    let fireEnd!: (e: ExecutionEnd) => void;
    const end = new Promise<ExecutionEnd>((resolve) => (fireEnd = resolve));
    // VS Code fires the end event as soon as the stream is closed; the reader still has a piece to take.
    const stream = pieces('x'.repeat(100_000), async () => {
      fireEnd({ by: 'endEvent', exitCode: 0 });
      await new Promise((r) => setTimeout(r, 1_500));
    }, 'THE END\n');
    const followed = await followExecution(end, readTerminalOutput(stream, tail));
    assert.deepEqual(followed, { exitCode: 0, incomplete: undefined });
    assert.ok(tail.tail().endsWith('THE END\n'));
  });

  it('says the output may be incomplete when VS Code did not deliver its end, or ended it without an exit code', async () => {
    const never = new Promise<void>(() => undefined);
    const late = await followExecution(Promise.resolve({ by: 'endEvent', exitCode: 0 }), never, 100);
    assert.equal(late.exitCode, 0);
    assert.match(late.incomplete ?? '', /VS Code had not delivered all of it/);
    const noCode = await followExecution(Promise.resolve({ by: 'endEvent', exitCode: undefined }), Promise.resolve());
    assert.match(noCode.incomplete ?? '', /without its exit code/);
    const ok = await followExecution(Promise.resolve({ by: 'closed', exitCode: 3 }), Promise.resolve());
    assert.deepEqual(ok, { exitCode: 3, incomplete: undefined }, 'exit 3 closing the terminal is complete');

    const output = new OutputTail(100);
    output.append('partial\n');
    const report = commandReport({
      command: 'make',
      folder: 'ws',
      result: { end: 'exited', exitCode: 0, durationMs: 1000, runner: 'terminal', incomplete: late.incomplete },
      timeoutMs: 60_000,
      output,
      secrets: [],
    });
    assert.match(report.content, /Result: exit code 0\nNote: the output may be incomplete \(VS Code had not delivered all of it/);
    assert.match(report.summary, /\(may be incomplete\)$/);
  });
});
