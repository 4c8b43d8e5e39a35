// venice.generateVideo's argument object and the checks against the model's listed options, made
// before any money is spent.
import * as assert from 'node:assert/strict';
import { modelsFor, parseGenerateVideoArgs, videoArgsProblem } from '../../../src/video/request';
import { MEDIA_MODELS } from '../../fixtures/simulator/mediaJobs';
import type { VeniceModel } from '../../../src/venice/types';

const models = MEDIA_MODELS.filter((m) => m.type === 'video') as unknown as VeniceModel[];
const t2v = models[0];
const i2v = models[1];

describe('video: arguments and model options', () => {
  it('accepts the documented keys (a numeric duration becomes "5s") and refuses anything else', () => {
    assert.deepEqual(parseGenerateVideoArgs({ prompt: ' waves ', duration: 5, aspectRatio: '16:9' }), { prompt: 'waves', model: undefined, duration: '5s', resolution: undefined, aspectRatio: '16:9', image: undefined });
    assert.equal(parseGenerateVideoArgs(undefined), undefined);
    assert.throws(() => parseGenerateVideoArgs({ prompt: 'x', seed: 1 }), /Unknown option for venice.generateVideo: seed/);
    assert.throws(() => parseGenerateVideoArgs({ prompt: '' }), /"prompt" is not valid/);
    assert.throws(() => parseGenerateVideoArgs({ prompt: 'x', duration: '5 minutes' }), /"duration"/);
    assert.throws(() => parseGenerateVideoArgs({ prompt: 'x', model: 'a b' }), /"model"/);
    assert.throws(() => parseGenerateVideoArgs('make a video'), /must be an object/);
  });

  it('says what the model cannot take, before anything is spent', () => {
    assert.equal(videoArgsProblem(t2v, { prompt: 'x', duration: '5s', resolution: '720p', aspectRatio: '16:9', hasImage: false }), undefined);
    assert.match(videoArgsProblem(t2v, { prompt: 'x', duration: '7s', hasImage: false }) ?? '', /5s, 10s, not 7s/);
    assert.match(videoArgsProblem(t2v, { prompt: 'x', resolution: '4k', hasImage: false }) ?? '', /offers 480p, 720p, 1080p/);
    assert.match(videoArgsProblem(i2v, { prompt: 'x', aspectRatio: '16:9', hasImage: true }) ?? '', /takes no aspect ratio/);
    assert.match(videoArgsProblem(i2v, { prompt: 'x', hasImage: false }) ?? '', /animates an image/);
    assert.match(videoArgsProblem(t2v, { prompt: 'x', hasImage: true }) ?? '', /from text only/);
    assert.match(videoArgsProblem(t2v, { prompt: 'x'.repeat(2501), hasImage: false }) ?? '', /at most 2500/);
    assert.equal(videoArgsProblem(undefined, { prompt: 'x', duration: '99s', hasImage: false }), undefined, 'unknown model: Venice checks');
  });

  it('offers image-to-video models for an image and text-to-video ones otherwise', () => {
    assert.deepEqual(modelsFor(models, true).map((m) => m.id), ['wan-2-7-image-to-video']);
    assert.deepEqual(modelsFor(models, false).map((m) => m.id), ['wan-2-7-text-to-video']);
  });
});
