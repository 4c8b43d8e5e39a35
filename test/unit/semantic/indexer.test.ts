// Indexing against the Venice simulator through the real client: exact /embeddings bodies, search
// finds the right file, incremental updates re-embed only changed files, Stop keeps what was done,
// and the indexing throughput is measured and printed.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { embedQuery, veniceEmbedder } from '../../../src/semantic/embed';
import type { IndexState } from '../../../src/semantic/indexFormat';
import { applyScan, scanWorkspace, type FileSource, type SourceFile } from '../../../src/semantic/indexer';
import type { Simulator } from '../../fixtures/simulator';
import { makeClient, withSimulator } from '../venice/helpers';

/** A folder on disk as the indexer's file source (what the workspace source does in VS Code). */
function folderSource(root: string): FileSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
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
      return { files: files.sort((a, b) => a.key.localeCompare(b.key)), hitLimit: false };
    },
    async read(key) {
      reads.push(key);
      return fs.readFile(path.join(root, key));
    },
  };
}

const FILES: Record<string, string> = {
  'src/invoice.ts': 'export function computeInvoiceTotal(lines: InvoiceLine[]) {\n  // sum the invoice line amounts and apply the tax rate\n  return lines.reduce((sum, l) => sum + l.amount * (1 + l.taxRate), 0);\n}\n',
  'src/weather.ts': 'export async function fetchWeatherForecast(city: string) {\n  // ask the weather service for a forecast of temperature and rain\n  return get(`/forecast?city=${city}`);\n}\n',
  'src/greeting.ts': 'export const greet = (name: string) => `Hello, ${name}!`;\n',
  'docs/guide.md': '# Guide\n\nHow to deploy the service to production with docker compose.\n',
};

