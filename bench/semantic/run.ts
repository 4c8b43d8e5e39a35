// Part 7 of `npm run bench`: semantic indexing of a generated 20,000-file repository (BENCH_INDEX_FILES)
// with the product's indexer (src/semantic/indexer.ts, no `vscode` import) and the real Venice client
// against the strict simulator, which runs in another process (so this process's heap is the
// indexer's alone) and refuses requests over Venice's /embeddings limits. Measures: files/s of the
// first full index, the /embeddings requests (count, largest batch), this process's peak JS heap plus
// ArrayBuffers while indexing and after a GC with the index held, the save, the quiet pass at start-up
// (nothing changed), and the incremental re-index of one changed file the way the watcher does it.
// Writes JSON to the path in argv[2]. The file listing here walks the folder with node:fs; in VS Code
// it is findFiles + workspace.fs.stat (see src/semantic/workspaceSource.ts), not measured here.
import { spawn } from 'node:child_process';
import { promises as fs, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { veniceEmbedder } from '../../src/semantic/embed';
import { applyScan, scanWorkspace, type Embedder, type FileSource, type SourceFile } from '../../src/semantic/indexer';
import { IndexStorage } from '../../src/semantic/indexStore';
import { VeniceClient } from '../../src/venice/client';
import { REPO } from '../../test/harness/paths';
import { median, round } from '../lib/stats';
import { fileText, writeRepo } from './repo';

export interface SemanticBench {
  files: number;
  repoBytes: number;
  chunks: number;
  tokens: number;
  indexSeconds: number;
  /** CPU time of this process (the indexer and the client, not the simulator) during the first index: steadier than wall time on a busy machine. */
  indexCpuSeconds: number;
  filesPerSecond: number;
  chunksPerSecond: number;
  requests: number;
  maxInputsPerRequest: number;
  maxCharsPerRequest: number;
  maxCharsPerInput: number;
  /** UTF-8 bytes of the largest input (Venice: 8192 tokens an input; the simulator counts a token per 3 bytes). */
  maxBytesPerInput: number;
  /** Peak of heapUsed + arrayBuffers while indexing (MB). */
  peakHeapMb: number;
  peakRssMb: number;
  /** heapUsed + arrayBuffers after a forced GC, the index held (MB); before indexing, for reference. */
  heldHeapMb: number;
  baseHeapMb: number;
  saveMs: number;
  indexFileBytes: number;
  /** A full scan with nothing changed (the pass after start-up): list, stat, compare. */
  quietScanMs: number;
  /** One changed file: scan of that file + embed + commit, each run (ms). */
  incrementalMs: number[];
  incrementalMedianMs: number;
}

const MODEL = 'text-embedding-bge-m3';
const KEY = 'bench-key-semantic';
const FILES = Number(process.env.BENCH_INDEX_FILES ?? 20_000);
const log = (m: string) => console.log(`[bench] ${m}`);
const mb = (n: number) => round(n / 1024 ** 2, 1);
const gc = (globalThis as { gc?: () => void }).gc;

/** The folder as the indexer's file source (the workspace source's job in VS Code). */
function folderSource(root: string): FileSource {
  return {
    async list() {
      const files: SourceFile[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const e of await fs.readdir(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) await walk(full);
          else {
            const st = await fs.stat(full);
            files.push({ key: path.relative(root, full).split(path.sep).join('/'), size: st.size, mtimeMs: st.mtimeMs });
          }
        }
      };
      await walk(root);
      return { files, hitLimit: false };
    },
    read: (key) => fs.readFile(path.join(root, key)),
  };
}

