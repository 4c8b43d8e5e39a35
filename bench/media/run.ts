// Part 9 of `npm run bench`: a 200 MB video (BENCH_VIDEO_MB) downloaded through the product's own
// path: the Venice client's queued-job calls (src/venice/client.ts) and the asset studio's job runner
// and streamed writer (src/assets/queuedJob.ts, download.ts), against the strict simulator in another
// process (so this process's memory is the download's alone). Measures the host heap growth (peak
// heapUsed while downloading, over the level before it: the target), the peak of ArrayBuffers (the
// network chunks already written and waiting for V8's next GC, which V8 starts by itself at about
// 32 MB of such memory), what is still held after a GC, the RSS growth, the time and the throughput;
// checks the file's size and MP4 signature. Writes JSON to the path in argv[2].
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { finishJob } from '../../src/assets/queuedJob';
import { sniffVideoType } from '../../src/venice/media';
import { videoQueueBody } from '../../src/venice/queue';
import { VeniceClient } from '../../src/venice/client';
import { REPO } from '../../test/harness/paths';
import { round } from '../lib/stats';

export interface MediaBench {
  videoBytes: number;
  seconds: number;
  mbPerSecond: number;
  /** Peak JS heap (heapUsed) while downloading, over the level before it (MB): the target (< 20 MB). */
  heapGrowthMb: number;
  /** Peak of ArrayBuffer memory over the level before (MB): chunks already written, waiting for a GC. */
  arrayBuffersPeakMb: number;
  /** heapUsed + arrayBuffers still held after the download and a GC, over the level before (MB). */
  retainedMb: number;
  rssGrowthMb: number;
  /** The file written has the size sent and starts like an MP4. */
  fileOk: boolean;
}

const KEY = 'bench-key-media';
const BYTES = Math.round(Number(process.env.BENCH_VIDEO_MB ?? 200) * 1024 * 1024);
const mb = (n: number): number => round(n / 1024 ** 2, 1);
const gc = (globalThis as { gc?: () => void }).gc;
const log = (m: string): void => console.log(`[bench] ${m}`);

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function startSimulatorProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test', 'fixtures', 'simulator', 'main.ts'), '--port', '0', '--key', KEY, '--video-bytes', String(BYTES)], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  process.once('exit', () => child.kill('SIGTERM'));
  return { url, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  const sim = await startSimulatorProcess();
  const root = mkdtempSync(path.join(os.tmpdir(), 'venice-bench-media-'));
  try {
    const client = new VeniceClient({ baseUrl: () => sim.url, getApiKey: async () => KEY, timeoutMs: () => 60_000, maxRetries: () => 0 });
    const ticket = await client.queueMedia('video', videoQueueBody({ model: 'wan-2-7-text-to-video', prompt: 'benchmark', duration: '5s' }));
    gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakBuffers = base.arrayBuffers;
    let peakRss = base.rss;
    const sample = (): void => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
      peakRss = Math.max(peakRss, m.rss);
    };
    const sampler = setInterval(sample, 10);
    log(`downloading a ${mb(BYTES)} MB video through the job runner…`);
    const t0 = performance.now();
    const saved = await finishJob(client, ticket, { root, dir: path.join(root, 'videos', 'generated'), stem: 'bench', maxBytes: 512 * 1024 * 1024, what: 'video', sniff: sniffVideoType }, { pace: { minMs: 50, maxMs: 200 } });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    sample();
    gc?.();
    const retained = heapNow() - (base.heapUsed + base.arrayBuffers);
    const head = Buffer.alloc(16);
    const fd = openSync(saved.file, 'r');
    readSync(fd, head, 0, 16, 0);
    closeSync(fd);
    const result: MediaBench = {
      videoBytes: BYTES,
      seconds: round(seconds, 2),
      mbPerSecond: round(BYTES / 1024 ** 2 / seconds, 1),
      heapGrowthMb: mb(peakHeap - base.heapUsed),
      arrayBuffersPeakMb: mb(peakBuffers - base.arrayBuffers),
      retainedMb: mb(Math.max(0, retained)),
      rssGrowthMb: mb(peakRss - base.rss),
      fileOk: statSync(saved.file).size === BYTES && sniffVideoType(head) === 'mp4',
    };
    log(`video download: ${result.seconds} s (${result.mbPerSecond} MB/s), JS heap growth ${result.heapGrowthMb} MB, ArrayBuffers peak +${result.arrayBuffersPeakMb} MB (garbage awaiting GC), retained after GC ${result.retainedMb} MB, RSS growth ${result.rssGrowthMb} MB, file ${result.fileOk ? 'ok' : 'WRONG'}`);
    await client.close();
    if (out) writeFileSync(out, JSON.stringify(result));
  } finally {
    rmSync(root, { recursive: true, force: true });
    sim.stop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
