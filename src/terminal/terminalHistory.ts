// What get_terminal_output reads: the last command of each terminal, as VS Code's shell integration
// reports it (command line, output tail, exit code), plus the last command run_command ran as a
// child process. Only the last command per terminal is kept, and only its tail.
import * as vscode from 'vscode';
import { readTerminalOutput } from './executionOutput';
import { OutputTail } from './outputTail';

export const HISTORY_TAIL_CHARS = 20_000;

export interface RecordedCommand {
  /** Where it ran: a terminal's name, or "Venice (child process)". */
  where: string;
  commandLine: string;
  output: OutputTail;
  /** undefined while it runs, or when the shell did not say. */
  exitCode: number | undefined;
  running: boolean;
  /** Order of starting, so the newest command wins whichever terminal or process ran it. */
  seq: number;
}

export class TerminalHistory implements vscode.Disposable {
  private readonly byTerminal = new Map<vscode.Terminal, RecordedCommand>();
  private lastProcessRun: RecordedCommand | undefined;
  private nextSeq = 0;
  private readonly subs: vscode.Disposable[];
  /** Executions whose output run_command reads itself: the record takes that tail instead of a second reader. */
  private readonly shared = new WeakMap<vscode.TerminalShellExecution, OutputTail>();

  constructor() {
    this.subs = [
      vscode.window.onDidStartTerminalShellExecution((e) => this.started(e)),
      vscode.window.onDidEndTerminalShellExecution((e) => {
        const rec = this.byTerminal.get(e.terminal);
        if (rec && rec.commandLine === e.execution.commandLine.value) {
          rec.exitCode = e.exitCode;
          rec.running = false;
        }
      }),
      vscode.window.onDidCloseTerminal((t) => this.byTerminal.delete(t)),
    ];
  }

  /**
   * The newest command, in any terminal or run as a child process. Not "the active terminal's": which
   * terminal VS Code reports as active lags behind show(), so a command run_command just ran in the
   * "Venice" terminal could lose to an older one, and the user asking about "the last command" means
   * the one that ran last.
   */
  lastCommand(): { record: RecordedCommand; activeTerminal: string | undefined } | undefined {
    let record = this.lastProcessRun;
    for (const rec of this.byTerminal.values()) if (!record || rec.seq > record.seq) record = rec;
    return record && { record, activeTerminal: vscode.window.activeTerminal?.name };
  }

  /** run_command ran a command as a child process (no shell integration): remember it too. */
  recordProcessRun(commandLine: string, output: OutputTail, exitCode: number | undefined): void {
    this.lastProcessRun = { where: 'Venice (child process)', commandLine, output, exitCode, running: false, seq: this.nextSeq++ };
  }

  /**
   * run_command reads this execution (just started in the "Venice" terminal) into `output`: the
   * history records that same tail, so a flood is not read and made plain twice. Call it before the
   * start event, i.e. right after executeCommand.
   */
  shareOutput(execution: vscode.TerminalShellExecution, output: OutputTail): void {
    this.shared.set(execution, output);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.byTerminal.clear();
  }

  private started(e: vscode.TerminalShellExecutionStartEvent): void {
    const shared = this.shared.get(e.execution);
    const rec: RecordedCommand = { where: e.terminal.name, commandLine: e.execution.commandLine.value, output: shared ?? new OutputTail(HISTORY_TAIL_CHARS), exitCode: undefined, running: true, seq: this.nextSeq++ };
    this.byTerminal.set(e.terminal, rec);
    if (shared) return;
    // read() must be called now, or the first output is missed.
    readTerminalOutput(e.execution.read(), rec.output, undefined, () => this.byTerminal.get(e.terminal) === rec).catch(() => {
      // The terminal went away; what was read stays.
    });
  }
}
