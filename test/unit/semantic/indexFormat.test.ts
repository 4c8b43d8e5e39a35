// The on-disk index: a round trip keeps every vector and chunk, a damaged index is detected (bad
// header, length mismatch, checksum, mismatched halves) and never used, and a save is atomic.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CorruptIndexError, crc32, decodeIndex, encodeIndex, HEADER_BYTES, type IndexState } from '../../../src/semantic/indexFormat';
import { IndexStorage } from '../../../src/semantic/indexStore';
import { VectorIndex } from '../../../src/semantic/vectorIndex';

function sampleState(): IndexState {
  const index = new VectorIndex(4);
  index.replaceFile('src/a.ts', [{ startLine: 1, endLine: 10 }, { startLine: 11, endLine: 20 }], [[1, 2, 3, 4], [0, 0, 1, 0]]);
  index.replaceFile('README.md', [{ startLine: 1, endLine: 3 }], [[-1, 0, 0, 0.5]]);
  const files = new Map([
    ['src/a.ts', { key: 'src/a.ts', hash: 'a'.repeat(64), size: 300, mtimeMs: 1700000000000.5 }],
    ['README.md', { key: 'README.md', hash: 'b'.repeat(64), size: 40, mtimeMs: 1700000000001 }],
    ['empty.txt', { key: 'empty.txt', hash: 'c'.repeat(64), size: 0, mtimeMs: 1 }],
  ]);
  return { model: 'text-embedding-bge-m3', index, files, updatedAt: 1234 };
}

function corrupt(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof CorruptIndexError && reason.test(e.message), `expected CorruptIndexError matching ${reason}`);
}