describe('venice-only semantic: indexer against the simulator', function () {
  this.timeout(60_000);
  let sim: Simulator;
  let dir: string;
  let t: ReturnType<typeof makeClient>;
  const model = 'text-embedding-bge-m3';
  const embeddingRequests = () => sim.requests.filter((r) => r.path === '/embeddings');

  before(async () => {
    sim = await withSimulator();
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    sim.reset();
    t = makeClient(sim);
    dir = await fs.mkdtemp(path.join(tmpdir(), 'venice-ws-'));
    for (const [rel, text] of Object.entries(FILES)) {
      await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await fs.writeFile(path.join(dir, rel), text);
    }
  });
  afterEach(async () => {
    await t.client.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function index(state: IndexState | undefined, source = folderSource(dir), m = model) {
    const signal = new AbortController().signal;
    const scan = await scanWorkspace(state, m, source, signal);
    const result = await applyScan(state, scan, source, veniceEmbedder(t.client, m), signal);
    return { scan, result, source };
  }

  async function search(state: IndexState, query: string): Promise<string[]> {
    const q = await embedQuery(veniceEmbedder(t.client, state.model), query, new AbortController().signal);
    return state.index.search(q, 3).map((h) => h.file);
  }

  it('embeds every chunk with exactly {model, input, encoding_format: "float"} and finds the right file', async () => {
    const { scan, result } = await index(undefined);
    assert.equal(scan.totalFiles, 4);
    assert.equal(scan.changed.length, 4);
    assert.ok(scan.tokens > 0);
    assert.equal(result.embeddedFiles, 4);
    assert.equal(result.state.index.count, scan.chunks);
    assert.equal(result.state.index.dims, 1024);
    const [req] = embeddingRequests();
    assert.deepEqual(Object.keys(req.body as object).sort(), ['encoding_format', 'input', 'model']);
    const body = req.body as { model: string; input: string[]; encoding_format: string };
    assert.equal(body.model, model);
    assert.equal(body.encoding_format, 'float');
    assert.ok(body.input.some((i) => i.startsWith('src/invoice.ts:1-4\n')));
    assert.equal(req.status, 200);

    assert.equal((await search(result.state, 'invoice total with tax'))[0], 'src/invoice.ts');
    assert.equal((await search(result.state, 'weather forecast for a city'))[0], 'src/weather.ts');
    assert.equal((await search(result.state, 'deploy to production with docker'))[0], 'docs/guide.md');
  });

  it('re-embeds only what changed: unchanged files are not even read again', async () => {
    const first = await index(undefined);
    const before = embeddingRequests().length;
    const again = await index(first.result.state);
    assert.equal(again.scan.changed.length, 0);
    assert.equal(again.scan.unchanged, 4);
    assert.deepEqual(again.source.reads, [], 'size and mtime matched: no file was read');
    assert.equal(embeddingRequests().length, before, 'no embeddings request');

    await fs.writeFile(path.join(dir, 'src/greeting.ts'), 'export const greet = (name: string) => `Good morning, ${name}, here is your coffee order`;\n');
    await fs.rm(path.join(dir, 'docs/guide.md'));
    const touched = path.join(dir, 'src/weather.ts');
    await fs.utimes(touched, new Date(), new Date(Date.now() + 5000)); // same content, new mtime
    const third = await index(first.result.state);
    assert.deepEqual(third.scan.changed.map((c) => c.file.key), ['src/greeting.ts']);
    assert.deepEqual(third.scan.removed, ['docs/guide.md']);
    assert.deepEqual(third.scan.touched.map((r) => r.key), ['src/weather.ts']);
    const sent = embeddingRequests().slice(before).flatMap((r) => (r.body as { input: string[] }).input);
    assert.ok(sent.every((i) => i.startsWith('src/greeting.ts:')), `only the changed file was embedded: ${sent.join(' | ')}`);
    assert.deepEqual([...third.result.state.index.files()].sort(), ['src/greeting.ts', 'src/invoice.ts', 'src/weather.ts']);
    assert.equal((await search(third.result.state, 'coffee order good morning'))[0], 'src/greeting.ts');
  });

  it('skips binary files and files over 1 MB', async () => {
    await fs.writeFile(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    await fs.writeFile(path.join(dir, 'big.json'), 'x'.repeat(1024 * 1024 + 1));
    const { scan, result } = await index(undefined);
    assert.equal(scan.skipped.binary, 1);
    assert.equal(scan.skipped.large, 1);
    assert.ok(!result.state.index.files().has('logo.png') && !result.state.index.files().has('big.json'));
  });

  it('rebuilds everything when the model changes', async () => {
    const first = await index(undefined);
    const scan = await scanWorkspace(first.result.state, 'text-embedding-ada-002', folderSource(dir), new AbortController().signal);
    assert.equal(scan.rebuild, true);
    assert.equal(scan.changed.length, 4);
  });

  it('Stop keeps the files finished so far; the next run continues with the rest', async () => {
    for (let i = 0; i < 30; i++) await fs.writeFile(path.join(dir, `src/gen${i}.ts`), `export const value${i} = ${i}; // generated file number ${i}\n`);
    const source = folderSource(dir);
    const ctl = new AbortController();
    const scan = await scanWorkspace(undefined, model, source, ctl.signal);
    let batches = 0;
    const embed = veniceEmbedder(t.client, model);
    const result = await applyScan(undefined, scan, source, async (inputs, signal) => {
      if (++batches === 3) ctl.abort();
      return embed(inputs, signal);
    }, ctl.signal, { batchSize: 4 });
    assert.equal(result.cancelled, true);
    assert.ok(result.embeddedFiles > 0 && result.embeddedFiles < 34, `${result.embeddedFiles} files committed`);
    const rest = await index(result.state);
    assert.equal(rest.scan.changed.length, 34 - result.embeddedFiles);
    assert.equal(rest.result.state.files.size, 34);
  });

  it('an API error stops the run but keeps the files already committed', async () => {
    for (let i = 0; i < 10; i++) await fs.writeFile(path.join(dir, `src/more${i}.ts`), `export const more${i} = ${i};\n`);
    const source = folderSource(dir);
    const signal = new AbortController().signal;
    const scan = await scanWorkspace(undefined, model, source, signal);
    let calls = 0;
    const embed = veniceEmbedder(t.client, model);
    const result = await applyScan(undefined, scan, source, async (inputs, s) => {
      if (++calls === 2) sim.enqueueFault({ path: '/embeddings', fault: { kind: 'status', status: 402, body: { error: 'Insufficient USD or Diem balance to complete request' } } });
      return embed(inputs, s);
    }, signal, { batchSize: 3 });
    assert.ok(result.error, 'the 402 is reported');
    assert.match(String((result.error as Error).message), /balance/i);
    assert.ok(result.embeddedFiles >= 1 && result.state.files.size === result.embeddedFiles);
  });

  it("keeps every /embeddings request within Venice's limits (2048 inputs, 8192 tokens each), whatever batch it is asked for", async () => {
    // 2,100 one-chunk files and a file of long CJK lines (the densest text per character).
    await fs.mkdir(path.join(dir, 'many'));
    for (let i = 0; i < 2100; i++) await fs.writeFile(path.join(dir, 'many', `f${i}.ts`), `export const value${i} = ${i};\n`);
    await fs.writeFile(path.join(dir, 'cjk.md'), `${'漢字かな交じり文'.repeat(400)}\n`.repeat(3));
    const source = folderSource(dir);
    const signal = new AbortController().signal;
    const scan = await scanWorkspace(undefined, model, source, signal);
    const result = await applyScan(undefined, scan, source, veniceEmbedder(t.client, model), signal, { batchSize: 100_000, batchChars: 100_000_000 });
    assert.equal(result.error, undefined);
    assert.equal(result.embeddedFiles, 2100 + 1 + Object.keys(FILES).length);
    const bodies = embeddingRequests().map((r) => r.body as { input: string[] });
    assert.ok(bodies.every((b) => b.input.length <= 2048), `batches of ${bodies.map((b) => b.input.length)}`);
    assert.equal(Math.max(...bodies.map((b) => b.input.length)), 2048);
    // The simulator refuses an input over 8192 tokens (counted as a token per 3 UTF-8 bytes): none was.
    assert.ok(embeddingRequests().every((r) => r.status === 200));
    assert.ok(Math.max(...bodies.flatMap((b) => b.input.map((x) => Buffer.byteLength(x)))) <= 8192 * 3);
  });

  it('measures indexing throughput (files and chunks per second, through HTTP to the simulator)', async () => {
    const fileCount = 400;
    for (let i = 0; i < fileCount; i++) {
      const body = Array.from({ length: 120 }, (_, l) => `  const v${l} = compute${i % 17}(input${l}, ${l}); // step ${l} of module ${i}`).join('\n');
      await fs.writeFile(path.join(dir, `src/module${i}.ts`), `export function module${i}(input: number[]) {\n${body}\n}\n`);
    }
    const source = folderSource(dir);
    const signal = new AbortController().signal;
    const t0 = performance.now();
    const scan = await scanWorkspace(undefined, model, source, signal);
    const t1 = performance.now();
    const result = await applyScan(undefined, scan, source, veniceEmbedder(t.client, model), signal);
    const t2 = performance.now();
    const secs = (t2 - t0) / 1000;
    console.log(
      `      indexed ${result.embeddedFiles} files / ${result.embeddedChunks} chunks (~${scan.tokens} tokens) in ${secs.toFixed(2)} s ` +
        `(scan ${(t1 - t0).toFixed(0)} ms, embed+store ${(t2 - t1).toFixed(0)} ms): ${(result.embeddedFiles / secs).toFixed(0)} files/s, ` +
        `${(result.embeddedChunks / secs).toFixed(0)} chunks/s, ${embeddingRequests().length} requests`,
    );
    assert.equal(result.embeddedFiles, fileCount + 4);
    assert.ok(result.embeddedChunks > fileCount * 3);
  });
});
