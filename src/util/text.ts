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

/**
 * Untrusted text made safe for a VS Code notification (`show*Message`). VS Code turns
 * `[label](command:id?args)` in notification text into a clickable link that runs any command
 * with any arguments, so text a workspace, a server or another Venice user chose must never keep
 * link syntax. Invisible characters go first (so `]\u200b(` cannot survive as `](` later); then a
 * space separates `]` from `(`, `<` from a scheme (autolinks), and `command:` URIs (a scheme, then no space) lose
 * their colon. Line breaks are kept for modal details; everything else is left as the user would read it.
 */
export function plainNotice(text: string): string {
  return text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => oneLine(line, { stripInvisible: true }))
    .join('\n')
    .replace(/\]\s*\(/g, '] (')
    .replace(/<(?=\s*[a-z][a-z0-9+.-]*:)/gi, '< ')
    .replace(/\b(command|vscode(?:-insiders)?):(?=\S)/gi, '$1\u2024');
}
