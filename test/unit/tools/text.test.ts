// Helpers behind edit_file's "exactly once" rule, the approval diff and generated file names.
import * as assert from 'node:assert/strict';
import { clip, lineAt, lineCount, occurrences, toEol, unifiedDiff } from '../../../src/tools/text';

describe('tools: text helpers', () => {
  it('finds every occurrence, including overlapping ones (so "aa" in "aaa" is ambiguous)', () => {
    assert.deepEqual(occurrences('aaa', 'aa'), [0, 1]);
    assert.deepEqual(occurrences('one two one', 'one'), [0, 8]);
    assert.deepEqual(occurrences('abc', 'x'), []);
    assert.deepEqual(occurrences('abc', ''), []);
  });

  it('counts lines and finds the line of an offset', () => {
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a'), 1);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\nb'), 2);
    assert.equal(lineAt('a\nb\nc', 4), 3);
    assert.equal(lineAt('a\nb\nc', 0), 1);
  });

  it('converts model text to a CRLF document without doubling existing CRLF', () => {
    assert.equal(toEol('a\nb\r\nc', '\r\n'), 'a\r\nb\r\nc');
    assert.equal(toEol('a\nb', '\n'), 'a\nb');
  });

  it('makes a unified diff of the change', () => {
    const d = unifiedDiff('src/a.ts', 'one\ntwo\nthree\n', 'one\n2\nthree\n');
    assert.match(d, /^--- a\/src\/a\.ts\n\+\+\+ b\/src\/a\.ts\n@@ -1,3 \+1,3 @@\n one\n-two\n\+2\n three\n$/);
    assert.match(unifiedDiff('new.ts', '', 'x\n', { isNew: true }), /^--- \/dev\/null\n\+\+\+ b\/new\.ts\n@@ -0,0 \+1(,1)? @@\n\+x/);
  });

  it('caps a huge diff and says so', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `line ${i}`).join('\n');
    const d = unifiedDiff('big.txt', '', big, { isNew: true, maxChars: 1000 });
    assert.ok(d.length < 1200);
    assert.match(d, /more characters; use Review/);
    assert.equal(clip('short', 10), 'short');
  });
});

describe('tools: text helpers (large changes)', () => {
  it('gives up on diffing two very different large texts quickly and says to use Review', () => {
    const a = Array.from({ length: 30_000 }, (_, i) => `a ${i}`).join('\n');
    const b = Array.from({ length: 30_000 }, (_, i) => `b ${i}`).join('\n');
    const started = Date.now();
    const d = unifiedDiff('x.txt', a, b);
    assert.ok(Date.now() - started < 3000, "the diff gives up within about a second");
    assert.match(d, /too large to show as a diff: 30000 lines before, 30000 lines after; use Review/);
  });
});