describe('venice-only semantic: index format', () => {
  it('round-trips vectors, chunks and file records exactly', () => {
    const state = sampleState();
    const enc = encodeIndex(state);
    assert.equal(enc.bin.byteLength, HEADER_BYTES + 3 * 4 + 3 * 4); // a byte per number, a Float32 scale per vector
    const back = decodeIndex(enc.json, enc.bin);
    assert.equal(back.model, state.model);
    assert.deepEqual([...back.index.vectors()], [...state.index.vectors()]);
    assert.deepEqual(back.index.chunkRefs(), state.index.chunkRefs());
    assert.deepEqual([...back.files.entries()], [...state.files.entries()]);
    assert.deepEqual(back.index.search([1, 2, 3, 4], 1)[0].file, 'src/a.ts');
  });

  it('stores a byte per number (a quarter of Float32s) and still reads a first-format (Float32) index', () => {
    const state = sampleState();
    const enc = encodeIndex(state);
    // The same index as the first format wrote it: Float32 unit vectors, version 1 in both halves.
    const unit = [[1, 2, 3, 4], [0, 0, 1, 0], [-1, 0, 0, 0.5]].map((v) => {
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
    const body = new Uint8Array(new Float32Array(unit.flat()).buffer);
    const v1 = new Uint8Array(HEADER_BYTES + body.byteLength);
    v1.set(enc.bin.subarray(0, HEADER_BYTES));
    v1.set(body, HEADER_BYTES);
    const view = new DataView(v1.buffer);
    view.setUint32(8, 1, true);
    view.setUint32(20, crc32(body), true);
    const json = JSON.stringify({ ...(JSON.parse(enc.json) as object), version: 1 });
    const back = decodeIndex(json, v1);
    assert.deepEqual(back.index.chunkRefs(), state.index.chunkRefs());
    const old = back.index.vectors();
    unit.flat().forEach((x, i) => assert.ok(Math.abs(old[i] - x) < 0.01, `number ${i}: ${old[i]} vs ${x}`));
    assert.equal(back.index.search([-1, 0, 0, 0.5], 1)[0].startLine, 1);
    assert.equal(back.index.search([-1, 0, 0, 0.5], 1)[0].file, 'README.md');
    // Saved again, it is the byte format.
    assert.equal(encodeIndex(back).bin.byteLength, HEADER_BYTES + 3 * 4 + 3 * 4);
  });

  it('rejects a bad magic number, a truncated file and extra bytes', () => {
    const enc = encodeIndex(sampleState());
    const badMagic = enc.bin.slice();
    badMagic[0] = 0x58;
    corrupt(() => decodeIndex(enc.json, badMagic), /bad header/);
    corrupt(() => decodeIndex(enc.json, enc.bin.slice(0, enc.bin.byteLength - 4)), /bytes, expected/);
    const longer = new Uint8Array(enc.bin.byteLength + 4);
    longer.set(enc.bin);
    corrupt(() => decodeIndex(enc.json, longer), /bytes, expected/);
    corrupt(() => decodeIndex(enc.json, enc.bin.slice(0, 10)), /shorter than its header/);
  });

  it('rejects flipped vector bits (checksum) and a count that disagrees with the description', () => {
    const enc = encodeIndex(sampleState());
    const flipped = enc.bin.slice();
    flipped[HEADER_BYTES + 5] ^= 0x10;
    corrupt(() => decodeIndex(enc.json, flipped), /checksum/);
    const wrongCount = enc.bin.slice();
    new DataView(wrongCount.buffer).setUint32(16, 99, true);
    corrupt(() => decodeIndex(enc.json, wrongCount), /holds 99×4/);
  });

  it('rejects halves from different saves and malformed descriptions', () => {
    const a = encodeIndex(sampleState());
    const b = encodeIndex(sampleState());
    corrupt(() => decodeIndex(a.json, b.bin), /another version/);
    corrupt(() => decodeIndex('{not json', a.bin), /not valid JSON/);
    const meta = JSON.parse(a.json) as Record<string, unknown>;
    corrupt(() => decodeIndex(JSON.stringify({ ...meta, chunks: (meta.chunks as unknown[]).slice(1) }), a.bin), /2 chunks for 3 vectors/);
    corrupt(() => decodeIndex(JSON.stringify({ ...meta, chunks: [[9, 1, 1], [0, 1, 1], [0, 1, 1]] }), a.bin), /malformed chunk/);
    corrupt(() => decodeIndex(JSON.stringify({ ...meta, version: 3 }), a.bin), /version 3/);
  });

  describe('storage', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await fs.mkdtemp(path.join(tmpdir(), 'venice-index-'));
    });
    afterEach(async () => {
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('saves, loads, and keeps only the current vectors file', async () => {
      const store = new IndexStorage(path.join(dir, 'semantic'));
      assert.deepEqual(await store.load(), { kind: 'missing' });
      const state = sampleState();
      await store.save(state);
      state.index.removeFile('README.md');
      state.files.delete('README.md');
      await store.save(state);
      const names = (await fs.readdir(store.dir)).sort();
      assert.equal(names.length, 2, names.join(', '));
      assert.ok(names.includes('index.json') && names.some((n) => /^vectors-[0-9a-f]{16}\.bin$/.test(n)));
      const loaded = await store.load();
      assert.equal(loaded.kind, 'ok');
      assert.equal(loaded.kind === 'ok' && loaded.state.index.count, 2);
    });

    it('reports a truncated vectors file or a missing one as corrupt (never trusts it)', async () => {
      const store = new IndexStorage(dir);
      await store.save(sampleState());
      const bin = (await fs.readdir(dir)).find((n) => n.endsWith('.bin')) ?? '';
      const full = await fs.readFile(path.join(dir, bin));
      await fs.writeFile(path.join(dir, bin), full.subarray(0, full.length - 8));
      const truncated = await store.load();
      assert.equal(truncated.kind, 'corrupt');
      assert.match(truncated.kind === 'corrupt' ? truncated.reason : '', /expected/);
      await fs.rm(path.join(dir, bin));
      const missing = await store.load();
      assert.deepEqual(missing, { kind: 'corrupt', reason: 'the vectors file is missing' });
      await fs.writeFile(path.join(dir, 'index.json'), 'garbage');
      assert.equal((await store.load()).kind, 'corrupt');
    });

    it('a save that dies before its commit leaves the previous index readable', async () => {
      const store = new IndexStorage(dir);
      await store.save(sampleState());
      // Simulate a crash after the new vectors were written but before index.json was replaced.
      const stray = encodeIndex(sampleState());
      await fs.writeFile(path.join(dir, stray.vectorsFile), stray.bin);
      await fs.writeFile(path.join(dir, 'index.json.deadbeef.tmp'), stray.json.slice(0, 20));
      const loaded = await store.load();
      assert.equal(loaded.kind, 'ok');
      assert.equal(loaded.kind === 'ok' && loaded.state.index.count, 3);
    });
  });
});
