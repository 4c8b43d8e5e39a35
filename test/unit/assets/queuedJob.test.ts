// One queued job end to end against the simulator: it polls at Venice's pace until the media is
// ready, writes it, cleans up at Venice; a failed job fails with Venice's reason; a cancel stops the
// wait; the remembered jobs survive (workspace state) and are read back defensively.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobStore, PENDING_JOBS_KEY, type PendingJob } from '../../../src/assets/jobStore';
import { finishJob, isCancellation, nextPollDelay } from '../../../src/assets/queuedJob';
import { parseSidecar, sidecarBytes } from '../../../src/assets/sidecarFormat';
import { sniffVideoType } from '../../../src/venice/media';
import { videoQueueBody } from '../../../src/venice/queue';
import type { Simulator } from '../../fixtures/simulator';
import { makeClient, withSimulator } from '../venice/helpers';

const PACE = { minMs: 5, maxMs: 20 };

describe('assets: the queued job', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let root: string;
  before(async () => {
    sim = await withSimulator();
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    root = mkdtempSync(path.join(os.tmpdir(), 'venice-job-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const target = () => ({ root, dir: path.join(root, 'videos'), stem: 'clip', maxBytes: 10 * 1024 * 1024, what: 'video', sniff: (h: Uint8Array) => sniffVideoType(h) });
  const request = { model: 'wan-2-7-text-to-video', prompt: 'waves', duration: '5s' };

  it('paces polls by Venice estimate: half of what is left, within bounds', () => {
    assert.equal(nextPollDelay(145_000, 53_200), 10_000, 'long job: the longest wait');
    assert.equal(nextPollDelay(20_000, 14_000), 3000);
    assert.equal(nextPollDelay(20_000, 25_000), 2000, 'past the estimate: the shortest wait');
    assert.equal(nextPollDelay(undefined, undefined), 2000);
  });

  it('polls until done, writes the file, and calls complete', async () => {
    const { client } = makeClient(sim);
    sim.enqueueMediaJob({ polls: 3, bytes: 100_000 });
    const ticket = await client.queueMedia('video', videoQueueBody(request));
    const seen: string[] = [];
    const saved = await finishJob(client, ticket, target(), { pace: PACE, onProgress: (p) => seen.push(p.phase) });
    assert.equal(readFileSync(saved.file).byteLength, 100_000);
    assert.deepEqual(seen.filter((p) => p === 'waiting').length, 3);
    assert.equal(sim.requests.filter((r) => r.path === '/video/retrieve').length, 4);
    assert.equal(sim.requests.filter((r) => r.path === '/video/complete').length, 1);
    assert.ok(sim.mediaJobs()[0]?.deleted);
  });

  it('a failed job rejects with the reason Venice gave, and writes nothing', async () => {
    const { client } = makeClient(sim, { maxRetries: 0 });
    sim.enqueueMediaJob({ polls: 1, fail: { status: 500, body: { error: 'Inference failed: the provider timed out' } } });
    const ticket = await client.queueMedia('video', videoQueueBody(request));
    await assert.rejects(finishJob(client, ticket, target(), { pace: PACE }), (e: Error) => /Inference failed/.test(e.message));
    assert.equal(sim.requests.filter((r) => r.path === '/video/complete').length, 0);
  });

  it('cancel stops the wait (and is recognised as a cancel)', async () => {
    const { client } = makeClient(sim);
    sim.enqueueMediaJob({ polls: 100 });
    const ticket = await client.queueMedia('video', videoQueueBody(request));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(finishJob(client, ticket, target(), { pace: PACE, signal: ac.signal }), (e: unknown) => isCancellation(e));
  });

  it('remembers jobs in workspace state and reads back only well-formed, recent ones', async () => {
    const data = new Map<string, unknown>();
    const store = new JobStore({ get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, v) });
    const job: PendingJob = { kind: 'video', ticket: { kind: 'video', model: 'm', queueId: 'q1' }, folder: 'file:///w', dir: '/w/videos', stem: 's', meta: { prompt: 'p', model: 'm', format: 'mp4' }, queuedAt: Date.now() };
    await store.add(job);
    await store.add({ ...job, ticket: { ...job.ticket, queueId: 'q2' } });
    assert.deepEqual(store.list().map((j) => j.ticket.queueId), ['q1', 'q2']);
    await store.remove('q1');
    assert.deepEqual(store.list().map((j) => j.ticket.queueId), ['q2']);
    data.set(PENDING_JOBS_KEY, [{ kind: 'video' }, 'junk', { ...job, queuedAt: Date.now() - 2 * 86_400_000 }, job]);
    assert.deepEqual(store.list().map((j) => j.ticket.queueId), ['q1'], 'malformed and day-old entries are dropped');
  });

  it('writes sidecars in the image format: fields, createdAt, then the file under its kind', () => {
    const text = new TextDecoder().decode(sidecarBytes('video', 'clip.mp4', { prompt: 'waves', model: 'wan', format: 'mp4', duration: '5s' }, new Date('2026-12-07T10:00:00Z')));
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['prompt', 'model', 'format', 'duration', 'createdAt', 'video']);
    const read = parseSidecar(text);
    assert.equal(read?.kind, 'video');
    assert.equal(read?.file, 'clip.mp4');
    assert.equal(read?.createdAt, '2026-12-07T10:00:00.000Z');
    assert.equal(parseSidecar('{"prompt": 1}'), undefined);
    assert.equal(parseSidecar('not json'), undefined);
  });
});
