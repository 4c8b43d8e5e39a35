// Runs a command in the "Venice" terminal through VS Code's shell integration, so the user watches
// it run. Falls back (returns undefined before anything ran) when the terminal's shell offers no
// shell integration within a short wait; after two such misses, this window stops trying.
// A timeout or Stop kills what runs below the terminal's shell (the shell itself stays).
import * as vscode from 'vscode';
import { terminalEnvironment } from './environment';
import { followExecution, readTerminalOutput, type ExecutionEnd } from './executionOutput';
import { killTree } from './killTree';
import type { CommandResult, CommandRun, RunEnd } from './run';
import type { TerminalHistory } from './terminalHistory';

export const VENICE_TERMINAL_NAME = 'Venice';
/** How long a new terminal gets to report shell integration. */
const INTEGRATION_WAIT_MS = 8_000;
/** Misses (no shell integration in time) after which this window uses child processes only. */
const MAX_MISSES = 2;
/** After the kill, how long to wait for the shell to report the end before giving up on the terminal. */
const END_WAIT_MS = 4_000;

function waitFor<T>(register: (fire: (v: T) => void) => vscode.Disposable, ms: number, signal: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve) => {
    const done = (v: T | undefined) => {
      clearTimeout(timer);
      sub.dispose();
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => done(undefined);
    const sub = register((v) => done(v));
    const timer = setTimeout(() => done(undefined), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class TerminalRunner implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private misses = 0;
  private busy = false;
  private readonly subs: vscode.Disposable[] = [];

  /** `history`: told which execution run_command reads, so it records that output instead of reading it again. */
  constructor(private readonly history?: Pick<TerminalHistory, 'shareOutput'>) {
    this.subs.push(
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) this.terminal = undefined;
      }),
    );
  }

  /**
   * Multi-line scripts, a second command while one runs, or no shell integration: the caller uses a
   * child process. So does a command with "!": an interactive bash would expand it from its history
   * (`!x` becomes an earlier command), and the command must run exactly as the card showed it.
   */
  canTry(command: string): boolean {
    return this.misses < MAX_MISSES && !this.busy && !/[\n!]/.test(command);
  }

  /** The result, or undefined when shell integration is not there (nothing ran). */
  async run(run: CommandRun): Promise<CommandResult | undefined> {
    this.busy = true;
    try {
      const terminal = await this.terminalIn(run);
      if (!terminal?.shellIntegration) return undefined;
      return await this.execute(terminal, terminal.shellIntegration, run);
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.terminal?.dispose();
    this.terminal = undefined;
  }

  /** The Venice terminal, in `run.cwd` and with the scrubbed environment; made anew when the folder differs. */
  private async terminalIn(run: CommandRun): Promise<vscode.Terminal | undefined> {
    const current = this.terminal;
    if (current && current.exitStatus === undefined && current.shellIntegration?.cwd?.fsPath === run.cwd) return current;
    current?.dispose();
    const terminal = vscode.window.createTerminal({
      name: VENICE_TERMINAL_NAME,
      cwd: run.cwd,
      // Exactly this environment: the user's, without the Venice key (see environment.ts); what was
      // left out is removed by name too, for hosts that merge over their own environment.
      env: terminalEnvironment(process.env, run.env),
      strictEnv: true,
      iconPath: new vscode.ThemeIcon('terminal'),
      isTransient: true,
    });
    this.terminal = terminal;
    terminal.show(true);
    if (terminal.shellIntegration) return terminal;
    const ready = await waitFor<vscode.TerminalShellIntegration>(
      (fire) => vscode.window.onDidChangeTerminalShellIntegration((e) => e.terminal === terminal && fire(e.shellIntegration)),
      INTEGRATION_WAIT_MS,
      run.signal,
    );
    if (!ready) {
      // No shell integration in time (a busy machine, or a shell without it): a child process runs it.
      if (!run.signal.aborted) this.misses++;
      terminal.dispose();
      this.terminal = undefined;
      return undefined;
    }
    return terminal;
  }

  private async execute(terminal: vscode.Terminal, integration: vscode.TerminalShellIntegration, run: CommandRun): Promise<CommandResult> {
    const started = Date.now();
    let end: RunEnd = 'exited';
    const subs: vscode.Disposable[] = [];
    // The end event, registered before the command starts so it cannot be missed.
    const ended = new Promise<ExecutionEnd>((resolve) => {
      subs.push(
        vscode.window.onDidEndTerminalShellExecution((e) => {
          if (e.execution === execution) resolve({ by: 'endEvent', exitCode: e.exitCode });
        }),
        // A command that ends the shell itself (`exit 3`) closes the terminal: its exit status is the answer.
        vscode.window.onDidCloseTerminal((t) => {
          if (t === terminal) resolve({ by: 'closed', exitCode: t.exitStatus?.code });
        }),
      );
    });
    const execution = integration.executeCommand(run.command);
    this.history?.shareOutput(execution, run.output);
    // read() right away, or the first output is missed.
    const reading = readTerminalOutput(execution.read(), run.output, run.onOutput);

    let killed: Promise<void> | undefined;
    let gaveUp: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const kill = (why: RunEnd) => {
      if (killed) return;
      end = why;
      killed = Promise.resolve(terminal.processId).then((shellPid) => (shellPid ? killTree(shellPid, { keepLeader: true }) : undefined));
    };
    // A killed command whose end the shell never reports: close the terminal rather than hang.
    const abandoned = new Promise<ExecutionEnd>((resolve) => {
      const check = setInterval(() => {
        if (!killed) return;
        clearInterval(check);
        void killed.then(() => {
          if (settled) return;
          gaveUp = setTimeout(() => {
            if (this.terminal === terminal) this.terminal = undefined;
            terminal.dispose();
            resolve({ by: 'gaveUp' });
          }, END_WAIT_MS);
        });
      }, 200);
      void ended.then(() => clearInterval(check));
    });
    const timer = setTimeout(() => kill('timedOut'), run.timeoutMs);
    const onAbort = () => kill('stopped');
    run.signal.addEventListener('abort', onAbort, { once: true });
    if (run.signal.aborted) onAbort();

    try {
      const outcome = await followExecution(Promise.race([ended, abandoned]), reading);
      return {
        end,
        exitCode: end === 'exited' ? outcome.exitCode : undefined,
        durationMs: Date.now() - started,
        runner: 'terminal',
        incomplete: end === 'exited' ? outcome.incomplete : undefined,
      };
    } finally {
      settled = true;
      clearTimeout(timer);
      clearTimeout(gaveUp);
      run.signal.removeEventListener('abort', onAbort);
      for (const sub of subs) sub.dispose();
    }
  }
}
