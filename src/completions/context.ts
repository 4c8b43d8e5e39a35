// The text around the cursor that a completion request carries, cut to a token budget: whole lines
// of the prefix nearest the cursor, then whole lines of the suffix. The current line is always kept
// whole on both sides (the model needs it most). No `vscode` import: unit-tested in plain Node.
import { textUnits } from '../llm/tokens';

export interface CursorContext {
  /** Text before the cursor, possibly without its first lines. */
  prefix: string;
  /** Text after the cursor, possibly without its last lines. */
  suffix: string;
  /** Lines were left out at the start of the prefix / the end of the suffix. */
  prefixCut: boolean;
  suffixCut: boolean;
}

export interface ContextBudget {
  prefixTokens: number;
  suffixTokens: number;
}

/** What a request spends on the file itself by default (code models read this much quickly). */
export const DEFAULT_BUDGET: ContextBudget = { prefixTokens: 1_500, suffixTokens: 500 };

/** The last lines of `before` that fit in `tokens` (the line the cursor is on always stays). */
function keepEnd(before: string, tokens: number): { text: string; cut: boolean } {
  let units = 0;
  const limit = tokens * 4;
  let start = before.lastIndexOf('\n') + 1;
  units += textUnits(before.slice(start));
  while (start > 0) {
    const prev = before.lastIndexOf('\n', start - 2) + 1;
    const line = textUnits(before.slice(prev, start));
    if (units + line > limit) return { text: before.slice(start), cut: true };
    units += line;
    start = prev;
  }
  return { text: before, cut: false };
}

/** The first lines of `after` that fit in `tokens` (the rest of the cursor's line always stays). */
function keepStart(after: string, tokens: number): { text: string; cut: boolean } {
  let units = 0;
  const limit = tokens * 4;
  let end = after.indexOf('\n');
  if (end < 0) return { text: after, cut: false };
  units += textUnits(after.slice(0, end));
  while (end < after.length) {
    const next = after.indexOf('\n', end + 1);
    const stop = next < 0 ? after.length : next;
    const line = textUnits(after.slice(end, stop));
    if (units + line > limit) return { text: after.slice(0, end), cut: true };
    units += line;
    end = stop;
  }
  return { text: after, cut: false };
}

/** `before` and `after` the cursor, each cut to its budget at line boundaries. */
export function cutAroundCursor(before: string, after: string, budget: ContextBudget = DEFAULT_BUDGET): CursorContext {
  const p = keepEnd(before, budget.prefixTokens);
  const s = keepStart(after, budget.suffixTokens);
  return { prefix: p.text, suffix: s.text, prefixCut: p.cut, suffixCut: s.cut };
}

/** The text of the cursor's line before and after it. */
export function lineAround(prefix: string, suffix: string): { before: string; after: string } {
  const nl = suffix.indexOf('\n');
  return { before: prefix.slice(prefix.lastIndexOf('\n') + 1), after: nl < 0 ? suffix : suffix.slice(0, nl) };
}

/**
 * Whether to ask for several lines: the cursor's line has nothing after it (or only closing
 * brackets, quotes and punctuation), so the model may continue into new lines.
 */
export function wantsMultiline(prefix: string, suffix: string): boolean {
  const { before, after } = lineAround(prefix, suffix);
  if (!/^[\s)\]}>;,'"`]*$/.test(after)) return false;
  // An empty line, or a line ending in an opener: a block or statement is starting.
  return before.trim() === '' || /[{[(:]\s*$/.test(before) || /=>\s*$/.test(before);
}

/**
 * Whether completing here makes sense at all: not in the middle of a word (the model would have to
 * guess the rest of a word the user is still typing over existing text).
 */
export function worthCompleting(prefix: string, suffix: string): boolean {
  const { after } = lineAround(prefix, suffix);
  return !/^[\p{L}\p{N}_$]/u.test(after);
}
