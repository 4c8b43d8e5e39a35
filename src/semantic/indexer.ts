// Brings the semantic index up to date with the files: a scan finds what changed (size and mtime
// first, then a content hash, so unchanged files are never re-embedded), then the changed files are
// chunked and embedded in batches and committed file by file. Stopping keeps every file committed
// so far, so the next run continues where this one stopped.
// No `vscode` import: the files and the embeddings API come in as small interfaces (unit-tested in
// plain Node, benchmarked against the Venice simulator).
import { createHash } from 'node:crypto';
import { chunkText, DEFAULT_CHUNK_OPTIONS, decodeText, embeddingInput, estimateTokens, looksBinary, MAX_INDEXED_FILE_BYTES, type ChunkOptions, type TextChunk } from './chunker';
import type { FileRecord, IndexState } from './indexFormat';
import { VectorIndex, withHeadroom } from './vectorIndex';

export interface SourceFile {
  /** Workspace label, e.g. "src/app.ts". */
  key: string;
  size: number;
  mtimeMs: number;
}

/** Where the files come from (the workspace in VS Code, a folder in tests). */
export interface FileSource {
  /** Every file that may be indexed: excludes, .gitignore and files that may hold secrets are already left out. */
  list(signal: AbortSignal): Promise<{ files: SourceFile[]; hitLimit: boolean }>;
  read(key: string, signal: AbortSignal): Promise<Uint8Array>;
}

export interface EmbedResult {
  /** One vector per input, in input order. */
  vectors: number[][];
  tokens?: number;
}

export type Embedder = (inputs: string[], signal: AbortSignal) => Promise<EmbedResult>;

export interface ChangedFile {
  file: SourceFile;
  chunks: number;
  tokens: number;
}

export interface ScanResult {
  model: string;
  changed: ChangedFile[];
  /** Files whose content is unchanged but whose mtime moved: only their records are updated. */
  touched: FileRecord[];
  unchanged: number;
  /** Indexed files that are gone (deleted, now excluded, now binary or too large). */
  removed: string[];
  skipped: { binary: number; large: number; unreadable: number };
  totalFiles: number;
  /** Chunks and approximate tokens of the changed files. */
  chunks: number;
  tokens: number;
  hitLimit: boolean;
  /** The index was built with another model: everything is embedded again. */
  rebuild: boolean;
}

export interface ApplyProgress {
  filesDone: number;
  filesTotal: number;
  chunksDone: number;
  chunksTotal: number;
}

export interface ApplyOptions {
  /** Inputs per /embeddings request. */
  batchSize?: number;
  /** Characters per /embeddings request (keeps requests well under the API's limits). */
  batchChars?: number;
  chunkOptions?: ChunkOptions;
  onProgress?(p: ApplyProgress): void;
  /** Called every `saveEveryMs` with the state so far (long first runs survive a crash). */
  save?(state: IndexState): Promise<void>;
  saveEveryMs?: number;
  now?: () => number;
}

export interface ApplyResult {
  state: IndexState;
  embeddedFiles: number;
  embeddedChunks: number;
  removedFiles: number;
  /** Tokens Venice reported (or our estimate when it did not say). */
  tokens: number;
  cancelled: boolean;
  /** Why the run stopped early (an API error); everything committed before it is in `state`. */
  error?: unknown;
}

type Readable = { kind: 'text'; text: string; hash: string } | { kind: 'binary' | 'large' | 'unreadable' };

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function inspect(bytes: Uint8Array): Readable {
  if (bytes.byteLength > MAX_INDEXED_FILE_BYTES) return { kind: 'large' };
  if (looksBinary(bytes)) return { kind: 'binary' };
  return { kind: 'text', text: decodeText(bytes), hash: hashBytes(bytes) };
}

async function readSafely(source: FileSource, key: string, signal: AbortSignal): Promise<Readable> {
  try {
    return inspect(await source.read(key, signal));
  } catch (err) {
    if (signal.aborted) throw err;
    return { kind: 'unreadable' };
  }
}

