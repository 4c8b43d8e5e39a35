// The child-process runner with real processes: exit codes and output, the time limit and Stop
// killing the whole tree (grandchildren included), a flood kept to its tail, the scrubbed environment.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OutputTail } from '../../../src/terminal/outputTail';
import { runInProcess } from '../../../src/terminal/processRunner';
import type { CommandRun } from '../../../src/terminal/run';

const posix = process.platform !== 'win32';

/** Running (a zombie waiting for its new parent to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('terminal: child-process runner (real processes)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'venice-run-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function request(command: string, over: Partial<CommandRun> = {}): CommandRun {
    return { command, cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, timeoutMs: 10_000, signal: new AbortController().signal, output: new OutputTail(20_000), onOutput: () => undefined, ...over };
  }

  it('runs the command exactly as written in the folder, with stdout and stderr and the exit code', async () => {
    let pokes = 0;
    const run = request(`echo "out $((1+2))"; echo err >&2; pwd; exit 7`, { onOutput: () => pokes++ });
    const r = await runInProcess(run);
    assert.equal(r.end, 'exited');
    assert.equal(r.exitCode, 7);
    assert.equal(r.runner, 'process');
    const text = run.output.tail();
    assert.match(text, /out 3/);
    assert.match(text, /err/);
    assert.ok(text.includes(await import('node:fs').then((fs) => fs.realpathSync(dir))), text);
    assert.ok(pokes > 0);
  });

  it('passes only the given environment (no Venice key reaches the command)', async () => {
    const run = request('env', { env: { PATH: process.env.PATH ?? '', ONLY_THIS: 'yes' } });
    await runInProcess(run);
    assert.match(run.output.tail(), /ONLY_THIS=yes/);
    assert.doesNotMatch(run.output.tail(), /VENICE_API_KEY/);
  });

  (posix ? it : it.skip)('the time limit kills the command and the processes it started', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    const run = request(`sh -c 'sleep 300 & echo $! > ${pidFile}; wait' ; echo never`, { timeoutMs: 800 });
    const started = Date.now();
    const r = await runInProcess(run);
    assert.equal(r.end, 'timedOut');
    assert.equal(r.exitCode, undefined);
    assert.ok(Date.now() - started < 8_000, 'ends soon after the limit');
    const grandchild = Number(execFileSync('cat', [pidFile]).toString().trim());
    assert.ok(grandchild > 0);
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(alive(grandchild), false, 'the sleeping grandchild is gone too');
    assert.doesNotMatch(run.output.tail(), /never/);
  });

  (posix ? it : it.skip)('Stop (the abort signal) kills a command that never exits', async () => {
    const ac = new AbortController();
    const run = request('while true; do echo tick; sleep 0.1; done', { signal: ac.signal });
    setTimeout(() => ac.abort(), 500);
    const r = await runInProcess(run);
    assert.equal(r.end, 'stopped');
    assert.match(run.output.tail(), /tick/);
  });

  it('a 100 MB flood keeps only the tail and the count of what was cut', async () => {
    const run = request(`node -e "const b=Buffer.alloc(1<<20,120);b[b.length-1]=10;for(let i=0;i<100;i++)process.stdout.write(b);process.stdout.write('THE END\\n')"`, { output: new OutputTail(20_000) });
    const before = process.memoryUsage().rss;
    const r = await runInProcess(run);
    assert.equal(r.exitCode, 0);
    assert.equal(run.output.totalChars, 100 * (1 << 20) + 8);
    assert.ok(run.output.tail().endsWith('THE END\n'));
    assert.equal(run.output.tail().length, 20_000);
    const grew = process.memoryUsage().rss - before;
    assert.ok(grew < 80 * 1024 * 1024, `memory grew by ${Math.round(grew / 1e6)} MB`);
  });

  it('a shell that cannot start is reported, not thrown', async () => {
    const run = request('true', { cwd: path.join(dir, 'missing-folder') });
    const r = await runInProcess(run);
    assert.equal(r.exitCode, undefined);
    assert.match(run.output.tail(), /Could not start/);
  });
});
