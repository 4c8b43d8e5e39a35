// Splits a text file into chunks for embedding: windows of whole lines, ending at a blank line when
// one is near the end of the window, with a little overlap otherwise so a definition cut in two is
// still found. Very long lines (minified code) are split so no chunk grows past `maxChars`.
// No `vscode` import: unit-tested in plain Node.

export interface ChunkOptions {
  /** A chunk stops growing once it has this many characters. */
  targetChars: number;
  /** Hard cap on a chunk's characters. */
  maxChars: number;
  /** Hard cap on a chunk's lines. */
  maxLines: number;
  /** Lines repeated at the start of the next chunk when a chunk could not end at a blank line. */
  overlapLines: number;
}

/** About 300 tokens per chunk: small enough to point at a function, large enough to hold one. */
export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { targetChars: 1200, maxChars: 2000, maxLines: 60, overlapLines: 3 };

/** Files above this size are not indexed (generated code, data, bundles). */
export const MAX_INDEXED_FILE_BYTES = 1024 * 1024;

export interface TextChunk {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  text: string;
}

interface Segment {
  line: number;
  text: string;
}

/** Binary files have NUL bytes; text files (UTF-8, Latin-1) do not. UTF-16 text is skipped too. */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

export function decodeText(bytes: Uint8Array): string {
  // A BOM is not content; invalid UTF-8 becomes U+FFFD rather than failing the file.
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

/** Rough token count (about 4 characters per token for code and English). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function segmentsOf(text: string, maxChars: number): Segment[] {
  const lines = text.split(/\r\n|\r|\n/);
  // A final newline does not start another (empty) line.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const out: Segment[] = [];
  lines.forEach((t, i) => {
    if (t.length <= maxChars) out.push({ line: i + 1, text: t });
    else for (let at = 0; at < t.length; at += maxChars) out.push({ line: i + 1, text: t.slice(at, at + maxChars) });
  });
  return out;
}

const isBlank = (s: Segment | undefined): boolean => s !== undefined && s.text.trim() === '';

export function chunkText(text: string, opts: ChunkOptions = DEFAULT_CHUNK_OPTIONS): TextChunk[] {
  const segs = segmentsOf(text, opts.maxChars);
  const n = segs.length;
  const chunks: TextChunk[] = [];
  let start = 0;
  while (start < n) {
    while (start < n && isBlank(segs[start])) start++;
    if (start >= n) break;
    let end = start;
    let chars = 0;
    while (end < n) {
      const len = segs[end].text.length + 1;
      if (end > start && (chars + len > opts.maxChars || end - start >= opts.maxLines)) break;
      chars += len;
      end++;
      if (chars >= opts.targetChars) break;
    }
    // Prefer to end at a blank line in the second half of the window: chunks then follow paragraphs and functions.
    let atBlank = false;
    if (end < n) {
      for (let k = end - 1; k > start + (end - start) / 2; k--) {
        if (isBlank(segs[k])) {
          end = k;
          atBlank = true;
          break;
        }
      }
    }
    const body = segs.slice(start, end);
    const textOut = body.map((s) => s.text).join('\n').trimEnd();
    if (textOut.trim()) chunks.push({ startLine: body[0].line, endLine: body[body.length - 1].line, text: textOut });
    if (end >= n) break;
    start = atBlank ? end : Math.max(start + 1, end - opts.overlapLines);
  }
  return chunks;
}

/** What is sent to the embeddings endpoint for one chunk: the path helps queries that name a file or area. */
export function embeddingInput(path: string, chunk: TextChunk): string {
  return `${path}:${chunk.startLine}-${chunk.endLine}\n${chunk.text}`;
}
