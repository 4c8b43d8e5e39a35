// Terminal output as plain text: what shell integration reads from a terminal carries colour codes,
// cursor moves and title sequences that mean nothing to the model and clutter the card. No `vscode` import.

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), other two-byte ESC sequences, and stray controls but \n and \t.
// eslint-disable-next-line no-control-regex
const SEQUENCES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Removes escape sequences; "\r\n" becomes "\n" and a lone "\r" (progress bars) starts a new line. */
export function plainTerminalText(raw: string): string {
  return raw.replace(SEQUENCES, '').replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(CONTROLS, '');
}
