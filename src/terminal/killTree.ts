// Ending a command and everything it started. A shell command often starts children of its own
// (npm → node → workers); killing only the shell would leave them running and holding the output
// pipe open. No `vscode` import.
import { execFile } from 'node:child_process';

const LIST_TIMEOUT_MS = 3_000;
/** Time between the polite signal and SIGKILL. */
export const KILL_GRACE_MS = 1_500;

/** Every process below `pid` (children, grandchildren…), found with `ps`; [] when it cannot be listed. */
export function descendantsOf(pid: number): Promise<number[]> {
  if (process.platform === 'win32') return Promise.resolve([]);
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid='], { timeout: LIST_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
      if (err) return resolve([]);
      const children = new Map<number, number[]>();
      for (const line of stdout.split('\n')) {
        const [child, parent] = line.trim().split(/\s+/).map(Number);
        if (!Number.isInteger(child) || !Number.isInteger(parent)) continue;
        const list = children.get(parent) ?? [];
        list.push(child);
        children.set(parent, list);
      }
      const out: number[] = [];
      const queue = [...(children.get(pid) ?? [])];
      while (queue.length) {
        const p = queue.shift() as number;
        if (out.includes(p)) continue;
        out.push(p);
        queue.push(...(children.get(p) ?? []));
      }
      resolve(out);
    });
  });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Kills the process group led by `leader` (the shell we spawned detached) and every descendant
 * (including those that left the group): SIGTERM, then SIGKILL after a grace period. With
 * `keepLeader`, the leader itself (a terminal's shell) is spared and only what runs below it ends.
 */
export async function killTree(leader: number, opts: { keepLeader?: boolean; graceMs?: number } = {}): Promise<void> {
  if (process.platform === 'win32') {
    await new Promise<void>((resolve) => {
      if (opts.keepLeader) {
        // taskkill cannot spare the root; end each child tree instead.
        execFile('wmic', ['process', 'where', `(ParentProcessId=${leader})`, 'get', 'ProcessId'], { timeout: LIST_TIMEOUT_MS }, (err, out) => {
          const pids = err ? [] : out.split(/\s+/).map(Number).filter((n) => Number.isInteger(n) && n > 0);
          let left = pids.length;
          if (!left) return resolve();
          for (const p of pids) execFile('taskkill', ['/pid', String(p), '/T', '/F'], () => --left === 0 && resolve());
        });
      } else {
        execFile('taskkill', ['/pid', String(leader), '/T', '/F'], () => resolve());
      }
    });
    return;
  }
  const below = await descendantsOf(leader);
  const targets = opts.keepLeader ? below : [leader, ...below];
  if (!opts.keepLeader) signal(-leader, 'SIGTERM');
  for (const p of targets) signal(p, 'SIGTERM');
  await new Promise((r) => setTimeout(r, opts.graceMs ?? KILL_GRACE_MS));
  // Whatever started meanwhile (a child forked while dying) is found again.
  const late = await descendantsOf(leader);
  if (!opts.keepLeader) signal(-leader, 'SIGKILL');
  for (const p of new Set([...targets, ...late])) signal(p, 'SIGKILL');
}
