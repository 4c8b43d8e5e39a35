// Issue 16: what the Venice Assets view reads from a file name and its sidecar. Sidecars are files in
// the workspace (untrusted): only known fields of the right type count, text stays one line.
import * as assert from 'node:assert/strict';
import { combinedName, noBackgroundName } from '../../../src/images/naming';
import { assetNameOfSidecar, describeAsset, formatSize, kindOf, markdownLink, parseSidecar } from '../../../src/gallery/sidecar';

describe('gallery: asset kinds and sidecars', () => {
  it('knows an asset by its extension, and a sidecar by "<asset>.json"', () => {
    assert.equal(kindOf('a/cat.PNG'), 'image');
    assert.equal(kindOf('clip.mp4'), 'video');
    assert.equal(kindOf('song.mp3'), 'audio');
    assert.equal(kindOf('talk.srt'), 'transcript');
    assert.equal(kindOf('notes.md'), undefined);
    assert.equal(assetNameOfSidecar('cat.png.json'), 'cat.png');
    assert.equal(assetNameOfSidecar('talk.json.json'), 'talk.json');
    assert.equal(assetNameOfSidecar('package.json'), undefined);
    assert.equal(assetNameOfSidecar('tsconfig.base.json'), undefined);
  });

  it('reads the image sidecar the image feature writes, and the settings a variation repeats', () => {
    const meta = parseSidecar(
      JSON.stringify({ prompt: 'A gondola', negativePrompt: 'people', model: 'z-image-turbo', style: 'Anime', seed: 42, width: 1024, height: 768, format: 'png', createdAt: '2026-11-25T14:22:33.000Z', image: 'x.png' }),
      'image',
    );
    assert.deepEqual(meta, {
      prompt: 'A gondola',
      model: 'z-image-turbo',
      createdAt: '2026-11-25T14:22:33.000Z',
      operation: undefined,
      settings: { negativePrompt: 'people', style: 'Anime', width: 1024, height: 768, format: 'png' },
    });
    assert.equal('seed' in (meta?.settings ?? {}), false, 'a variation gets a new seed');
  });

  it('keeps only the video and music arguments their commands take', () => {
    assert.deepEqual(parseSidecar('{"prompt":"waves","model":"wan","duration":"5s","resolution":"720p","aspectRatio":"16:9","evil":"x"}', 'video')?.settings, { duration: '5s', resolution: '720p', aspectRatio: '16:9' });
    assert.deepEqual(parseSidecar('{"prompt":"lofi","durationSeconds":30,"width":5}', 'audio')?.settings, { durationSeconds: 30 });
  });

  it('treats sidecar text as untrusted: wrong types dropped, text on one line without control or bidi characters, bad dates ignored', () => {
    const meta = parseSidecar(JSON.stringify({ prompt: 'line one\nline two\u202e\u0007', model: 42, createdAt: 'yesterday', width: '1024; rm -rf /'.repeat(30) }), 'image');
    assert.equal(meta?.prompt, 'line one line two');
    assert.equal(meta?.model, undefined);
    assert.equal(meta?.createdAt, undefined);
    assert.deepEqual(meta?.settings, {});
    assert.equal(parseSidecar('not json', 'image'), undefined);
    assert.equal(parseSidecar('[1,2]', 'image'), undefined);
  });

  it('describes an asset by prompt, model, size and date; links images as embeds, the rest as links', () => {
    const date = new Date('2026-11-25T10:00:00Z');
    assert.equal(describeAsset({ prompt: 'A gondola', model: 'z-image-turbo', settings: {} }, 2048, date), 'A gondola · z-image-turbo · 2 KB · 2026-11-25');
    assert.equal(describeAsset({ operation: 'remove-background', settings: {} }, 10, date), 'remove-background · 10 B · 2026-11-25');
    assert.equal(describeAsset(undefined, 3 * 1024 * 1024, date), '3.0 MB · 2026-11-25');
    assert.equal(formatSize(1536), '2 KB');
    assert.equal(markdownLink('images/generated/my cat [1].png', 'image'), '![my cat 1.png](images/generated/my%20cat%20%5B1%5D.png)');
    assert.equal(markdownLink('media/talk.srt', 'transcript'), '[talk.srt](media/talk.srt)');
  });
});

describe('images: asset studio names', () => {
  it('names the cut-out and the combination beside their source', () => {
    assert.equal(noBackgroundName('cat.jpg'), 'cat-nobg.png');
    assert.equal(noBackgroundName('photo.final.webp'), 'photo.final-nobg.png');
    assert.equal(combinedName('base.png', '20261125-142233', 'png'), 'base-combined-20261125-142233.png');
  });
});
