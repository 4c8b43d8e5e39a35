import * as assert from 'node:assert/strict';
import { editedName, generatedImageName, imageExtension, numberedName, slugify, splitName, timeStamp, upscaledName } from '../../../src/images/naming';

describe('images/naming: file names we make ourselves', () => {
  it('slugs prompts into short, safe names', () => {
    assert.equal(slugify('A gondola at blue hour!'), 'a-gondola-at-blue-hour');
    assert.equal(slugify('Café “Crème” — déjà vu'), 'cafe-creme-deja-vu');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('x.png.exe'), 'x-png-exe');
    assert.equal(slugify('你好'), 'image', 'nothing ASCII left: a neutral name');
    assert.equal(slugify('   '), 'image');
    assert.equal(slugify('.hidden'), 'hidden', 'never a dot file');
  });

  it('cuts long prompts at a word boundary', () => {
    const slug = slugify('a very long prompt about a gondola on a canal at blue hour with cinematic light and fog');
    assert.ok(slug.length <= 48, slug);
    assert.equal(slug, 'a-very-long-prompt-about-a-gondola-on-a-canal-at');
    assert.equal(slugify('x'.repeat(100)).length, 48);
  });

  it('stamps local time so names sort by time', () => {
    assert.equal(timeStamp(new Date(2026, 10, 25, 14, 2, 3)), '20261125-140203');
  });

  it('names generated images, numbering variants', () => {
    assert.equal(generatedImageName('cat', '20261125-140203', 'webp'), 'cat-20261125-140203.webp');
    assert.equal(generatedImageName('cat', '20261125-140203', 'png', 1, 3), 'cat-20261125-140203-2.png');
    assert.equal(imageExtension('jpeg'), 'jpg');
  });

  it('names upscaled and edited copies beside the original, with the result\'s real extension', () => {
    assert.equal(upscaledName('cat.png', 2, 'png'), 'cat-upscaled-2x.png');
    assert.equal(upscaledName('photo.final.jpg', 4, 'png'), 'photo.final-upscaled-4x.png');
    assert.equal(editedName('cat.webp', '20261125-140203', 'png'), 'cat-edited-20261125-140203.png');
  });

  it('numbers a taken name instead of overwriting it', () => {
    assert.equal(numberedName('cat-upscaled-2x.png', 0), 'cat-upscaled-2x.png');
    assert.equal(numberedName('cat-upscaled-2x.png', 1), 'cat-upscaled-2x-1.png');
    assert.equal(numberedName('README', 2), 'README-2');
    assert.deepEqual(splitName('.env'), { stem: '.env', ext: '' });
  });
});
