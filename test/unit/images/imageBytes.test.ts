// T8: only real raster images are written by generate_image, under a name that matches the bytes
// (the sniffing lives in venice/media, the names in images/naming).
import * as assert from 'node:assert/strict';
import { formatFromPath, withImageExtension } from '../../../src/images/naming';
import { sniffImageType } from '../../../src/venice/media';

const bytes = (...parts: Array<number[] | string>): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('tools: generated image bytes (T8)', () => {
  it('recognises PNG, JPEG, WebP and GIF by their magic bytes', () => {
    assert.equal(sniffImageType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0])), 'png');
    assert.equal(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
    assert.equal(sniffImageType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')), 'webp');
    assert.equal(sniffImageType(bytes('GIF89a', [0, 0])), 'gif');
  });

  it('refuses SVG (script), HTML error pages, JSON, ELF and PE executables, and empty data', () => {
    for (const b of [
      bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      bytes('<?xml version="1.0"?><svg/>'),
      bytes('<!doctype html><title>502</title>'),
      bytes('{"error":"overloaded"}'),
      bytes([0x7f], 'ELF', [2, 1, 1]),
      bytes('MZ', [0x90, 0]),
      bytes('RIFF', [0, 0, 0, 0], 'WAVE'),
      new Uint8Array(0),
    ]) {
      assert.equal(sniffImageType(b), undefined, new TextDecoder().decode(b).slice(0, 20));
    }
  });

  it('takes the requested format from an image file name only', () => {
    assert.equal(formatFromPath('a/b.PNG'), 'png');
    assert.equal(formatFromPath('x.jpeg'), 'jpeg');
    assert.equal(formatFromPath('x.jpg'), 'jpeg');
    assert.equal(formatFromPath('x.webp'), 'webp');
    assert.equal(formatFromPath('x.png.exe'), undefined);
    assert.equal(formatFromPath('x.svg'), undefined);
    assert.equal(formatFromPath('png'), undefined);
  });

  it('renames to the extension of the real bytes', () => {
    assert.equal(withImageExtension('images/cat-1.webp', 'png'), 'images/cat-1.png');
    assert.equal(withImageExtension('images/cat.jpeg', 'jpeg'), 'images/cat.jpg');
  });
});
