// On-disk form of the semantic index: the vectors as stored in memory (one signed byte per number,
// then a little-endian Float32 scale per vector; see vectorIndex.ts) behind a 32-byte header, and a JSON file with the model, the files (content hash, size, mtime) and the
// chunk list. Both carry the same random generation; the header also carries the vector count, size
// and a CRC-32 of the block. Anything that does not add up is reported as corrupt, never used.
// Version 1 files (Float32 vectors) are still read; the next save writes version 2.
// No `vscode` import.
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { VectorIndex, type ChunkRef } from './vectorIndex';

export const INDEX_FORMAT = 'venice-semantic-index';
export const INDEX_VERSION = 2;
/** Still read: Float32 vectors, 4 bytes a number. */
const FLOAT32_VERSION = 1;
const MAGIC = 'VNVECTR1';
export const HEADER_BYTES = 32;
/** Sanity limits for what a header may claim (protects against absurd allocations). */
const MAX_DIMS = 65_536;
const MAX_COUNT = 5_000_000;

export interface FileRecord {
  /** Workspace label: "src/app.ts", or "folder/src/app.ts" in a multi-root workspace. */
  key: string;
  /** sha256 of the file's bytes when it was indexed. */
  hash: string;
  size: number;
  mtimeMs: number;
}

export interface IndexState {
  model: string;
  index: VectorIndex;
  files: Map<string, FileRecord>;
  updatedAt: number;
}

export class CorruptIndexError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CorruptIndexError';
  }
}

export interface EncodedIndex {
  generation: string;
  vectorsFile: string;
  /** The vectors file in pieces (header, bytes, scales) that share memory with the index: written as they are, never copied. */
  parts: Uint8Array[];
  /** The vectors file as one copy (tests). */
  readonly bin: Uint8Array;
  json: string;
}

interface IndexJson {
  format: string;
  version: number;
  generation: string;
  vectorsFile: string;
  model: string;
  dims: number;
  count: number;
  updatedAt: number;
  /** [key, hash, size, mtimeMs] */
  files: Array<[string, string, number, number]>;
  /** [file position in `files`, startLine, endLine], one per vector, in vector order. */
  chunks: Array<[number, number, number]>;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (zlib's, native where Node has it), continuing from `previous` (the CRC of the bytes before). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (typeof native === 'function') return native(bytes, previous) >>> 0;
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function bytesOf(v: Int8Array | Float32Array): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeIndex(state: IndexState): EncodedIndex {
  const generation = randomBytes(8).toString('hex');
  const { data, scales } = state.index.stored();
  const dims = state.index.dims;
  const count = state.index.count;
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  for (let i = 0; i < 8; i++) header[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, INDEX_VERSION, true);
  view.setUint32(12, dims, true);
  view.setUint32(16, count, true);
  let scaleBytes = bytesOf(scales);
  if (!littleEndian) {
    scaleBytes = new Uint8Array(scales.length * 4);
    const sv = new DataView(scaleBytes.buffer);
    for (let i = 0; i < scales.length; i++) sv.setFloat32(i * 4, scales[i], true);
  }
  const parts = [header, bytesOf(data), scaleBytes];
  view.setUint32(20, crc32(parts[2], crc32(parts[1])), true);
  header.set(Buffer.from(generation, 'hex'), 24);

  const fileList = [...state.files.values()];
  const position = new Map(fileList.map((f, i) => [f.key, i]));
  const chunks = state.index.chunkRefs().map((r): [number, number, number] => {
    const at = position.get(r.file);
    if (at === undefined) throw new Error(`Chunk of ${r.file} has no file record.`);
    return [at, r.startLine, r.endLine];
  });
  const vectorsFile = `vectors-${generation}.bin`;
  const json: IndexJson = {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    generation,
    vectorsFile,
    model: state.model,
    dims,
    count,
    updatedAt: state.updatedAt,
    files: fileList.map((f) => [f.key, f.hash, f.size, f.mtimeMs]),
    chunks,
  };
  return {
    generation,
    vectorsFile,
    parts,
    get bin() {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.byteLength;
      }
      return out;
    },
    json: JSON.stringify(json),
  };
}

function isInt(v: unknown, min = 0): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

/** Reads and checks the JSON half; says which vectors file belongs to it. */
export function parseIndexJson(text: string): IndexJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CorruptIndexError('the index description is not valid JSON');
  }
  const o = raw as Partial<IndexJson> | null;
  if (!o || typeof o !== 'object') throw new CorruptIndexError('the index description is not an object');
  if (o.format !== INDEX_FORMAT) throw new CorruptIndexError('the index description has an unknown format');
  if (o.version !== INDEX_VERSION && o.version !== FLOAT32_VERSION) throw new CorruptIndexError(`the index has version ${String(o.version)}, this extension reads ${FLOAT32_VERSION} and ${INDEX_VERSION}`);
  if (typeof o.generation !== 'string' || !/^[0-9a-f]{16}$/.test(o.generation)) throw new CorruptIndexError('the index description has no valid generation');
  if (o.vectorsFile !== `vectors-${o.generation}.bin`) throw new CorruptIndexError('the index description names an unexpected vectors file');
  if (typeof o.model !== 'string' || !o.model) throw new CorruptIndexError('the index description names no model');
  if (!isInt(o.dims, 1) || o.dims > MAX_DIMS) throw new CorruptIndexError('the index description has an invalid vector size');
  if (!isInt(o.count) || o.count > MAX_COUNT) throw new CorruptIndexError('the index description has an invalid vector count');
  if (!Array.isArray(o.files) || !Array.isArray(o.chunks)) throw new CorruptIndexError('the index description lacks files or chunks');
  if (o.chunks.length !== o.count) throw new CorruptIndexError(`the index lists ${o.chunks.length} chunks for ${o.count} vectors`);
  for (const f of o.files) {
    if (!Array.isArray(f) || typeof f[0] !== 'string' || typeof f[1] !== 'string' || !isInt(f[2]) || typeof f[3] !== 'number') {
      throw new CorruptIndexError('the index description has a malformed file entry');
    }
  }
  for (const c of o.chunks) {
    if (!Array.isArray(c) || !isInt(c[0]) || c[0] >= o.files.length || !isInt(c[1], 1) || !isInt(c[2], 1) || c[2] < c[1]) {
      throw new CorruptIndexError('the index description has a malformed chunk entry');
    }
  }
  return o as IndexJson;
}

