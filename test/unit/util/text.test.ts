import * as assert from 'node:assert/strict';
import { oneLine, truncate } from '../../../src/util/text';

describe('oneLine (the one sanitizer for untrusted one-line text)', () => {
  it('turns line breaks, tabs and Unicode line/paragraph separators into single spaces and trims', () => {
    assert.equal(oneLine('  two\r\nlines\tand\u2028more\u2029text\u0085end  '), 'two lines and more text end');
  });

  it('turns C0 and C1 controls and DEL into spaces by default, so words stay apart', () => {
    assert.equal(oneLine('a\u0000b\u0007c\u001bd\u007fe\u0080f\u009fg'), 'a b c d e f g');
  });

  it("removes controls without a trace with controls: 'remove'", () => {
    assert.equal(oneLine('a\u0000b\u0007c\u009fd', { controls: 'remove' }), 'abcd');
    assert.equal(oneLine('line\nbreak', { controls: 'remove' }), 'line break', 'a line break still separates words');
  });

  it('keeps bidi and zero-width characters unless asked to strip invisible characters', () => {
    const hostile = 'gpt\u202Etxt.exe\u200B\u2066x\u2069\uFEFF\u061C';
    assert.equal(oneLine(hostile), 'gpt\u202Etxt.exe\u200B\u2066x\u2069 \u061C', 'only the BOM, which counts as a space, changes');
    assert.equal(oneLine(hostile, { stripInvisible: true }), 'gpttxt.exex');
    assert.equal(oneLine('tag\udb40\udc41\udb40\udc7fged', { stripInvisible: true }), 'tagged', 'Unicode tag characters go too');
  });

  it('caps the length with an ellipsis that counts in the limit, without a space before it', () => {
    assert.equal(oneLine('abcdef', { maxLength: 6 }), 'abcdef');
    assert.equal(oneLine('abcdefg', { maxLength: 6 }), 'abcde…');
    assert.equal(oneLine('abcd  efgh', { maxLength: 6 }), 'abcd…');
    assert.equal(oneLine('x'.repeat(500), { maxLength: 80 }).length, 80);
  });

  it('caps after cleaning, so removed characters do not use up the limit', () => {
    assert.equal(oneLine('\u0000\u0000\u0000abc', { controls: 'remove', maxLength: 3 }), 'abc');
  });

  it('keeps ordinary text, including non-Latin letters and emoji, as it is', () => {
    assert.equal(oneLine('Grüße, 世界 👋'), 'Grüße, 世界 👋');
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text to exactly the limit', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('0123456789abc', 10), '012345678…');
    assert.equal(truncate('anything', 1), '…');
  });
});
