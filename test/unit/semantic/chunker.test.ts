// Chunking for semantic search: line ranges a user can jump to, blank-line boundaries, long lines,
// binary detection.
import * as assert from 'node:assert/strict';
import { chunkText, decodeText, embeddingInput, looksBinary, type ChunkOptions } from '../../../src/semantic/chunker';

const small: ChunkOptions = { targetChars: 60, maxChars: 100, maxLines: 8, overlapLines: 1 };

function lines(n: number, make = (i: number) => `line ${i}`): string {
  return Array.from({ length: n }, (_, i) => make(i + 1)).join('\n');
}

describe('venice-only semantic: chunker', () => {
  it('gives every chunk 1-based inclusive line numbers that match its text', () => {
    const text = lines(50);
    const chunks = chunkText(text, small);
    assert.ok(chunks.length > 3);
    const all = text.split('\n');
    for (const c of chunks) {
      assert.ok(c.startLine >= 1 && c.endLine >= c.startLine && c.endLine <= 50);
      assert.equal(c.text, all.slice(c.startLine - 1, c.endLine).join('\n'));
    }
    assert.equal(chunks[0].startLine, 1);
    assert.equal(chunks[chunks.length - 1].endLine, 50, 'the end of the file is covered');
  });

  it('covers every non-blank line, with a small overlap when no blank line was near', () => {
    const text = lines(40);
    const chunks = chunkText(text, small);
    const covered = new Set<number>();
    for (const c of chunks) for (let l = c.startLine; l <= c.endLine; l++) covered.add(l);
    for (let l = 1; l <= 40; l++) assert.ok(covered.has(l), `line ${l} is in a chunk`);
    assert.ok(chunks.slice(1).some((c, i) => c.startLine <= chunks[i].endLine), 'consecutive chunks overlap');
  });

  it('ends a chunk at a blank line in the second half of its window (functions stay whole)', () => {
    const fn = (name: string) => [`function ${name}() {`, '  return 1;', '}'].join('\n');
    const text = [fn('alpha'), '', fn('beta'), '', fn('gamma'), '', fn('delta')].join('\n');
    const chunks = chunkText(text, { targetChars: 40, maxChars: 200, maxLines: 20, overlapLines: 2 });
    for (const c of chunks) {
      const opens = (c.text.match(/\{/g) ?? []).length;
      const closes = (c.text.match(/\}/g) ?? []).length;
      assert.equal(opens, closes, `chunk ${c.startLine}-${c.endLine} holds whole functions:\n${c.text}`);
      assert.ok(!c.text.startsWith('\n') && c.text.trim() === c.text.trimEnd(), 'no leading blank lines');
    }
  });

  it('splits a minified line longer than maxChars, keeping its line number', () => {
    const text = `short\n${'x'.repeat(450)}\nlast`;
    const chunks = chunkText(text, small);
    for (const c of chunks) assert.ok(c.text.length <= small.maxChars, `chunk of ${c.text.length} chars`);
    assert.ok(chunks.some((c) => c.startLine === 2 && c.endLine === 2));
    assert.equal(chunks[chunks.length - 1].endLine, 3);
  });

  it('skips empty and whitespace-only files, and handles CRLF', () => {
    assert.deepEqual(chunkText(''), []);
    assert.deepEqual(chunkText('\n\n   \n'), []);
    const crlf = chunkText('a\r\nb\r\n');
    assert.deepEqual(crlf, [{ startLine: 1, endLine: 2, text: 'a\nb' }]);
  });

  it('detects binaries by NUL bytes and decodes UTF-8 with a BOM', () => {
    assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1])), true);
    assert.equal(looksBinary(new TextEncoder().encode('plain text')), false);
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), 'hi');
  });

  it('prefixes the embedded text with the path and line range', () => {
    assert.equal(embeddingInput('src/a.ts', { startLine: 3, endLine: 9, text: 'code' }), 'src/a.ts:3-9\ncode');
  });
});