/** The simulator in its own process; resolves with its URL. */
async function startSimulatorProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test', 'fixtures', 'simulator', 'main.ts'), '--port', '0', '--key', KEY], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  // Never left behind, even when this process is stopped.
  process.once('exit', () => child.kill('SIGTERM'));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(1));
  return { url, stop: () => child.kill('SIGTERM') };
}

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!gc) throw new Error('run with --expose-gc');
  const root = mkdtempSync(path.join(os.tmpdir(), 'venice-bench-repo-'));
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'venice-bench-index-'));
  const sim = await startSimulatorProcess();
  try {
    log(`writing a ${FILES.toLocaleString('en-US')}-file repository under ${root}…`);
    const repo = writeRepo(root, FILES);
    const client = new VeniceClient({ baseUrl: () => sim.url, getApiKey: async () => KEY, timeoutMs: () => 60_000, maxRetries: () => 0, userAgent: 'venice-vscode-bench', log: () => undefined });
    const product = veniceEmbedder(client, MODEL);
    const batches: Array<{ inputs: number; chars: number; maxInput: number; maxBytes: number }> = [];
    const embed: Embedder = (inputs, signal) => {
      batches.push({ inputs: inputs.length, chars: inputs.reduce((s, t) => s + t.length, 0), maxInput: Math.max(...inputs.map((t) => t.length)), maxBytes: Math.max(...inputs.map((t) => Buffer.byteLength(t))) });
      return product(inputs, signal);
    };
    const source = folderSource(root);
    const storage = new IndexStorage(storeDir);
    const signal = new AbortController().signal;

    gc();
    const baseHeap = heapNow();
    let peakHeap = baseHeap;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, heapNow());
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    log('indexing (scan, chunk, embed through the simulator, commit; saves every 15 s as the product does)…');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const scan = await scanWorkspace(undefined, MODEL, source, signal);
    const result = await applyScan(undefined, scan, source, embed, signal, { save: (s) => storage.save(s) });
    const indexMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (result.error) throw result.error;
    const t1 = performance.now();
    await storage.save(result.state);
    const saveMs = performance.now() - t1;
    clearInterval(sampler);
    gc();
    const held = heapNow();
    const state = result.state;
    const indexFiles = await fs.readdir(storeDir);
    let indexFileBytes = 0;
    for (const f of indexFiles) indexFileBytes += (await fs.stat(path.join(storeDir, f))).size;
    log(`indexed ${result.embeddedFiles} files, ${result.embeddedChunks} chunks in ${round(indexMs / 1000, 1)} s (CPU here ${round((cpu.user + cpu.system) / 1e6, 1)} s); ${batches.length} requests; peak heap ${mb(peakHeap)} MB, held ${mb(held)} MB; save ${round(saveMs, 0)} ms`);

    const q0 = performance.now();
    const quiet = await scanWorkspace(state, MODEL, source, signal);
    const quietScanMs = performance.now() - q0;
    if (quiet.changed.length || quiet.removed.length) throw new Error('the quiet scan found changes');

    // One changed file at a time, as the watcher's targeted update does (service.ts syncLocked):
    // only that file is listed and scanned, its chunks embedded, the index updated.
    const incrementalMs: number[] = [];
    const keys = [...state.files.keys()];
    for (let i = 0; i < 7; i++) {
      const key = keys[Math.floor(((i + 0.5) * keys.length) / 7)];
      const full = path.join(root, key);
      writeFileSync(full, `${fileText(900_000 + i)}// changed ${i}\n`);
      const st = await fs.stat(full);
      const subset: FileSource = { list: async () => ({ files: [{ key, size: st.size, mtimeMs: st.mtimeMs }], hitLimit: false }), read: (k) => source.read(k, signal) };
      const s0 = performance.now();
      const one = await scanWorkspace(state, MODEL, subset, signal, { only: new Set([key]) });
      const r = await applyScan(state, one, source, embed, signal);
      const ms = performance.now() - s0;
      if (r.error || r.embeddedFiles !== 1) throw new Error(`the incremental update did not re-embed ${key}`);
      incrementalMs.push(round(ms, 1));
    }
    log(`quiet pass ${round(quietScanMs, 0)} ms; one changed file: ${incrementalMs.join(', ')} ms`);

    const secs = indexMs / 1000;
    const first = batches.slice(0, batches.length - incrementalMs.length);
    const res: SemanticBench = {
      files: repo.files,
      repoBytes: repo.bytes,
      chunks: state.index.count,
      tokens: result.tokens,
      indexSeconds: round(secs, 1),
      indexCpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
      filesPerSecond: round(result.embeddedFiles / secs, 0),
      chunksPerSecond: round(result.embeddedChunks / secs, 0),
      requests: first.length,
      maxInputsPerRequest: Math.max(...batches.map((b) => b.inputs)),
      maxCharsPerRequest: Math.max(...batches.map((b) => b.chars)),
      maxCharsPerInput: Math.max(...batches.map((b) => b.maxInput)),
      maxBytesPerInput: Math.max(...batches.map((b) => b.maxBytes)),
      peakHeapMb: mb(peakHeap),
      peakRssMb: mb(peakRss),
      heldHeapMb: mb(held),
      baseHeapMb: mb(baseHeap),
      saveMs: round(saveMs, 0),
      indexFileBytes,
      quietScanMs: round(quietScanMs, 0),
      incrementalMs,
      incrementalMedianMs: round(median(incrementalMs), 1),
    };
    writeFileSync(out, JSON.stringify(res, null, 2));
  } finally {
    sim.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(storeDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
