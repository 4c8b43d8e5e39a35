// The Venice client's queued media calls against the strict simulator: the exact bodies sent, the
// answers checked, errors mapped (402, 429 retried, 5xx), and the pre-signed download never sent the key.
import * as assert from 'node:assert/strict';
import { musicQueueBody, musicQuoteBody, videoQueueBody, videoQuoteBody, type MediaBody } from '../../../src/venice/queue';
import { VeniceError } from '../../../src/venice/errors';
import { KEY, makeClient, clientSuite } from './helpers';

async function drain(body: MediaBody): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of body.chunks()) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe('venice client: queued video and music jobs', function () {
  this.timeout(20_000);
  const { sim } = clientSuite();

  const video = { model: 'wan-2-7-text-to-video', prompt: 'A gondola at dawn', duration: '5s', resolution: '720p', aspectRatio: '16:9' };

  it('quotes, queues, polls and completes a video with exactly the documented fields', async () => {
    const { client } = makeClient(sim);
    sim.enqueueMediaJob({ polls: 1, averageMs: 4000 });
    assert.equal(await client.quoteMedia('video', videoQuoteBody(video)), 0.35);
    const ticket = await client.queueMedia('video', videoQueueBody(video));
    assert.equal(ticket.model, video.model);
    const first = await client.retrieveMedia(ticket);
    assert.equal(first.state, 'processing');
    assert.equal(first.state === 'processing' ? first.averageMs : 0, 4000);
    const second = await client.retrieveMedia(ticket);
    assert.equal(second.state, 'media');
    if (second.state !== 'media') return;
    assert.equal(second.media.contentType, 'video/mp4');
    assert.equal((await drain(second.media)).subarray(4, 8).toString('latin1'), 'ftyp');
    assert.equal(await client.completeMedia(ticket), true);
    const bodies = sim.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body]);
    assert.deepEqual(bodies, [
      ['/video/quote', { model: video.model, duration: '5s', resolution: '720p', aspect_ratio: '16:9' }],
      ['/video/queue', { model: video.model, duration: '5s', resolution: '720p', aspect_ratio: '16:9', prompt: 'A gondola at dawn' }],
      ['/video/retrieve', { model: video.model, queue_id: ticket.queueId }],
      ['/video/retrieve', { model: video.model, queue_id: ticket.queueId }],
      ['/video/complete', { model: video.model, queue_id: ticket.queueId }],
    ]);
    assert.ok(sim.mediaJobs()[0]?.deleted, 'complete cleaned up at Venice');
  });

  it('runs a music job and omits duration_seconds when not given', async () => {
    const { client } = makeClient(sim);
    sim.enqueueMediaJob({ polls: 0 });
    const request = { model: 'stable-audio-25', prompt: 'rain on a tin roof' };
    assert.equal(await client.quoteMedia('audio', musicQuoteBody(request)), 0.2);
    const ticket = await client.queueMedia('audio', musicQueueBody(request));
    const r = await client.retrieveMedia(ticket);
    assert.equal(r.state, 'media');
    if (r.state === 'media') assert.equal((await drain(r.media)).subarray(0, 4).toString('latin1'), 'RIFF');
    assert.deepEqual(sim.requests.find((q) => q.path === '/audio/queue')?.body, { model: 'stable-audio-25', prompt: 'rain on a tin roof' });
  });

  it('says what to do on 402, retries 429 and 5xx, and maps a failed job', async () => {
    const { client } = makeClient(sim, { maxRetries: 1 });
    sim.setBalance(0, 0);
    await assert.rejects(client.queueMedia('video', videoQueueBody(video)), (e: VeniceError) => e.kind === 'payment' && /Add credit/.test(e.message));
    sim.reset();
    sim.enqueueFault({ path: '/video/queue', fault: { kind: 'status', status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '0' } } });
    const ticket = await client.queueMedia('video', videoQueueBody(video));
    assert.equal(sim.requests.filter((r) => r.path === '/video/queue').length, 2, 'retried once after the 429');
    sim.setFault({ path: '/video/retrieve', fault: { kind: 'status', status: 503, body: { error: 'The model is at capacity.' }, headers: { 'retry-after': '0' } } });
    await assert.rejects(client.retrieveMedia(ticket), (e: VeniceError) => e.kind === 'server' && e.status === 503);
    sim.setFault(undefined);
    sim.enqueueMediaJob({ polls: 0, fail: { status: 422, body: { error: { message: 'Rejected by the provider.', type: 'provider_content_policy', credits_refunded: true } } } });
    const failing = await client.queueMedia('video', videoQueueBody(video));
    await assert.rejects(client.retrieveMedia(failing), (e: VeniceError) => e.kind === 'contentPolicy');
  });

  it('fetches a VPS-backed video from its download URL without the key', async () => {
    const { client } = makeClient(sim);
    sim.enqueueMediaJob({ polls: 0, downloadUrl: true, bytes: 4096 });
    const ticket = await client.queueMedia('video', videoQueueBody(video));
    assert.ok(ticket.downloadUrl);
    assert.equal((await client.retrieveMedia(ticket)).state, 'completed');
    const body = await client.downloadMedia(ticket);
    assert.equal((await drain(body)).byteLength, 4096);
    const download = sim.requests.find((r) => r.path.startsWith('/sim-media/'));
    assert.equal(download?.hasAuth, false);
    assert.ok(!JSON.stringify(download?.headers).includes(KEY));
    // Plain http to another host than Venice's is refused.
    await assert.rejects(client.downloadMedia({ ...ticket, downloadUrl: 'http://example.com/x.mp4' }), (e: VeniceError) => e.kind === 'malformed');
  });

  it('refuses a queue answer without a usable queue id', async () => {
    const { client } = makeClient(sim);
    sim.enqueueFault({ path: '/video/queue', fault: { kind: 'body', contentType: 'application/json', body: JSON.stringify({ model: 'x', queue_id: '../../etc' }) } });
    await assert.rejects(client.queueMedia('video', videoQueueBody(video)), (e: VeniceError) => e.kind === 'malformed');
  });
});
