// Runs a command as a child process of the extension host, through the user's shell, when VS Code's
// terminal shell integration is not available. stdout and stderr are captured in arrival order into
// a bounded tail; a timeout or Stop kills the whole process tree. No `vscode` import.
import { spawn } from 'node:child_process';
import { killTree } from './killTree';
import type { CommandResult, CommandRun, RunEnd } from './run';

/** How long to wait for the pipes to close after the tree was killed before giving up on them. */
const CLOSE_WAIT_MS = 5_000;

/** The shell and its arguments: the command text is one argument, passed as is. */
export function shellInvocation(command: string, env: Record<string, string>): { file: string; args: string[]; verbatim: boolean } {
  if (process.platform === 'win32') {
    const comspec = env.ComSpec || env.COMSPEC || 'cmd.exe';
    // /s /c "…": cmd strips exactly the outer quotes and runs the rest unchanged.
    return { file: comspec, args: ['/d', '/s', '/c', `"${command}"`], verbatim: true };
  }
  const shell = env.SHELL && env.SHELL.startsWith('/') ? env.SHELL : '/bin/sh';
  return { file: shell, args: ['-c', command], verbatim: false };
}

export function runInProcess(run: CommandRun): Promise<CommandResult> {
  const started = Date.now();
  const { file, args, verbatim } = shellInvocation(run.command, run.env);
  return new Promise((resolve) => {
    let end: RunEnd = 'exited';
    let settled = false;
    let killing: Promise<void> | undefined;
    const child = spawn(file, args, {
      cwd: run.cwd,
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group on POSIX, so the whole group can be signalled.
      detached: process.platform !== 'win32',
      windowsHide: true,
      windowsVerbatimArguments: verbatim,
    });
    const onData = (chunk: string) => {
      run.output.append(chunk);
      run.onOutput();
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);

    const finish = (exitCode: number | undefined, exitSignal?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      run.signal.removeEventListener('abort', onAbort);
      const own = end === 'exited';
      resolve({ end, exitCode: own ? exitCode : undefined, exitSignal: own ? exitSignal : undefined, durationMs: Date.now() - started, runner: 'process' });
    };
    const kill = (why: RunEnd) => {
      if (killing || settled) return;
      end = why;
      killing = child.pid ? killTree(child.pid) : Promise.resolve();
      // A process that escaped the kill may keep a pipe open: stop waiting for it.
      void killing.then(() =>
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          finish(undefined);
        }, CLOSE_WAIT_MS).unref(),
      );
    };
    const onAbort = () => kill('stopped');
    const timer = setTimeout(() => kill('timedOut'), run.timeoutMs);
    run.signal.addEventListener('abort', onAbort, { once: true });
    if (run.signal.aborted) onAbort();

    child.on('error', (err) => {
      run.output.append(`Could not start ${file}: ${err.message}\n`);
      finish(undefined);
    });
    child.on('close', (code, sig) => finish(code ?? undefined, sig ?? undefined));
  });
}