/** Rebuilds the state from both halves, or throws CorruptIndexError saying what is wrong. */
export function decodeIndex(jsonText: string, bin: Uint8Array): IndexState {
  const meta = parseIndexJson(jsonText);
  if (bin.byteLength < HEADER_BYTES) throw new CorruptIndexError('the vectors file is shorter than its header');
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const magic = String.fromCharCode(...bin.subarray(0, 8));
  if (magic !== MAGIC) throw new CorruptIndexError('the vectors file has a bad header');
  const version = view.getUint32(8, true);
  if (version !== meta.version) throw new CorruptIndexError('the vectors file has an unknown version');
  const dims = view.getUint32(12, true);
  const count = view.getUint32(16, true);
  if (dims !== meta.dims || count !== meta.count) {
    throw new CorruptIndexError(`the vectors file holds ${count}×${dims} but the description says ${meta.count}×${meta.dims}`);
  }
  const generation = Buffer.from(bin.subarray(24, 32)).toString('hex');
  if (generation !== meta.generation) throw new CorruptIndexError('the vectors file belongs to another version of the index');
  const float32 = version === FLOAT32_VERSION;
  const expected = HEADER_BYTES + (float32 ? dims * count * 4 : dims * count + count * 4);
  if (bin.byteLength !== expected) throw new CorruptIndexError(`the vectors file has ${bin.byteLength} bytes, expected ${expected}`);
  const body = bin.subarray(HEADER_BYTES);
  if (crc32(body) !== view.getUint32(20, true)) throw new CorruptIndexError('the vectors do not match their checksum');

  const files = new Map<string, FileRecord>();
  for (const [key, hash, size, mtimeMs] of meta.files) files.set(key, { key, hash, size, mtimeMs });
  const refs: ChunkRef[] = meta.chunks.map(([fi, startLine, endLine]) => ({ file: meta.files[fi][0], startLine, endLine }));
  const updatedAt = isInt(meta.updatedAt) ? meta.updatedAt : 0;
  // Copies into aligned buffers (the file's bytes may start at any offset).
  const floats = (at: number, n: number): Float32Array => {
    const out = new Float32Array(n);
    if (littleEndian) new Uint8Array(out.buffer).set(bin.subarray(at, at + n * 4));
    else for (let i = 0; i < n; i++) out[i] = view.getFloat32(at + i * 4, true);
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i])) throw new CorruptIndexError('the vectors contain invalid numbers');
    return out;
  };
  if (float32) return { model: meta.model, index: VectorIndex.fromNormalized(dims, floats(HEADER_BYTES, dims * count), refs), files, updatedAt };
  const data = new Int8Array(bin.buffer, bin.byteOffset + HEADER_BYTES, dims * count);
  const scales = floats(HEADER_BYTES + dims * count, count);
  if (scales.some((x) => x < 0)) throw new CorruptIndexError('the vectors contain invalid numbers');
  return { model: meta.model, index: VectorIndex.fromQuantized(dims, data, scales, refs), files, updatedAt };
}