function cancelledError(): Error {
  const e = new Error('Indexing was cancelled.');
  e.name = 'AbortError';
  return e;
}

export interface ScanOptions {
  chunkOptions?: ChunkOptions;
  /**
   * Only these files were touched (a file watcher's events): the source lists just those that are
   * still indexable, and only they can be reported as removed.
   */
  only?: ReadonlySet<string>;
}

/** Finds what has to be embedded. Reads only files whose size or mtime changed (or all, for a new model). */
export async function scanWorkspace(state: IndexState | undefined, model: string, source: FileSource, signal: AbortSignal, opts: ScanOptions = {}): Promise<ScanResult> {
  const chunkOptions = opts.chunkOptions ?? DEFAULT_CHUNK_OPTIONS;
  const rebuild = state !== undefined && state.model !== model;
  const known = rebuild ? new Map<string, FileRecord>() : (state?.files ?? new Map<string, FileRecord>());
  const listing = await source.list(signal);
  const result: ScanResult = {
    model,
    changed: [],
    touched: [],
    unchanged: 0,
    removed: [],
    skipped: { binary: 0, large: 0, unreadable: 0 },
    totalFiles: 0,
    chunks: 0,
    tokens: 0,
    hitLimit: listing.hitLimit,
    rebuild,
  };
  const present = new Set<string>();
  for (const file of listing.files) {
    if (signal.aborted) throw cancelledError();
    if (file.size > MAX_INDEXED_FILE_BYTES) {
      result.skipped.large++;
      continue;
    }
    const old = known.get(file.key);
    if (old && old.size === file.size && old.mtimeMs === file.mtimeMs) {
      present.add(file.key);
      result.unchanged++;
      continue;
    }
    const read = await readSafely(source, file.key, signal);
    if (read.kind !== 'text') {
      result.skipped[read.kind]++;
      continue;
    }
    present.add(file.key);
    if (old && old.hash === read.hash) {
      result.unchanged++;
      result.touched.push({ ...old, size: file.size, mtimeMs: file.mtimeMs });
      continue;
    }
    const chunks = chunkText(read.text, chunkOptions);
    const tokens = chunks.reduce((s, c) => s + estimateTokens(embeddingInput(file.key, c)), 0);
    result.changed.push({ file, chunks: chunks.length, tokens });
    result.chunks += chunks.length;
    result.tokens += tokens;
  }
  result.totalFiles = present.size;
  for (const key of state?.files.keys() ?? []) if (!present.has(key) && (!opts.only || opts.only.has(key))) result.removed.push(key);
  return result;
}

interface PendingFile {
  file: SourceFile;
  record: FileRecord;
  chunks: TextChunk[];
  vectors: number[][];
  /** Chunks handed to a batch so far. */
  queued: number;
  /** Chunks whose vectors came back. */
  embedded: number;
}

