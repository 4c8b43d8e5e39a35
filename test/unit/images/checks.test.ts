import * as assert from 'node:assert/strict';
import { checkImageBytes, checkInputImage, imageSize, MAX_EDIT_PIXELS } from '../../../src/images/checks';
import { encodeJpeg, encodePng, encodeWebp } from '../../fixtures/simulator/images';

const te = new TextEncoder();

describe('images/checks: magic bytes and sizes', () => {
  it('accepts real PNG, JPEG and WebP bytes and says which', () => {
    assert.equal(checkImageBytes(encodePng(8, 8, [1, 2, 3])), 'png');
    assert.equal(checkImageBytes(encodeJpeg(16, 16, [1, 2, 3])), 'jpeg');
    assert.equal(checkImageBytes(encodeWebp(8, 8, [1, 2, 3])), 'webp');
  });

  it('refuses what is not a PNG/JPEG/WebP, naming what it looks like', () => {
    assert.throws(() => checkImageBytes(te.encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')), /not a PNG, JPEG or WebP image \(it looks like an SVG drawing\); nothing was saved/);
    assert.throws(() => checkImageBytes(te.encode('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>')), /an HTML page/);
    assert.throws(() => checkImageBytes(te.encode('{"error":"Authentication failed"}')), /JSON text/);
    assert.throws(() => checkImageBytes(te.encode('GIF89a......')), /a GIF/);
    assert.throws(() => checkImageBytes(new Uint8Array([0x4d, 0x5a, 0x90, 0x00])), /a Windows program/);
    assert.throws(() => checkImageBytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2])), /ELF/);
    assert.throws(() => checkImageBytes(new Uint8Array(0)), /empty/);
  });

  it('refuses images over the size cap before looking further', () => {
    const big = new Uint8Array(2 * 1024 * 1024);
    big.set(encodePng(1, 1, [0, 0, 0]));
    assert.throws(() => checkImageBytes(big, 'The image', 1024 * 1024), /2\.0 MB, over the 1 MB limit/);
  });

  it('reads pixel sizes from PNG, JPEG and WebP headers', () => {
    assert.deepEqual(imageSize(encodePng(300, 200, [9, 9, 9])), { width: 300, height: 200 });
    assert.deepEqual(imageSize(encodeJpeg(320, 240, [9, 9, 9])), { width: 320, height: 240 });
    assert.deepEqual(imageSize(encodeWebp(257, 129, [9, 9, 9])), { width: 257, height: 129 });
    assert.equal(imageSize(te.encode('not an image')), undefined);
    assert.equal(imageSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 2])), undefined, 'a truncated JPEG has no size');
  });

  it('says an input is too small to upscale or edit before anything is sent', () => {
    assert.throws(() => checkInputImage(encodePng(100, 100, [1, 1, 1]), 'tiny.png'), /"tiny.png" is 100×100 pixels; Venice needs at least 65,536 pixels/);
    assert.deepEqual(checkInputImage(encodePng(256, 256, [1, 1, 1]), 'ok.png'), { type: 'png', size: { width: 256, height: 256 } });
    assert.throws(() => checkInputImage(te.encode('<html>'), 'fake.png'), /nothing was sent/);
    assert.ok(MAX_EDIT_PIXELS > 256 * 256);
  });
});
