// The simulator's queued media routes (/video/* and /audio/*) must refuse what Venice refuses and
// run a job the way Venice does: PROCESSING with its estimates, then the media, then cleanup.
import * as assert from 'node:assert/strict';
import { rawRequest, suiteSimulator } from './suiteSimulator';

const KEY = 'sim-key-media-123';

describe('venice simulator: queued video and music jobs', function () {
  this.timeout(20_000);
  const sim = suiteSimulator({ validKeys: [KEY] });

  const call = (route: string, body: unknown, key: string | null = KEY) => rawRequest(sim, 'POST', route, { body: JSON.stringify(body), contentType: 'application/json', key });

  const video = { model: 'wan-2-7-text-to-video', prompt: 'A gondola at dawn', duration: '5s', resolution: '720p', aspect_ratio: '16:9' };

  it('lists video models with durations, resolutions and aspect ratios, and music models with durations', async () => {
    const v = (await (await fetch(`${sim.url}/models?type=video`)).json()) as { data: Array<{ id: string; type: string; model_spec: { constraints: { durations: string[] } } }> };
    assert.deepEqual(v.data.map((m) => m.id), ['wan-2-7-text-to-video', 'wan-2-7-image-to-video']);
    assert.deepEqual(v.data[0]?.model_spec.constraints.durations, ['5s', '10s']);
    const m = (await (await fetch(`${sim.url}/models?type=music`)).json()) as { data: Array<{ id: string; model_spec: { max_duration?: number } }> };
    assert.ok(m.data.some((x) => x.id === 'elevenlabs-sound-effects-v2' && x.model_spec.max_duration === 22));
  });

  it('quotes without a key, strictly: unknown fields, a duration the model lacks, a missing duration are 400', async () => {
    const ok = await call('/video/quote', { model: video.model, duration: '10s', resolution: '1080p' }, null);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { quote: 1.4 });
    assert.equal((await call('/video/quote', { model: video.model, duration: '5s', prompt: 'x' })).status, 400, 'unknown field on quote');
    assert.equal((await call('/video/quote', { model: video.model, duration: '7s' })).status, 400);
    assert.equal((await call('/video/quote', { model: video.model })).status, 400);
    assert.deepEqual((await call('/audio/quote', { model: 'elevenlabs-sound-effects-v2', duration_seconds: 10 }, null)).json, { quote: 0.04 });
    assert.equal((await call('/audio/quote', { model: 'stable-audio-25', duration_seconds: 10 })).status, 400, 'model without duration metadata');
    assert.equal((await call('/audio/quote', { model: 'elevenlabs-music', seconds: 10 })).status, 400, 'unknown field');
  });

  it('refuses queue bodies Venice refuses, and needs a key (402 without, 401 wrong)', async () => {
    assert.equal((await call('/video/queue', video, null)).status, 402);
    assert.equal((await call('/video/queue', video, 'wrong-key-123')).status, 401);
    assert.equal((await call('/video/queue', { ...video, seed: 3 })).status, 400, 'unknown field');
    const bad = await call('/video/queue', { ...video, resolution: '4k' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json), /Resolution 4k is not supported/);
    assert.equal((await call('/video/queue', { ...video, image_url: 'data:image/png;base64,AAAA' })).status, 400, 'text-to-video takes no image');
    assert.equal((await call('/video/queue', { model: 'wan-2-7-image-to-video', prompt: 'move', duration: '5s' })).status, 400, 'image-to-video needs an image');
    assert.equal((await call('/audio/queue', { model: 'elevenlabs-music', prompt: 'calm piano', duration_seconds: 5 })).status, 400, 'below min_duration');
    assert.equal((await call('/audio/queue', { model: 'elevenlabs-music', prompt: 'calm piano', format: 'mp3' })).status, 400, 'unknown field');
    sim.setBalance(0, 0);
    assert.equal((await call('/video/queue', video)).status, 402);
  });

  it('runs a video job: PROCESSING for the scripted polls, then an mp4 body, then complete cleans up', async () => {
    sim.enqueueMediaJob({ polls: 3, averageMs: 900, bytes: 300_000 });
    const q = await call('/video/queue', video);
    assert.equal(q.status, 200);
    const { queue_id, model } = q.json as { queue_id: string; model: string };
    assert.equal(model, video.model);
    for (let i = 0; i < 3; i++) {
      const r = await call('/video/retrieve', { model, queue_id });
      assert.equal(r.status, 200);
      const body = r.json as { status: string; average_execution_time: number; execution_duration: number };
      assert.equal(body.status, 'PROCESSING');
      assert.equal(body.average_execution_time, 900);
      assert.equal(typeof body.execution_duration, 'number');
    }
    const done = await call('/video/retrieve', { model, queue_id });
    assert.equal(done.type, 'video/mp4');
    assert.equal(done.bytes.byteLength, 300_000);
    assert.equal(new TextDecoder().decode(done.bytes.subarray(4, 8)), 'ftyp');
    assert.equal((await call('/video/retrieve', { model: 'wan-2-7-image-to-video', queue_id })).status, 400, 'other model');
    assert.deepEqual((await call('/video/complete', { model, queue_id })).json, { success: true });
    assert.equal((await call('/video/retrieve', { model, queue_id })).status, 404, 'deleted');
    assert.equal((await call('/video/retrieve', { model, queue_id: 'nope' })).status, 400);
    assert.equal((await call('/video/complete', { model, queue_id, extra: 1 })).status, 400, 'complete is strict');
  });

  it('runs a music job to audio bytes, and a failed job answers its error on retrieve', async () => {
    sim.enqueueMediaJob({ polls: 1 });
    const q = await call('/audio/queue', { model: 'elevenlabs-sound-effects-v2', prompt: 'door creak', duration_seconds: 2, loop: true });
    const { queue_id, model, status } = q.json as { queue_id: string; model: string; status: string };
    assert.equal(status, 'QUEUED');
    assert.equal(((await call('/audio/retrieve', { model, queue_id })).json as { status: string }).status, 'PROCESSING');
    const done = await call('/audio/retrieve', { model, queue_id, delete_media_on_completion: true });
    assert.equal(done.type, 'audio/mpeg');
    assert.equal(done.bytes[0], 0xff);
    assert.equal((await call('/audio/retrieve', { model, queue_id })).status, 404, 'deleted on completion');

    sim.enqueueMediaJob({ polls: 0, fail: { status: 422, body: { error: { message: 'Rejected by the provider. Credits have been refunded.', type: 'provider_content_policy', credits_refunded: true } } } });
    const f = (await call('/video/queue', video)).json as { queue_id: string; model: string };
    const failed = await call('/video/retrieve', f);
    assert.equal(failed.status, 422);
    assert.match(JSON.stringify(failed.json), /refunded/);
  });

  it('serves a VPS-backed job through its download URL, without a key', async () => {
    sim.enqueueMediaJob({ polls: 0, downloadUrl: true, bytes: 5000 });
    const q = (await call('/video/queue', video)).json as { queue_id: string; model: string; download_url: string };
    assert.match(q.download_url, /\/sim-media\//);
    assert.equal(((await call('/video/retrieve', { model: q.model, queue_id: q.queue_id })).json as { status: string }).status, 'COMPLETED');
    const res = await fetch(q.download_url);
    assert.equal(res.headers.get('content-type'), 'video/mp4');
    assert.equal((await res.arrayBuffer()).byteLength, 5000);
  });

  it('streams a 200 MB video without buffering it', async () => {
    sim.enqueueMediaJob({ polls: 0, bytes: 200 * 1024 * 1024 });
    const q = (await call('/video/queue', video)).json as { queue_id: string; model: string };
    const before = process.memoryUsage().rss;
    const res = await fetch(`${sim.url}/video/retrieve`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(q) });
    assert.equal(res.headers.get('content-length'), String(200 * 1024 * 1024));
    let total = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) total += chunk.byteLength;
    assert.equal(total, 200 * 1024 * 1024);
    assert.ok(process.memoryUsage().rss - before < 150 * 1024 * 1024, 'the simulator streams; it does not hold the body');
  });
});
