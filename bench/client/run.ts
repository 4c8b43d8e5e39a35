// Part 1 of `npm run bench`: streaming client throughput and overhead. Runs in its own process
// (started with --expose-gc by bench/run.ts); the server is a second process. Rounds interleave the
// clients in rotating order after warm-up, and every run must assemble exactly the expected text.
// Writes the result as JSON to the path in argv[2].
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { median, round } from '../lib/stats';
import { makeClients, type ClientName } from './clients';
import { buildStream } from './stream';

export interface ClientRun {
  wallMs: number;
  cpuMs: number;
}

export interface ClientResult {
  name: ClientName;
  label: string;
  runs: ClientRun[];
  medianWallMs: number;
  medianCpuMs: number;
  chunksPerSecond: number;
}

export interface ClientBench {
  chunks: number;
  bodyBytes: number;
  serverWrites: number;
  rounds: number;
  clients: ClientResult[];
  /**
   * product time / other time (lower is better; 1.11 = the product takes 11% longer): the median of
   * the ratios within each round, so a burst of load from elsewhere hits both sides of a ratio.
   */
  ratios: { productVsBaselineWall: number; productVsBaselineCpu: number; productVsOpenaiWall: number; productVsOpenaiCpu: number };
  /** product throughput / other throughput (higher is better) = the inverse of the wall-time ratio. */
  throughputRatios: { productVsBaseline: number; productVsOpenai: number };
}

const LABELS: Record<ClientName, string> = {
  product: 'Venice client (streamChat)',
  baseline: 'undici + eventsource-parser + JSON.parse',
  openai: 'openai SDK (chat.completions.create stream)',
};

const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_CLIENT_ROUNDS ?? 15);
const WARMUP = 2;

function startServer(): Promise<{ port: number; bytes: number; writes: number; stop(): void }> {
  const child = fork(path.join(__dirname, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_CHUNKS: String(CHUNKS) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench server exited early (${code})`)));
    child.once('message', (m) => {
      const info = m as { port: number; bytes: number; writes: number };
      resolve({ ...info, stop: () => child.disconnect() });
    });
  });
}

const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const out = process.argv[2];
  const expected = buildStream(CHUNKS).text;
  const server = await startServer();
  const { clients, close } = makeClients(`http://127.0.0.1:${server.port}/api/v1`);
  const names: ClientName[] = ['product', 'baseline', 'openai'];
  const runs: Record<ClientName, ClientRun[]> = { product: [], baseline: [], openai: [] };
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      gc?.();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const text = await clients[name]();
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (text !== expected) throw new Error(`${name} assembled a different text (${text.length} vs ${expected.length} characters)`);
      if (r >= WARMUP) runs[name].push({ wallMs: round(wallMs, 2), cpuMs: round((cpu.user + cpu.system) / 1000, 2) });
    }
  }
  await close();
  server.stop();

  const results = names.map((name): ClientResult => {
    const medianWallMs = median(runs[name].map((x) => x.wallMs));
    return {
      name,
      label: LABELS[name],
      runs: runs[name],
      medianWallMs: round(medianWallMs, 1),
      medianCpuMs: round(median(runs[name].map((x) => x.cpuMs)), 1),
      chunksPerSecond: Math.round(CHUNKS / (medianWallMs / 1000)),
    };
  });
  const paired = (other: ClientName, key: keyof ClientRun) => round(median(runs.product.map((r, i) => r[key] / runs[other][i][key])), 2);
  const bench: ClientBench = {
    chunks: CHUNKS,
    bodyBytes: server.bytes,
    serverWrites: server.writes,
    rounds: ROUNDS,
    clients: results,
    ratios: {
      productVsBaselineWall: paired('baseline', 'wallMs'),
      productVsBaselineCpu: paired('baseline', 'cpuMs'),
      productVsOpenaiWall: paired('openai', 'wallMs'),
      productVsOpenaiCpu: paired('openai', 'cpuMs'),
    },
    throughputRatios: {
      productVsBaseline: round(1 / paired('baseline', 'wallMs'), 2),
      productVsOpenai: round(1 / paired('openai', 'wallMs'), 2),
    },
  };
  if (out) writeFileSync(out, JSON.stringify(bench, null, 2));
  else console.log(JSON.stringify(bench, null, 2));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
