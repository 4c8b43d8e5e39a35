// Issue 16: the client's asset endpoints against the strict simulator: the exact bodies sent (JSON
// for background removal and multi-edit, multipart for transcription), results checked, a 4xx
// shown as is and a 5xx/429 retried.
import * as assert from 'node:assert/strict';
import { sniffImageType } from '../../../src/venice/media';
import { encodeWav } from '../../fixtures/simulator/audio';
import { encodePng } from '../../fixtures/simulator/images';
import { failure, clientSuite } from './helpers';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const png = b64(encodePng(256, 256, [10, 20, 30]));
const wav = { bytes: encodeWav(1.2), contentType: 'audio/wav', extension: 'wav' };

describe('venice/client asset endpoints (against the simulator)', function () {
  this.timeout(8000);
  const { sim, client: newClient } = clientSuite();

  const client = () => newClient().client;

  it('removeBackground sends {image} and returns the PNG; a 429 is retried', async () => {
    sim.enqueueFault({ path: '/image/background-remove', fault: { kind: 'status', status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '0' } } });
    const out = await client().removeBackground({ image: png });
    assert.equal(sniffImageType(out.bytes), 'png');
    const sent = sim.requests.filter((r) => r.path === '/image/background-remove');
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1]?.body, { image: png });
  });

  it('multiEditImage sends only documented fields; an unknown model is the 400 Venice gives', async () => {
    const c = client();
    const out = await c.multiEditImage({ prompt: 'put them together', images: [png, png], modelId: 'qwen-image-3-edit', output_format: 'png', safe_mode: true });
    assert.equal(sniffImageType(out.bytes), 'png');
    assert.deepEqual(sim.requests.at(-1)?.body, { prompt: 'put them together', images: [png, png], modelId: 'qwen-image-3-edit', output_format: 'png', safe_mode: true });
    const e = await failure(() => c.multiEditImage({ prompt: 'x', images: [png, png], modelId: 'not-a-model' }));
    assert.equal(e.kind, 'badRequest');
    const empty = await failure(() => c.multiEditImage({ prompt: '  ', images: [png, png] }));
    assert.match(empty.message, /prompt is empty/);
  });

  it('transcribe uploads multipart (json, timestamps) and reads segments and words; a 500 is retried', async () => {
    sim.enqueueFault({ path: '/audio/transcriptions', fault: { kind: 'status', status: 500, body: { error: 'Inference processing failed' } } });
    const out = await client().transcribe({ audio: wav, model: 'openai/whisper-large-v3' });
    assert.match(out.text, /Venice simulator/);
    assert.equal(out.duration, 1.2);
    assert.equal(out.segments.length, 3);
    assert.deepEqual(out.segments[0], { text: 'Hello from the Venice simulator.', start: 0, end: 0.4 });
    assert.ok(out.words.length > 5);
    const sent = sim.requests.filter((r) => r.path === '/audio/transcriptions');
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1]?.body, { model: 'openai/whisper-large-v3', response_format: 'json', timestamps: true, file: '[file audio.wav]' });
    assert.match(sent[1]?.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
  });

  it('transcribe: bytes that are not audio get Venice\'s 400; an empty file is refused before sending', async () => {
    const c = client();
    const e = await failure(() => c.transcribe({ audio: { bytes: new TextEncoder().encode('<html>'), contentType: 'audio/mpeg', extension: 'mp3' } }));
    assert.equal(e.kind, 'badRequest');
    const before = sim.requests.length;
    const empty = await failure(() => c.transcribe({ audio: { ...wav, bytes: new Uint8Array(0) } }));
    assert.match(empty.message, /empty/);
    assert.equal(sim.requests.length, before);
  });
});
