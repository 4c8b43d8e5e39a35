import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { MediaInputError } from '../../../src/images/errors';
import { buildGenerateImageRequest, imageConstraints, parseGenerateImageArgs, sizesFor, type ImageJob } from '../../../src/images/request';
import type { VeniceModel } from '../../../src/venice/types';

/** Property names of a request schema in Venice's own OpenAPI file (the strict contract). */
function schemaProperties(name: string): string[] {
  const spec = parse(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'simulator', 'venice-swagger.yaml'), 'utf8')) as {
    components: { schemas: Record<string, { properties: Record<string, unknown>; additionalProperties?: boolean }> };
  };
  const schema = spec.components.schemas[name];
  assert.ok(schema, `${name} in swagger.yaml`);
  assert.equal(schema.additionalProperties, false, `${name} is strict`);
  return Object.keys(schema.properties);
}

const JOB: ImageJob = { prompt: 'A gondola at blue hour', model: 'z-image-turbo', format: 'webp', safeMode: true };

describe('images/request: the /image/generate body', () => {
  it('builds exactly the documented fields, in contract names, for a full job', () => {
    const req = buildGenerateImageRequest({ ...JOB, style: 'Cinematic', width: 1024, height: 768, variants: 2, negativePrompt: 'people', seed: 42 });
    assert.deepEqual(req, {
      model: 'z-image-turbo',
      prompt: 'A gondola at blue hour',
      negative_prompt: 'people',
      width: 1024,
      height: 768,
      variants: 2,
      style_preset: 'Cinematic',
      format: 'webp',
      safe_mode: true,
      seed: 42,
    });
    const allowed = schemaProperties('GenerateImageRequest');
    for (const key of Object.keys(req)) assert.ok(allowed.includes(key), `${key} is a GenerateImageRequest field`);
  });

  it('sends only what was given: no nulls, no empty style, no size', () => {
    const req = buildGenerateImageRequest({ ...JOB, style: '  ', negativePrompt: '' });
    assert.deepEqual(req, { model: 'z-image-turbo', prompt: 'A gondola at blue hour', format: 'webp', safe_mode: true });
  });

  it('sends aspect_ratio for aspect-ratio models, and checks it against the model', () => {
    const c = imageConstraints({ id: 'nano-banana-2', type: 'image', model_spec: { constraints: { aspectRatios: ['1:1', '16:9'], defaultAspectRatio: '1:1', promptCharacterLimit: 1500, widthHeightDivisor: 1 } } } as VeniceModel);
    assert.deepEqual(buildGenerateImageRequest({ ...JOB, aspectRatio: '16:9' }, c).aspect_ratio, '16:9');
    assert.throws(() => buildGenerateImageRequest({ ...JOB, aspectRatio: '4:3' }, c), /does not offer the aspect ratio 4:3.*1:1, 16:9/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, width: 1024, height: 1024 }, c), /takes an aspect ratio/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, aspectRatio: 'wide' }), /not an aspect ratio/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, aspectRatio: '1:1', width: 512, height: 512 }), /either an aspect ratio or a width/);
  });

  it('checks sizes against the contract (≤ 1280) and the model divisor', () => {
    const c = imageConstraints({ id: 'm', type: 'image', model_spec: { constraints: { widthHeightDivisor: 16, promptCharacterLimit: 7500, steps: { default: 8 } } } } as VeniceModel);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, width: 1000, height: 1024 }, c), /divisible by 16 for this model; 1000 is not/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, width: 2048, height: 1024 }), /from 1 to 1280/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, width: 1024 }), /both a width and a height/);
    assert.deepEqual(sizesFor({ widthHeightDivisor: 32 }).map((s) => `${s.width}x${s.height}`), ['1024x1024', '1280x768', '768x1280', '512x512']);
  });

  it('enforces the model\'s prompt limit with the numbers in the message', () => {
    const c = { promptCharacterLimit: 1500 };
    assert.throws(() => buildGenerateImageRequest({ ...JOB, prompt: 'x'.repeat(1501) }, c), /1501 characters long; this model accepts at most 1500/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, prompt: 'x'.repeat(7501) }), /at most 7500/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, prompt: '   ' }), MediaInputError);
  });

  it('refuses variants, seeds and formats outside the contract', () => {
    assert.throws(() => buildGenerateImageRequest({ ...JOB, variants: 5 }), /1 to 4/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, seed: 1_000_000_000 }), /seed/);
    assert.throws(() => buildGenerateImageRequest({ ...JOB, format: 'gif' as 'png' }), /format/);
  });
});

describe('images/request: the venice.generateImage argument object', () => {
  it('reads every documented field, accepting numbers typed as text', () => {
    assert.deepEqual(
      parseGenerateImageArgs({ prompt: 'cat', model: 'm', style: 'Anime', width: '512', height: 512, aspectRatio: undefined, format: 'png', variants: 2, negativePrompt: 'dog', seed: -5, folder: 'art' }),
      { prompt: 'cat', model: 'm', style: 'Anime', width: 512, height: 512, aspectRatio: undefined, format: 'png', variants: 2, negativePrompt: 'dog', seed: -5, folder: 'art' },
    );
    assert.equal(parseGenerateImageArgs(undefined), undefined);
  });

  it('refuses unknown options by name (so a typo such as "size" is not silently ignored)', () => {
    assert.throws(() => parseGenerateImageArgs({ prompt: 'cat', size: '1024x1024' }), /Unknown option for venice.generateImage: size/);
    assert.throws(() => parseGenerateImageArgs('cat'), /must be an object/);
    assert.throws(() => parseGenerateImageArgs({ format: 'svg' }), /format/);
    assert.throws(() => parseGenerateImageArgs({ variants: 1.5 }), /whole number/);
    assert.throws(() => parseGenerateImageArgs({ width: 5000 }), /between 1 and 1280/);
    assert.throws(() => parseGenerateImageArgs({ prompt: 42 }), /"prompt" must be text/);
  });
});
