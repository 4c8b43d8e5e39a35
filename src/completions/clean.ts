// Turns what a chat model answered into the text of the ghost: models asked for "only the missing
// code" still wrap it in fences, repeat the line they were given, echo the code after the hole,
// close brackets the code after the cursor already closes, or stop mid-line. Each rule is one
// function; cleanAnswer() applies them in order. No `vscode` import: the table of real-looking
// answers in test/unit/completions/clean.test.ts is the specification.
import { HOLE, MAX_LINES } from './prompt';

export interface CleanInput {
  /** Text before / after the cursor (as sent, possibly cut). */
  prefix: string;
  suffix: string;
  multiline: boolean;
  /** The model finished on its own (finish reason "stop"); false: it was cut off, the last line may be half. */
  complete: boolean;
}

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/** Reasoning some models print before the answer. */
function withoutThinking(raw: string): string {
  return raw.replace(/^\s*<think>[\s\S]*?(<\/think>\s*|$)/, '');
}

/** The code inside the first Markdown fence when there is one (a missing closing fence is fine). */
export function withoutFences(text: string): string {
  const open = /(^|\n)[ \t]*(`{3,}|~{3,})[^\n`]*\n/.exec(text);
  if (!open) return text.replace(/\n?[ \t]*(`{3,}|~{3,})[ \t]*$/, '');
  const fence = open[2];
  const body = text.slice(open.index + open[0].length);
  const close = new RegExp(`(^|\\n)[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*(\\n|$)`).exec(body);
  return close ? body.slice(0, close.index) : body;
}

/** Marker and wrapper tags of our own prompt that a model may echo. */
function withoutEchoedMarkup(text: string): string {
  return text.split(HOLE).join('').replace(/^\s*<file>\n?/, '').replace(/\n?<\/file>\s*$/, '');
}

/**
 * The part of the answer the user has not typed yet: models often start again with the current
 * line (or the last few lines) before the cursor.
 */
export function withoutRepeatedPrefix(text: string, prefix: string): string {
  const lines = prefix.split('\n');
  const current = lines[lines.length - 1];
  // The last k lines before the cursor and the current line, repeated whole (indentation aside).
  for (let k = Math.min(5, lines.length - 1); k >= 1; k--) {
    const repeated = lines.slice(-k - 1).map((l) => l.trim());
    const given = text.split('\n');
    if (given.length <= k) continue;
    if (repeated.slice(0, k).every((l, i) => l !== '' && given[i].trim() === l) && given[k].trimStart().startsWith(repeated[k])) {
      const rest = given.slice(k).join('\n').trimStart();
      return rest.slice(repeated[k].length);
    }
  }
  const typed = current.trimStart();
  if (typed && text.trimStart().startsWith(typed)) return text.trimStart().slice(typed.length);
  // Only the word being typed, repeated ("retu" → "return x;").
  const word = /[\p{L}\p{N}_$]+$/u.exec(current)?.[0];
  if (word && text.startsWith(word) && word.length < text.length) return text.slice(word.length);
  // At the start of an indented line, the model indents again.
  if (current !== '' && current.trim() === '' && text.startsWith(current)) return text.slice(current.length);
  return text;
}

/**
 * The answer without what the code after the cursor already has: the rest of the cursor's line
 * repeated at the end of the answer, or the first lines after the cursor repeated exactly.
 */
export function withoutRepeatedSuffix(text: string, suffix: string): string {
  const nl = suffix.indexOf('\n');
  const lineAfter = (nl < 0 ? suffix : suffix.slice(0, nl)).trim();
  let out = text;
  if (lineAfter && out.trimEnd().endsWith(lineAfter)) out = out.trimEnd().slice(0, -lineAfter.length);
  const after = suffix.slice(nl < 0 ? suffix.length : nl + 1).split('\n').filter((l) => l.trim() !== '').map((l) => l.trimEnd());
  const given = out.split('\n');
  // The earliest line from which the rest of the answer (blank lines aside) is the suffix's start.
  for (let i = 1; i < given.length; i++) {
    const rest = given.slice(i).filter((l) => l.trim() !== '').map((l) => l.trimEnd());
    if (rest.length && rest.length <= after.length && rest.every((l, j) => l === after[j])) return given.slice(0, i).join('\n');
  }
  return out;
}

/**
 * Cut the answer before a bracket it closes but did not open when the rest of the cursor's line
 * starts with that same bracket (it is closed already). A bracket on a later line of the suffix may
 * close an outer block while the answer's closes an inner one, so only the cursor's line counts.
 * Strings are skipped roughly (quotes on one line).
 */
export function balancedWithSuffix(text: string, suffix: string): string {
  const stack: string[] = [];
  let quote: string | undefined;
  const nl = suffix.indexOf('\n');
  const next = (nl < 0 ? suffix : suffix.slice(0, nl)).trimStart()[0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote || c === '\n') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (OPENERS[c]) stack.push(OPENERS[c]);
    else if (CLOSERS.has(c)) {
      if (stack.length && stack[stack.length - 1] === c) stack.pop();
      else if (!stack.length && c === next) return text.slice(0, i).trimEnd();
    }
  }
  return text;
}

/**
 * One line, or whole lines: the first line alone when one line was asked for; otherwise at most
 * MAX_LINES lines, without a half last line when the model was cut off.
 */
export function wholeLines(text: string, multiline: boolean, complete: boolean): string {
  const lines = text.split('\n');
  if (!multiline) {
    // Asked for one line but got more: the first line, if it is whole (a newline followed it).
    return lines[0];
  }
  let keep = lines;
  if (!complete && lines.length > 1) keep = lines.slice(0, -1);
  if (keep.length > MAX_LINES) keep = keep.slice(0, MAX_LINES);
  return keep.join('\n');
}

/** The text to show as ghost text ('' when there is nothing worth showing). */
export function cleanAnswer(raw: string, input: CleanInput): string {
  let text = raw.replace(/\r\n?/g, '\n');
  text = withoutThinking(text);
  text = withoutFences(text);
  text = withoutEchoedMarkup(text);
  // On an empty line, leading blank lines are the model's formatting, not code for the user.
  if (currentLine(input.prefix).trim() === '') text = text.replace(/^(?:[ \t]*\n)+/, '');
  text = withoutRepeatedPrefix(text, input.prefix);
  text = withoutRepeatedSuffix(text, input.suffix);
  text = balancedWithSuffix(text, input.suffix);
  text = wholeLines(text, input.multiline, input.complete);
  text = text.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  if (!text.trim()) return '';
  // The model only repeated what follows the cursor.
  if (input.suffix.trimStart().startsWith(text.trim())) return '';
  return text;
}

function currentLine(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf('\n') + 1);
}
