// Reading one shell-integration command's output (VS Code's `execution.read()`) to its end, without
// long tasks and without losing its end. No `vscode` import: terminalRunner.ts hands in the stream and
// the events, so the timing rules here are unit-tested.
//
// What VS Code does (1.139): the workbench sends a terminal's data to the extension host only after
// 50 ms without new data, so a flood arrives as a few pieces of many megabytes; it ends the stream
// when the shell reports the command's end, and fires the end event right after, however much of
// the stream the reader has still to take. Only the tail of the output is kept (OutputTail), so of a
// piece longer than that only its last part is made plain, at once, and the rest is counted as cut:
// no many-MB piece is walked over many turns of the event loop (which kept it and every slice of it
// alive into the old generation, for long major GCs) and no escape sequences are removed from text
// that is dropped anyway. Many small pieces get turns of the event loop between them once a time
// budget is used. After the end event the reader is awaited until it has taken everything (not a
// fixed short wait, which cut off the end).
import { MAX_HELD, TerminalTextStream } from './ansi';
import type { OutputTail } from './outputTail';

/** A slice of a piece made plain in one go (fast: about a millisecond when it is plain already). */
const SLICE_CHARS = 64 * 1024;
/** Work between two turns of the event loop: far below a 50 ms long task. */
const BUDGET_MS = 8;
/** Room before the kept part of a big piece, so a cut inside an escape sequence stays out of the tail. */
const CUT_MARGIN = MAX_HELD;
/** The largest last part of a piece tried at once; output made mostly of escape sequences beyond that is read whole, in slices. */
const MAX_WINDOW = 1 << 20;
/** After the end event, how long the rest of the stream may take before the result says it may be incomplete. */
export const DRAIN_WAIT_MS = 20_000;
/** After a kill or a closed terminal, the stream gets this long. */
const CLOSED_DRAIN_MS = 1_000;

/** Where the reader's plain text goes: a tail of at most `maxChars`, told how much was never made plain. */
export type OutputSink = Pick<OutputTail, 'maxChars' | 'append' | 'skip'>;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Where the last `want` characters (and a margin) of `piece` start: just after a line break near
 * there when there is one (escape sequences hold none, so the cut is clean), else at the margin's
 * start. 0 when the piece is not much longer than that.
 */
export function keptStart(piece: string, want: number): { start: number; clean: boolean } {
  const from = piece.length - want - CUT_MARGIN;
  if (from <= 0) return { start: 0, clean: true };
  const nl = piece.indexOf('\n', from);
  return nl >= 0 && nl < from + CUT_MARGIN ? { start: nl + 1, clean: true } : { start: from, clean: false };
}

/**
 * The plain text of the last part of `piece` that reaches a tail of `maxChars`, with a fresh text
 * stream that read it and how many raw characters before it are skipped. Undefined when the piece
 * is short enough to read whole (or is nearly all escape sequences).
 */
export function plainTail(piece: string, maxChars: number): { skipped: number; text: string; stream: TerminalTextStream } | undefined {
  for (let want = maxChars + CUT_MARGIN; want <= MAX_WINDOW; want *= 4) {
    const { start, clean } = keptStart(piece, want);
    if (start === 0) return undefined;
    const stream = new TerminalTextStream();
    const text = stream.push(piece.slice(start));
    // Cut inside a sequence, its rest may show as text at the start: it must lie in what the tail drops.
    if (text.length >= maxChars + (clean ? 0 : CUT_MARGIN)) return { skipped: start, text, stream };
  }
  return undefined;
}

/**
 * Appends the stream's text, made plain, to `sink`; `onOutput` after each piece (and between slices
 * of a big one read whole). Stops early when `keepGoing` says so. Resolves when the stream has ended.
 */
export async function readTerminalOutput(stream: AsyncIterable<string>, sink: OutputSink, onOutput: () => void = () => undefined, keepGoing: () => boolean = () => true): Promise<void> {
  let plain = new TerminalTextStream();
  let since = Date.now();
  /** A turn of the event loop once the budget is used; false when the reader should stop. */
  const breathe = async (): Promise<boolean> => {
    if (Date.now() - since < BUDGET_MS) return true;
    onOutput();
    await turn();
    since = Date.now();
    return keepGoing();
  };
  for await (const piece of stream) {
    if (!keepGoing()) return;
    const tail = plainTail(piece, sink.maxChars);
    if (tail) {
      // What was held back from the last piece is older than the skipped head: skipped with it.
      sink.skip(tail.skipped + plain.drop());
      sink.append(tail.text);
      plain = tail.stream;
    } else {
      for (let at = 0; at < piece.length; at += SLICE_CHARS) {
        sink.append(plain.push(piece.length <= SLICE_CHARS ? piece : piece.slice(at, at + SLICE_CHARS)));
        if (at + SLICE_CHARS < piece.length && !(await breathe())) return;
      }
    }
    onOutput();
    if (!(await breathe())) return;
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
