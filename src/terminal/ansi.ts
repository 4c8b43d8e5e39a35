// Terminal output as plain text: what shell integration reads from a terminal carries colour codes,
// cursor moves and title sequences that mean nothing to the model and clutter the card. No `vscode` import.

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), other two-byte ESC sequences, and stray controls but \n and \t.
// eslint-disable-next-line no-control-regex
const SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** Anything the replacements below would change: text without it is already plain (the common case of a flood). */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\u0000-\u0008\u000b-\u001f\u007f\u009b]/;
/** The start of a sequence that a later chunk may complete: ESC, a CSI without its final byte, an OSC without its end. */
// eslint-disable-next-line no-control-regex
const OPEN_SEQUENCE = /(?:\u001b(?:\[[0-?]*[ -/]*|\][^\u0007\u001b]*\u001b?)?|\u009b[0-?]*[ -/]*)$/;
/** A sequence held back longer than this is not one: it goes out as text (its ESC removed). */
export const MAX_HELD = 4_096;

/** Removes escape sequences; "\r\n" becomes "\n" and a lone "\r" (progress bars) starts a new line. */
export function plainTerminalText(raw: string): string {
  if (!NOT_PLAIN.test(raw)) return raw;
  return raw.replace(SEQUENCES, '').replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(CONTROLS, '');
}

/**
 * plainTerminalText for text that arrives in pieces cut anywhere: an escape sequence or a "\r\n"
 * split between two pieces is held back until the next one, so it is neither shown half nor doubled.
 */
export class TerminalTextStream {
  private held = '';

  /** The plain text of `raw` (after what was held), minus a possibly unfinished sequence at its end. */
  push(raw: string): string {
    let text = this.held ? this.held + raw : raw;
    this.held = '';
    if (!NOT_PLAIN.test(text)) return text;
    const open = OPEN_SEQUENCE.exec(text.length > MAX_HELD ? text.slice(-MAX_HELD) : text);
    let keep = open && open[0].length < MAX_HELD ? open[0].length : 0;
    // A "\r" at the end may be the first half of "\r\n".
    if (!keep && text.endsWith('\r')) keep = 1;
    if (keep) {
      this.held = text.slice(text.length - keep);
      text = text.slice(0, text.length - keep);
    }
    return plainTerminalText(text);
  }

  /** Forgets what was held back (the text before it is being skipped) and says how long it was. */
  drop(): number {
    const n = this.held.length;
    this.held = '';
    return n;
  }

  /** What was held back, as text, once no more comes. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return plainTerminalText(rest);
  }
}