/** Embeds the changed files of `scan` and commits them into the state (created when there is none). */
export async function applyScan(state: IndexState | undefined, scan: ScanResult, source: FileSource, embed: Embedder, signal: AbortSignal, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const now = opts.now ?? Date.now;
  const batchSize = Math.max(1, Math.min(2048, opts.batchSize ?? 128));
  const batchChars = Math.max(1000, opts.batchChars ?? 240_000);
  const chunkOptions = opts.chunkOptions ?? DEFAULT_CHUNK_OPTIONS;
  const saveEveryMs = opts.saveEveryMs ?? 15_000;

  // A new index starts with a placeholder size; the first vectors Venice returns decide the real one.
  const current: IndexState = !state || scan.rebuild || state.model !== scan.model ? { model: scan.model, index: new VectorIndex(1), files: new Map(), updatedAt: now() } : state;
  const result: ApplyResult = { state: current, embeddedFiles: 0, embeddedChunks: 0, removedFiles: 0, tokens: 0, cancelled: false };

  for (const key of scan.removed) {
    if (current.files.delete(key)) result.removedFiles++;
    current.index.removeFile(key);
  }
  for (const r of scan.touched) current.files.set(r.key, r);
  if (current.index.count > 0) current.index.reserve(current.index.count + scan.chunks);

  const progress: ApplyProgress = { filesDone: 0, filesTotal: scan.changed.length, chunksDone: 0, chunksTotal: scan.chunks };
  opts.onProgress?.({ ...progress });
  let lastSave = now();
  const queue = [...scan.changed];
  const open: PendingFile[] = [];

  const commit = (p: PendingFile): void => {
    if (p.chunks.length > 0) {
      // The first vectors decide the size (an empty placeholder index adopts it).
      const dims = p.vectors[0].length;
      if (current.index.dims !== dims) {
        if (current.index.count > 0) throw new Error(`Venice returned ${dims}-number vectors, but this index holds ${current.index.dims}-number ones. Rebuild the index.`);
        // Room for the whole run at once, and a little for later edits: a large first index never
        // holds two copies while growing, and re-indexing one changed file never grows it.
        current.index = new VectorIndex(dims, withHeadroom(progress.chunksTotal));
      }
      current.index.replaceFile(p.file.key, p.chunks, p.vectors);
    } else {
      current.index.removeFile(p.file.key);
    }
    current.files.set(p.file.key, p.record);
    current.updatedAt = now();
    result.embeddedFiles++;
    progress.filesDone++;
  };

  /** Reads the next changed file; files that became unreadable meanwhile are dropped from the index. */
  const openNext = async (): Promise<boolean> => {
    const next = queue.shift();
    if (!next) return false;
    const read = await readSafely(source, next.file.key, signal);
    if (read.kind !== 'text') {
      current.index.removeFile(next.file.key);
      if (current.files.delete(next.file.key)) result.removedFiles++;
      progress.filesDone++;
      progress.chunksTotal -= next.chunks;
      return true;
    }
    const chunks = chunkText(read.text, chunkOptions);
    progress.chunksTotal += chunks.length - next.chunks;
    const pending: PendingFile = { file: next.file, record: { key: next.file.key, hash: read.hash, size: next.file.size, mtimeMs: next.file.mtimeMs }, chunks, vectors: [], queued: 0, embedded: 0 };
    if (chunks.length === 0) commit(pending);
    else open.push(pending);
    return true;
  };

  try {
    for (;;) {
      if (signal.aborted) throw cancelledError();
      // Fill one batch from the open files, opening more as needed.
      const batch: Array<{ p: PendingFile; at: number; input: string }> = [];
      let chars = 0;
      for (;;) {
        const p = open.find((f) => f.queued < f.chunks.length);
        if (!p) {
          if (!(await openNext())) break;
          continue;
        }
        const input = embeddingInput(p.file.key, p.chunks[p.queued]);
        if (batch.length > 0 && (batch.length >= batchSize || chars + input.length > batchChars)) break;
        batch.push({ p, at: p.queued, input });
        chars += input.length;
        p.queued++;
      }
      if (batch.length === 0) break;

      const out = await embed(batch.map((b) => b.input), signal);
      if (out.vectors.length !== batch.length) throw new Error(`Venice returned ${out.vectors.length} embeddings for ${batch.length} texts.`);
      result.tokens += out.tokens ?? batch.reduce((s, b) => s + estimateTokens(b.input), 0);
      batch.forEach((b, i) => {
        b.p.vectors[b.at] = out.vectors[i];
        b.p.embedded++;
      });
      result.embeddedChunks += batch.length;
      progress.chunksDone += batch.length;
      for (let i = open.length - 1; i >= 0; i--) {
        const p = open[i];
        if (p.embedded === p.chunks.length) {
          open.splice(i, 1);
          commit(p);
        }
      }
      opts.onProgress?.({ ...progress });
      if (opts.save && now() - lastSave >= saveEveryMs) {
        lastSave = now();
        await opts.save(current);
      }
    }
  } catch (err) {
    if (signal.aborted) result.cancelled = true;
    else result.error = err;
  }
  return result;
}
