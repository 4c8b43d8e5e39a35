// Reading one shell-integration command's output (VS Code's `execution.read()`) to its end, without
// long tasks and without losing its end. No `vscode` import: terminalRunner.ts hands in the stream and
// the events, so the timing rules here are unit-tested.
//
// What VS Code does (1.139): the workbench sends a terminal's data to the extension host only after
// 50 ms without new data, so a flood arrives as a few pieces of many megabytes; it ends the stream
// when the shell reports the command's end, and fires the end event right after, however much of
// the stream the reader has still to take. So: pieces are cut into slices made plain one at a time
// with a turn of the event loop between them once a time budget is used, and after the end event the
// reader is awaited until it has taken everything (not a fixed short wait, which cut off the end).
import { TerminalTextStream } from './ansi';

/** A slice of a piece made plain in one go (fast: about a millisecond when it is plain already). */
const SLICE_CHARS = 64 * 1024;
/** Work between two turns of the event loop: far below a 50 ms long task. */
const BUDGET_MS = 8;
/** After the end event, how long the rest of the stream may take before the result says it may be incomplete. */
export const DRAIN_WAIT_MS = 20_000;
/** After a kill or a closed terminal, the stream gets this long. */
const CLOSED_DRAIN_MS = 1_000;

export interface OutputSink {
  append(text: string): void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Appends the stream's text, made plain, to `sink`; `onOutput` after each piece (and between slices
 * of a big one). Stops early when `keepGoing` says so. Resolves when the stream has ended.
 */
export async function readTerminalOutput(stream: AsyncIterable<string>, sink: OutputSink, onOutput: () => void = () => undefined, keepGoing: () => boolean = () => true): Promise<void> {
  const plain = new TerminalTextStream();
  let since = Date.now();
  for await (const piece of stream) {
    if (!keepGoing()) return;
    for (let at = 0; at < piece.length; at += SLICE_CHARS) {
      sink.append(plain.push(piece.length <= SLICE_CHARS ? piece : piece.slice(at, at + SLICE_CHARS)));
      if (Date.now() - since >= BUDGET_MS) {
        onOutput();
        await turn();
        since = Date.now();
        if (!keepGoing()) return;
      }
    }
    onOutput();
  }
  sink.append(plain.end());
  onOutput();
}

/** How a command in a terminal came to an end, as the runner saw it. */
export type ExecutionEnd =
  /** The shell reported the end (with its exit code, or undefined when VS Code could not tell). */
  | { by: 'endEvent'; exitCode: number | undefined }
  /** The command ended the shell, so the terminal closed. */
  | { by: 'closed'; exitCode: number | undefined }
  /** Killed, and the shell never reported the end: the runner closed the terminal. */
  | { by: 'gaveUp' };

export interface FollowedExecution {
  exitCode: number | undefined;
  /** Why the output may lack its end (said to the model and the user), or undefined. */
  incomplete?: string;
}

/**
 * Waits for the first of the ways an execution ends, then for the reader to take the rest of the
 * stream. The output may be incomplete when VS Code ended the command without its exit code (it
 * does so when it stops following a command, e.g. a new one started before the end was reported),
 * or when the rest did not arrive in time.
 */
export async function followExecution(end: Promise<ExecutionEnd>, reading: Promise<void>, drainWaitMs = DRAIN_WAIT_MS): Promise<FollowedExecution> {
  const how = await end;
  let drained = false;
  const done = reading.then(
    () => (drained = true),
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, how.by === 'endEvent' ? drainWaitMs : CLOSED_DRAIN_MS)))]);
  clearTimeout(timer);
  if (how.by === 'gaveUp') return { exitCode: undefined };
  const reasons: string[] = [];
  if (how.by === 'endEvent' && how.exitCode === undefined) reasons.push('VS Code ended the command without its exit code, so it stopped reading its output there');
  if (!drained) reasons.push(`VS Code had not delivered all of it ${Math.round((how.by === 'endEvent' ? drainWaitMs : CLOSED_DRAIN_MS) / 1000)} s after the command ended`);
  return { exitCode: how.exitCode, incomplete: reasons.length ? reasons.join('; ') : undefined };
}
