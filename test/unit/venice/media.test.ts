import * as assert from 'node:assert/strict';
import { sniffAudioType, sniffImageType } from '../../../src/venice/media';
import { encodeMp3, encodeWav } from '../../fixtures/simulator/audio';
import { encodeJpeg, encodePng, encodeWebp } from '../../fixtures/simulator/images';

describe('venice/media sniffing', () => {
  it('recognises PNG, JPEG, WebP and GIF by their magic bytes', () => {
    assert.equal(sniffImageType(encodePng(2, 2, [1, 2, 3])), 'png');
    assert.equal(sniffImageType(encodeJpeg(2, 2, [1, 2, 3])), 'jpeg');
    assert.equal(sniffImageType(encodeWebp(2, 2, [1, 2, 3])), 'webp');
    assert.equal(sniffImageType(new TextEncoder().encode('GIF89a......')), 'gif');
  });

  it('says undefined for HTML, JSON, empty and truncated data', () => {
    for (const text of ['<html><body>error</body></html>', '{"error":"x"}', '', 'RIFF....WAVE']) {
      assert.equal(sniffImageType(new TextEncoder().encode(text)), undefined, text);
    }
    assert.equal(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e])), undefined);
  });

  it('recognises WAV and MP3 audio, not images or text', () => {
    assert.equal(sniffAudioType(encodeWav(0.1)), 'wav');
    assert.equal(sniffAudioType(encodeMp3(0.1)), 'mp3');
    assert.equal(sniffAudioType(new TextEncoder().encode('ID3\u0004rest')), 'mp3');
    assert.equal(sniffAudioType(encodePng(1, 1, [0, 0, 0])), undefined);
    assert.equal(sniffAudioType(new TextEncoder().encode('{"error":"no"}')), undefined);
  });
});
