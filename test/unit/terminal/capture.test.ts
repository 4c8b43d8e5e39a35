// What run_command keeps and reports: the output tail with a cut note (memory stays bounded), the
// environment without the Venice key, terminal escape sequences removed, the report to the model.
import * as assert from 'node:assert/strict';
import { plainTerminalText } from '../../../src/terminal/ansi';
import { scrubbedEnvironment, terminalEnvironment } from '../../../src/terminal/environment';
import { cutNote, OutputTail } from '../../../src/terminal/outputTail';
import { commandReport, maskSecrets } from '../../../src/terminal/report';

describe('terminal: output capture, environment and report', () => {
  it('keeps only the tail of a flood and counts what was cut', () => {
    const tail = new OutputTail(1000);
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 100_000; i++) tail.append(line); // 10 MB
    assert.equal(tail.totalChars, 10_000_000);
    assert.equal(tail.cutChars, 10_000_000 - 1000);
    const kept = tail.tail();
    assert.equal(kept.length, 1000);
    assert.ok(kept.endsWith('x\n'));
    assert.equal(tail.tail(10), 'xxxxxxxxx\n');
    assert.match(cutNote(tail.cutChars), /9,999,000 earlier characters cut/);
    assert.equal(cutNote(0), '');
  });

  it('counts a piece longer than the cap and keeps only its end', () => {
    const tail = new OutputTail(1000);
    tail.append('aaaaa');
    tail.append('b'.repeat(30_000));
    assert.equal(tail.totalChars, 30_005);
    assert.equal(tail.cutChars, 29_005);
    assert.equal(tail.tail(), 'b'.repeat(1000));
    tail.append('c\n');
    assert.equal(tail.totalChars, 30_007);
    assert.equal(tail.tail(), `${'b'.repeat(998)}c\n`);
  });

  it('a skipped stretch cuts everything held before it and is counted', () => {
    const tail = new OutputTail(10);
    tail.append('old\n');
    tail.skip(1_000);
    tail.append('new\n');
    assert.equal(tail.tail(), 'new\n', 'nothing from before the skipped stretch is kept');
    assert.equal(tail.totalChars, 1_008);
    assert.equal(tail.cutChars, 1_004);
    assert.match(cutNote(tail.cutChars), /1,004 earlier characters cut/);
  });

  it('holds at most about twice its cap while text streams in', () => {
    const tail = new OutputTail(100);
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      tail.append('abcdefg');
      most = Math.max(most, (tail as unknown as { held: number }).held);
    }
    assert.ok(most <= 200 + 7, `held ${most}`);
    assert.equal(tail.tail().length, 100);
  });

  it('short output is kept whole with nothing cut', () => {
    const tail = new OutputTail(100);
    tail.append('hello\n');
    tail.append('world\n');
    assert.equal(tail.tail(), 'hello\nworld\n');
    assert.equal(tail.cutChars, 0);
  });

  it('the environment is the user\'s without VENICE_API_KEY or any variable holding the key', () => {
    const key = 'vk-secret-1234567890';
    const env = scrubbedEnvironment(
      { PATH: '/usr/bin', HOME: '/home/u', VENICE_API_KEY: 'other', venice_api_key: 'x', AUTH_HEADER: `Bearer ${key}`, COPY: key, EMPTY: '', MISSING: undefined },
      [key, undefined, ''],
    );
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/u', EMPTY: '' });
  });

  it('the "Venice" terminal removes by name every variable the scrub left out (a host that merges over its own environment)', () => {
    const key = 'vk-secret-1234567890';
    const full = { PATH: '/usr/bin', VENICE_API_KEY: key, VENICE_TEST_VALID_KEY: key, UNDEF: undefined };
    const env = terminalEnvironment(full, scrubbedEnvironment(full, [key]));
    assert.deepEqual(env, { PATH: '/usr/bin', VENICE_API_KEY: null, VENICE_TEST_VALID_KEY: null, UNDEF: null });
    // What a merging host ends with: its own environment, then these entries (null removes).
    const merged: Record<string, string | undefined> = { ...full };
    for (const [name, value] of Object.entries(env)) if (value === null) delete merged[name]; else merged[name] = value;
    assert.ok(!Object.values(merged).some((v) => v?.includes(key)), JSON.stringify(merged));
  });

  it('terminal escape sequences and carriage returns become plain text', () => {
    assert.equal(plainTerminalText('\u001b[32mok\u001b[0m\r\n\u001b]633;D;0\u0007done\rprogress 50%\rprogress 100%\n'), 'ok\ndone\nprogress 50%\nprogress 100%\n');
  });

  it('the report tells the model the exit code, the folder, and how much output was cut; the key is masked', () => {
    const out = new OutputTail(20);
    out.append('a'.repeat(50));
    out.append('\nKEY=vk-secret-1234\n');
    const r = commandReport({
      command: 'npm test',
      folder: 'ws',
      result: { end: 'exited', exitCode: 3, durationMs: 1200, runner: 'process' },
      timeoutMs: 5000,
      output: out,
      secrets: ['vk-secret-1234'],
    });
    assert.equal(r.ok, false);
    assert.match(r.content, /^Ran: npm test\nFolder: ws \(in a child process, 1\.2 s\)\nResult: exit code 3\n/);
    assert.match(r.content, /last 20 of 70 characters/);
    assert.match(r.content, /50 earlier characters cut/);
    assert.ok(!r.content.includes('vk-secret-1234'));
    assert.match(r.content, /KEY=\*\*\*/);
    assert.match(r.summary, /^Exit code 3 · 2 lines of output \(tail kept\)$/);

    const timedOut = commandReport({ command: 'sleep 99', folder: 'ws', result: { end: 'timedOut', exitCode: undefined, durationMs: 2000, runner: 'terminal' }, timeoutMs: 2000, output: new OutputTail(10), secrets: [] });
    assert.match(timedOut.content, /Result: killed after the 2\.0 s timeout/);
    assert.match(timedOut.content, /Output: \(none\)/);
    assert.equal(timedOut.ok, false);
    assert.equal(maskSecrets('abc', ['ab']), 'abc', 'values too short to be a key are left alone');
  });
});
