// A cheap fingerprint of an answer's text (every round's text and thinking), computed the same way
// by the host and the webview: when an answer ends, the host sends its digest and the webview
// compares it with the digest of the text it assembled from deltas. 32-bit FNV-1a over UTF-16 code
// units, with each part's length mixed in so text cannot slide from one round or channel to the next.
// Not a security measure: it only has to notice a delta that went missing or arrived twice.
// No `vscode` import: compiled into both bundles.

export interface DigestedRound {
  readonly text: string;
  readonly reasoning: string;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME) >>> 0;
}

function mixText(hash: number, text: string): number {
  let h = mix(hash, text.length);
  for (let i = 0; i < text.length; i++) h = mix(h, text.charCodeAt(i));
  return h;
}

/** E.g. "2:1a2b3c4d" for a two-round answer. */
export function answerDigest(rounds: readonly DigestedRound[]): string {
  let h = FNV_OFFSET;
  for (const r of rounds) h = mixText(mixText(h, r.text), r.reasoning);
  return `${rounds.length}:${h.toString(16).padStart(8, '0')}`;
}
