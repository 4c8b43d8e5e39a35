import * as assert from 'node:assert/strict';
import { FIRST_PART_CHARS, MAX_SPEECH_CHARS, sentences, splitForSpeech } from '../../../src/speech/split';

/** Words of a text, to check nothing is lost or duplicated by splitting. */
function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function prose(sentenceCount: number): string {
  return Array.from({ length: sentenceCount }, (_, i) => `Sentence number ${i + 1} tells a short story about a gondola on the canal.`).join(' ');
}

describe('speech/split: parts of at most 4,096 characters, on sentence boundaries', () => {
  it('keeps short text in one part', () => {
    assert.deepEqual(splitForSpeech('Hello there. How are you?'), ['Hello there. How are you?']);
    assert.deepEqual(splitForSpeech('   '), []);
  });

  it('splits long prose into parts ≤ 4096 (the first ≤ 800 so playback starts fast), each ending a sentence', () => {
    const text = prose(300); // about 21,000 characters
    const parts = splitForSpeech(text);
    assert.ok(parts.length >= 6, `${parts.length} parts`);
    assert.ok(parts[0] !== undefined && parts[0].length <= FIRST_PART_CHARS, `first part ${parts[0]?.length}`);
    for (const p of parts) {
      assert.ok(p.length <= MAX_SPEECH_CHARS, `part of ${p.length}`);
      assert.match(p, /\.$/, 'ends at a sentence end');
      assert.match(p, /^Sentence number \d+/, 'starts at a sentence start');
    }
    assert.ok((parts[1]?.length ?? 0) > 3500, 'later parts are filled up');
    assert.deepEqual(words(parts.join(' ')), words(text));
  });

  it('treats paragraph breaks as boundaries and keeps abbreviations-like text intact', () => {
    assert.deepEqual(sentences('One. Two?\n\nThree!'), ['One. ', 'Two?\n\n', 'Three!']);
  });

  it('cuts a single sentence longer than a part at clause breaks or spaces, never mid-word', () => {
    const long = Array.from({ length: 900 }, (_, i) => `word${i}`).join(' '); // ~7,000 characters, no full stop
    const parts = splitForSpeech(long, { firstMax: MAX_SPEECH_CHARS });
    assert.ok(parts.length >= 2);
    for (const p of parts) {
      assert.ok(p.length <= MAX_SPEECH_CHARS);
      assert.match(p, /^word\d+/);
      assert.match(p, /word\d+$/);
    }
    assert.deepEqual(words(parts.join(' ')), words(long));
  });

  it('hard-cuts text without any spaces, but never inside a surrogate pair', () => {
    const emoji = '😀'.repeat(5000); // 10,000 UTF-16 units
    const parts = splitForSpeech(emoji, { firstMax: MAX_SPEECH_CHARS });
    assert.equal(parts.join(''), emoji);
    for (const p of parts) {
      assert.ok(p.length <= MAX_SPEECH_CHARS);
      assert.ok(!/^[\udc00-\udfff]/.test(p) && !/[\ud800-\udbff]$/.test(p), 'no broken pair at the edges');
    }
  });

  it('respects smaller limits given by the caller', () => {
    const parts = splitForSpeech(prose(20), { max: 200, firstMax: 100 });
    assert.ok((parts[0]?.length ?? 0) <= 100);
    for (const p of parts) assert.ok(p.length <= 200);
  });
});
