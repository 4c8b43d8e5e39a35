// What one command run is asked to do and how it ended, whichever runner ran it (a child process
// or the "Venice" terminal). No `vscode` import.
import type { OutputTail } from './outputTail';

export interface CommandRun {
  /** Exactly the text shown on the approval card; run as is, never re-quoted. */
  command: string;
  /** Absolute folder, already checked to be a workspace folder or inside one (symlinks resolved). */
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Stop: aborting kills the command and everything it started. */
  signal: AbortSignal;
  /** Receives stdout and stderr as they arrive. */
  output: OutputTail;
  onOutput(): void;
}

export type RunEnd = 'exited' | 'timedOut' | 'stopped';

export interface CommandResult {
  end: RunEnd;
  /** undefined when the process was killed or the terminal could not tell. */
  exitCode: number | undefined;
  /** The signal that ended it on its own (e.g. SIGSEGV), when it was not our kill. */
  exitSignal?: string;
  durationMs: number;
  /** Why the captured output may lack its end (the terminal path only), said to the user and the model. */
  incomplete?: string;
  /** Where it ran: shown to the user and the model. */
  runner: 'terminal' | 'process';
}
