// Issue 16: the simulator's asset routes refuse what Venice refuses (the spec's schemas: unknown
// fields → 400; multipart only for transcriptions) and answer what Venice documents.
import * as assert from 'node:assert/strict';
import { encodeWav } from '../../fixtures/simulator/audio';
import { encodePng, imageSize } from '../../fixtures/simulator/images';
import { rawRequest, suiteSimulator } from './suiteSimulator';

const KEY = 'sim-key-abcdef123';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const big = b64(encodePng(256, 256, [200, 30, 30]));
const other = b64(encodePng(300, 300, [30, 200, 30]));

describe('venice simulator: background removal, multi-edit, transcription', function () {
  this.timeout(10_000);
  const sim = suiteSimulator({ validKeys: [KEY] });

  const post = (route: string, body: BodyInit, contentType?: string, key: string | null = KEY) => rawRequest(sim, 'POST', route, { body, contentType, key: key || null });
  const postJson = (route: string, body: unknown, key: string | null = KEY) => post(route, JSON.stringify(body), 'application/json', key);

  function form(fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }): FormData {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    if (file) f.append('file', new Blob([new Uint8Array(file.bytes)], { type: 'audio/wav' }), file.name);
    return f;
  }

  it('background-remove: a transparent PNG of the same size; unknown fields, both or neither input → 400; no key → 402', async () => {
    const ok = await postJson('/image/background-remove', { image: big });
    assert.equal(ok.status, 200);
    assert.equal(ok.type, 'image/png');
    assert.deepEqual(imageSize(ok.bytes), { width: 256, height: 256, format: 'png' });
    assert.equal(ok.bytes[25], 6, 'colour type 6: RGBA');
    const extra = await postJson('/image/background-remove', { image: big, model: 'bria-bg-remover' });
    assert.equal(extra.status, 400);
    assert.match(JSON.stringify(extra.json), /Unrecognized key/);
    assert.equal((await postJson('/image/background-remove', {})).status, 400);
    assert.equal((await postJson('/image/background-remove', { image: big, image_url: 'https://example.com/a.png' })).status, 400);
    assert.equal((await postJson('/image/background-remove', { image: b64(encodePng(64, 64, [1, 2, 3])) })).status, 400, 'under 65,536 pixels');
    assert.equal((await postJson('/image/background-remove', { image: big }, null)).status, 402);
  });

  it('multi-edit: one image the size of the first; prompt and images required; unknown fields and models refused', async () => {
    const ok = await postJson('/image/multi-edit', { modelId: 'qwen-image-3-edit', prompt: 'put the cat on the sofa', images: [big, other], output_format: 'png' });
    assert.equal(ok.status, 200);
    assert.deepEqual(imageSize(ok.bytes), { width: 256, height: 256, format: 'png' });
    assert.equal((await postJson('/image/multi-edit', { prompt: 'x', images: [big, other], model: 'qwen-image-3-edit' })).status, 400, '"model" is not a multi-edit field');
    assert.equal((await postJson('/image/multi-edit', { images: [big, other] })).status, 400, 'prompt required');
    assert.equal((await postJson('/image/multi-edit', { prompt: 'x', images: [] })).status, 400, 'at least one image');
    assert.equal((await postJson('/image/multi-edit', { prompt: 'x', images: [big, other], modelId: 'z-image-turbo' })).status, 400, 'not an edit model');
    assert.equal((await postJson('/image/multi-edit', { prompt: 'x', images: [big, other, big, other] })).status, 400, 'more images than the model takes');
  });

  it('transcriptions: multipart only; JSON with segment and word timestamps, or plain text; strict fields', async () => {
    const wav = encodeWav(1.5);
    const ok = await post('/audio/transcriptions', form({ model: 'openai/whisper-large-v3', response_format: 'json', timestamps: 'true' }, { bytes: wav, name: 'talk.wav' }));
    assert.equal(ok.status, 200);
    const body = ok.json as { text: string; duration: number; timestamps: { segment: Array<{ start: number; end: number; text: string }>; word: unknown[] } };
    assert.match(body.text, /Venice simulator/);
    assert.equal(body.duration, 1.5);
    assert.equal(body.timestamps.segment.length, 3);
    assert.equal(body.timestamps.segment.at(-1)?.end, 1.5);
    assert.ok(body.timestamps.word.length > 3);
    assert.deepEqual(sim.requests.at(-1)?.body, { model: 'openai/whisper-large-v3', response_format: 'json', timestamps: true, file: '[file talk.wav]' });

    const text = await post('/audio/transcriptions', form({ response_format: 'text' }, { bytes: wav, name: 'talk.wav' }));
    assert.equal(text.status, 200);
    assert.match(text.type, /^text\/plain/);

    const unknown = await post('/audio/transcriptions', form({ prompt: 'names: Venice' }, { bytes: wav, name: 'talk.wav' }));
    assert.equal(unknown.status, 400);
    assert.match(JSON.stringify(unknown.json), /Unrecognized key/);
    assert.equal((await post('/audio/transcriptions', form({ response_format: 'srt' }, { bytes: wav, name: 'talk.wav' }))).status, 400, 'srt is not a Venice format');
    assert.equal((await post('/audio/transcriptions', form({ timestamps: 'yes' }, { bytes: wav, name: 'talk.wav' }))).status, 400);
    assert.equal((await post('/audio/transcriptions', form({ model: 'tts-kokoro' }, { bytes: wav, name: 'talk.wav' }))).status, 400);
    assert.equal((await post('/audio/transcriptions', form({}))).status, 400, 'no file');
    assert.equal((await post('/audio/transcriptions', form({}, { bytes: new Uint8Array(0), name: 'empty.wav' }))).status, 422);
    assert.equal((await post('/audio/transcriptions', form({}, { bytes: new TextEncoder().encode('<html>no</html>'), name: 'x.mp3' }))).status, 400);
    assert.equal((await postJson('/audio/transcriptions', { model: 'openai/whisper-large-v3' })).status, 415, 'JSON is not accepted');
    assert.equal((await post('/audio/transcriptions', form({}, { bytes: wav, name: 'talk.wav' }), undefined, null)).status, 402);
  });

  it('lists the speech-recognition models under type=asr', async () => {
    const res = await fetch(`${sim.url}/models?type=asr`);
    const ids = ((await res.json()) as { data: Array<{ id: string; type: string }> }).data.map((m) => m.id);
    assert.deepEqual(ids, ['nvidia/parakeet-tdt-0.6b-v3', 'openai/whisper-large-v3']);
  });
});
