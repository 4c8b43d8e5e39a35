// One sanitizer for untrusted text shown on one line (API error messages, model and character names,
// Markdown tooltips, picker labels). Servers and other Venice users choose that text, so line breaks
// must not break a layout and hidden characters must not disguise it (a bidi override can make
// "gpt\u202Etxt.exe" read as something else). No `vscode` import: used by the client and features alike.

/** Line breaks and tabs: always become a space, so the words on both sides stay apart. */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** The other C0 controls, DEL and the other C1 controls (NUL, BEL, ESC…). */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
/** Bidi marks, embeddings, overrides and isolates, zero-width characters, BOM and Unicode tag characters. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

export interface OneLineOptions {
  /** What a control character that is not a line break becomes: a space (default), or nothing (so it cannot split a word). */
  controls?: 'space' | 'remove';
  /** Also remove bidi controls, zero-width characters, the BOM and Unicode tag characters. */
  stripInvisible?: boolean;
  /** Longest result, in UTF-16 units; longer text is cut and ends with "…" (counted in the limit). */
  maxLength?: number;
}

/** Untrusted text as one plain line: no line breaks or controls, runs of spaces collapsed, trimmed, optionally capped. */
export function oneLine(text: string, options: OneLineOptions = {}): string {
  let clean = text.replace(LINE_BREAKS, ' ').replace(CONTROLS, options.controls === 'remove' ? '' : ' ');
  if (options.stripInvisible) clean = clean.replace(INVISIBLE, '');
  clean = clean.replace(/\s+/g, ' ').trim();
  return options.maxLength === undefined ? clean : truncate(clean, options.maxLength);
}

/** Text cut to `max` UTF-16 units, ending with "…" when it was cut (for text that is already one line). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
