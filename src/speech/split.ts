// Splits long text into parts Venice will read (at most 4,096 characters each), on sentence
// boundaries, so the voice never stops mid-sentence when one part hands over to the next. The first
// part is kept short so playback starts quickly; later parts are fetched while earlier ones play.
// No `vscode` import: unit-tested in plain Node.

/** Venice's limit for one `/audio/speech` input (UTF-16 code units, as JavaScript counts). */
export const MAX_SPEECH_CHARS = 4096;
/** The first part's size: about half a minute of speech, so the first audio arrives fast. */
export const FIRST_PART_CHARS = 800;
/** Longest text read in one go (about 25 parts, well over an hour of speech). */
export const MAX_READ_CHARS = 100_000;

export interface SplitOptions {
  max?: number;
  firstMax?: number;
}

// Made on first use, not at load: building it loads ICU's sentence rules (~5 ms, on activation's path).
let segmenter: Intl.Segmenter | null | undefined;
function sentenceSegmenter(): Intl.Segmenter | undefined {
  segmenter ??= typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('en', { granularity: 'sentence' }) : null;
  return segmenter ?? undefined;
}

/** Sentences, each with its trailing spaces. Paragraph breaks also end a sentence. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/(\n\s*\n)/)) {
    if (!para) continue;
    if (/^\n\s*\n$/.test(para)) {
      if (out.length) out[out.length - 1] += '\n\n';
      continue;
    }
    const seg = sentenceSegmenter();
    if (seg) {
      for (const s of seg.segment(para)) out.push(s.segment);
    } else {
      out.push(...(para.match(/[^.!?…。！？]+(?:[.!?…。！？]+["'”’)\]]*\s*|$)/g) ?? [para]));
    }
  }
  return out.filter((s) => s.length > 0);
}

/** Cuts `text` (longer than `max`) at the last clause break, else space, else anywhere safe. */
function cutLong(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let at = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '), window.lastIndexOf(' – '), window.lastIndexOf(' — '));
    if (at < max / 3) at = window.lastIndexOf(' ');
    if (at < max / 3) at = max - 1;
    else at += 1; // keep the punctuation or space with the left part
    // Never cut a surrogate pair in half.
    const code = rest.charCodeAt(at - 1);
    if (code >= 0xd800 && code <= 0xdbff) at -= 1;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * Packs sentences greedily into parts of at most `max` characters (the first at most `firstMax`).
 * Every part is trimmed and non-empty; joined with spaces they hold all the words of `text`.
 */
export function splitForSpeech(text: string, options: SplitOptions = {}): string[] {
  const max = Math.max(16, Math.min(options.max ?? MAX_SPEECH_CHARS, MAX_SPEECH_CHARS));
  const firstMax = Math.max(16, Math.min(options.firstMax ?? FIRST_PART_CHARS, max));
  const parts: string[] = [];
  let current = '';
  const limit = (): number => (parts.length === 0 ? firstMax : max);
  const flush = (): void => {
    const t = current.trim();
    if (t) parts.push(t);
    current = '';
  };
  for (const sentence of sentences(text)) {
    if ((current + sentence).trim().length <= limit()) {
      current += sentence;
      continue;
    }
    flush();
    if (sentence.trim().length <= limit()) {
      current = sentence;
      continue;
    }
    // One sentence longer than a part: cut it at clause breaks or spaces.
    const pieces = cutLong(sentence.trim(), limit());
    for (const piece of pieces) {
      if ((current + piece).trim().length > limit()) flush();
      current += piece;
    }
  }
  flush();
  return parts;
}
