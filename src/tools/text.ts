// Small text helpers the tools share: counting, exact-occurrence search, capping output, diffs.
// No `vscode` import.
import { createTwoFilesPatch } from 'diff';

export function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Offsets of every exact occurrence of `needle` (non-overlapping is not enough: "aa" in "aaa" is ambiguous). */
export function occurrences(haystack: string, needle: string, max = 1000): number[] {
  const found: number[] = [];
  if (!needle) return found;
  let from = 0;
  while (found.length < max) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) break;
    found.push(at);
    from = at + 1;
  }
  return found;
}

/** 1-based line number of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Rewrites lone "\n" as "\r\n" so model text (always LF) matches and fits a CRLF document. */
export function toEol(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** Cuts text for display in an approval card or a summary, saying how much was left out. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n… (${text.length - maxChars} more characters; use Review to see everything)`;
}

/** A unified diff for the approval card; a note instead when it would be too large to be useful. */
export function unifiedDiff(label: string, before: string, after: string, opts: { isNew?: boolean; maxChars?: number } = {}): string {
  const maxChars = opts.maxChars ?? 60_000;
  if (before === '' && after !== '') {
    // A new (or empty) file: every line is an addition; no diff search needed, however large.
    const lines = after.replace(/\r?\n$/, '').split(/\r?\n/);
    const head = `--- ${opts.isNew ? '/dev/null' : `a/${label}`}\n+++ b/${label}\n@@ -0,0 +1,${lines.length} @@\n`;
    return clip(head + lines.map((l) => `+${l}`).join('\n') + '\n', maxChars);
  }
  let patch: string | undefined;
  try {
    patch = createTwoFilesPatch(opts.isNew ? '/dev/null' : `a/${label}`, `b/${label}`, before, after, undefined, undefined, {
      context: 3,
      // Bounds the work on the extension host's thread (Myers is quadratic in the edit length);
      // undefined means "gave up".
      maxEditLength: 2_000,
      timeout: 1_000,
    });
  } catch {
    patch = undefined;
  }
  if (patch === undefined) {
    return `--- a/${label}\n+++ b/${label}\n(the change is too large to show as a diff: ${plural(lineCount(before), 'line')} before, ${plural(lineCount(after), 'line')} after; use Review)`;
  }
  // jsdiff starts with a "====" rule (and "Index:" in some versions); the ---/+++ lines are enough.
  const body = patch.replace(/^(Index:[^\n]*\n)?=+\n/, '');
  return clip(body, maxChars);
}
