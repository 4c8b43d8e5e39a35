// The semantic index of this workspace: loading it from the extension's storage, indexing (with an
// estimate and a question before the first run, progress and Stop), following file changes with a
// watcher (only changed files are embedded again), rebuilding a damaged index, and searching.
// One service per window (built by the composition root as `services.semantic`), used by the two
// commands and the search_codebase tool.
// Longer than ~350 lines on purpose: load, index, watch and search share one index object and one
// cancellation, and splitting them would pass that state through every call.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { log } from '../log';
import { resolveToolPath } from '../tools/workspaceAccess';
import type { VeniceApi } from '../venice/api';
import { isVeniceError } from '../venice/errors';
import { DEFAULT_EMBEDDING_MODEL, embedQuery, veniceEmbedder } from './embed';
import { estimateText, MAX_SEARCH_LIMIT, NO_INDEX_TEXT, reportText, snippetOf, type IndexReport, type SemanticHit } from './format';
import type { IndexState } from './indexFormat';
import { applyScan, scanWorkspace, type FileSource, type ScanResult } from './indexer';
import { indexDir } from './indexLocation';
import { IndexStorage } from './indexStore';
import type { CodebaseSearcher } from './tool';
import { MAX_INDEXED_FILES, WorkspaceFileSource } from './workspaceSource';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';

export type SearchOutcome = { kind: 'ok'; hits: SemanticHit[]; model: string; chunks: number } | { kind: 'noIndex'; message: string };

export interface IndexOptions {
  /** Skip the question before the first run (scripted callers, tests). */
  confirm: boolean;
  /** Show notifications and progress (false: run quietly, e.g. from a test). */
  interactive: boolean;
}

/** Semantic search as other features see it (`services.semantic`); search_codebase needs only `search`. */
export interface SemanticIndex extends CodebaseSearcher {
  search(query: string, limit: number, signal: AbortSignal): Promise<SearchOutcome>;
  /** Indexes (or updates) the workspace's index; undefined when the user declined. */
  indexWorkspace(opts: IndexOptions): Promise<IndexReport | undefined>;
  /** The file behind an index path, if it is still in the workspace. */
  uriOf(label: string): Promise<vscode.Uri | undefined>;
  /** Starts following file changes when an index exists (a little after start-up, never at activation). */
  resumeIfIndexed(): Promise<void>;
}

/** Watcher events are collected this long before the index is updated. */
const SYNC_DEBOUNCE_MS = 2_000;
/** Watcher updates are written to disk at most this often (a crash only costs re-embedding those files). */
const SAVE_DEBOUNCE_MS = 20_000;
/** More changed files than this at once (a checkout, npm install) are handled with one full scan. */
const MAX_TARGETED = 100;
const SNIPPET_LINES = 30;
const SNIPPET_CHARS = 3_000;

function cancelled(err: unknown): boolean {
  return (isVeniceError(err) && err.kind === 'cancelled') || (err instanceof Error && (err.name === 'AbortError' || err.name === 'Canceled'));
}

export class SemanticIndexService implements SemanticIndex, vscode.Disposable {
  private state: IndexState | undefined;
  private loaded = false;
  /** Index runs, watcher syncs and loads happen one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly source = new WorkspaceFileSource();
  private listed = false;
  private watcher: vscode.Disposable[] = [];
  private dirty = new Set<string>();
  private fullSyncPending = false;
  private syncTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private rebuildReason: string | undefined;
  private readonly lifetime = new AbortController();
  private disposed = false;

  constructor(
    private readonly client: VeniceApi,
    private readonly context: vscode.ExtensionContext,
  ) {}

  /** Where this workspace's index lives; undefined without a folder (no per-workspace storage). */
  storage(): IndexStorage | undefined {
    const dir = indexDir(this.context.storageUri);
    return dir ? new IndexStorage(dir) : undefined;
  }

  /** Starts following file changes when an index exists (called a little after start-up, never at activation). */
  async resumeIfIndexed(): Promise<void> {
    if (this.disposed || !(await this.storage()?.exists())) return;
    this.startWatching();
    // Files may have changed while VS Code was closed: one quiet pass (unchanged files are only stat'ed).
    this.scheduleSync(undefined);
  }

  // ---------- indexing ----------

  async indexWorkspace(opts: IndexOptions): Promise<IndexReport | undefined> {
    const storage = this.storage();
    if (!storage) throw new Error('Open a folder first: the semantic index belongs to a workspace.');
    return this.exclusive(() => this.indexLocked(storage, opts));
  }

  private async indexLocked(storage: IndexStorage, opts: IndexOptions): Promise<IndexReport | undefined> {
    const signal = this.lifetime.signal;
    // A damaged index is rebuilt right here (the user agreed to an index before): no question.
    const state = await this.loadLocked(storage, { interactive: opts.interactive, rebuild: false });
    const confirmed = opts.confirm || this.rebuildReason !== undefined;
    const model = state?.model ?? (await this.defaultModel(signal));
    const scan = await this.withWindowProgress('Venice: scanning the workspace for semantic search…', opts.interactive, () => scanWorkspace(state, model, this.source, signal));
    this.listed = true;

    if ((!state || scan.rebuild) && scan.changed.length > 0 && !confirmed) {
      const price = await this.priceOf(model, signal);
      const { message, detail } = estimateText(scan, MAX_INDEXED_FILES, price);
      const go = await notifyInfo(message, { modal: true, detail }, 'Index Workspace');
      if (go !== 'Index Workspace') return undefined;
    }

    const started = performance.now();
    const result = await this.withNotificationProgress('Venice: indexing the workspace for semantic search', opts.interactive, async (progress, stop) => {
      let reported = 0;
      return applyScan(state, scan, this.source, veniceEmbedder(this.client, model), stop, {
        onProgress: (p) => {
          const pct = p.chunksTotal > 0 ? (p.chunksDone / p.chunksTotal) * 100 : 100;
          progress.report({ message: `${p.chunksDone} of ${p.chunksTotal} chunks (${p.filesDone} of ${p.filesTotal} files)`, increment: Math.max(0, pct - reported) });
          reported = pct;
        },
        save: (s) => storage.save(s),
      });
    });
    this.state = result.state;
    this.rebuildReason = undefined;
    await storage.save(result.state);
    this.startWatching();

    const report: IndexReport = {
      model,
      files: result.state.files.size,
      chunks: result.state.index.count,
      embeddedFiles: result.embeddedFiles,
      embeddedChunks: result.embeddedChunks,
      removedFiles: result.removedFiles,
      unchangedFiles: scan.unchanged,
      skipped: scan.skipped,
      tokens: result.tokens,
      durationMs: Math.round(performance.now() - started),
      cancelled: result.cancelled,
      hitLimit: scan.hitLimit,
      error: result.error ? (result.error instanceof Error ? result.error.message : String(result.error)) : undefined,
    };
    log.info(`Semantic index: ${reportText(report)}`);
    if (opts.interactive) {
      const text = reportText(report);
      if (report.error) {
        const action = isVeniceError(result.error) && result.error.action === 'setApiKey' ? 'Set API Key' : undefined;
        void notifyError(text, ...(action ? [action] : [])).then((a) => (a ? vscode.commands.executeCommand(COMMANDS.setApiKey) : undefined));
      } else void notifyInfo(text);
    }
    return report;
  }

  // ---------- search ----------

  async search(query: string, limit: number, signal: AbortSignal): Promise<SearchOutcome> {
    const storage = this.storage();
    if (!storage) return { kind: 'noIndex', message: 'Semantic search needs a folder or workspace to be open.' };
    // A loaded index is searched as it is, even while an update runs (it is consistent between awaits).
    const state = this.loaded ? this.state : await this.exclusive(() => this.loadLocked(storage, { interactive: true, rebuild: true }));
    if (!state) {
      return { kind: 'noIndex', message: this.rebuildReason ? `The semantic index was damaged (${this.rebuildReason}) and is being rebuilt; try again when it is done.` : NO_INDEX_TEXT };
    }
    if (state.index.count === 0) return { kind: 'noIndex', message: 'The semantic index of this workspace is empty: it has no text files that could be indexed.' };
    const q = await embedQuery(veniceEmbedder(this.client, state.model), query, signal);
    if (q.length !== state.index.dims) throw new Error(`The index was built with ${state.index.dims}-number vectors but ${state.model} now returns ${q.length}. Run "Venice: Index Workspace for Semantic Search" again.`);
    const found = state.index.search(q, Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(limit))));
    const texts = new Map<string, Promise<string | undefined>>();
    const hits: SemanticHit[] = [];
    for (const h of found) {
      if (!texts.has(h.file)) texts.set(h.file, this.readText(h.file));
      const text = await texts.get(h.file);
      if (text === undefined) continue; // deleted or moved since it was indexed: the watcher will drop it
      hits.push({ path: h.file, startLine: h.startLine, endLine: h.endLine, score: h.score, snippet: snippetOf(text, h.startLine, h.endLine, SNIPPET_LINES, SNIPPET_CHARS) });
    }
    return { kind: 'ok', hits, model: state.model, chunks: state.index.count };
  }

  /** The file a hit points at, guarded like every tool path (inside the workspace, symlinks checked). */
  async uriOf(label: string): Promise<vscode.Uri | undefined> {
    try {
      return (await resolveToolPath(label)).uri;
    } catch {
      return undefined;
    }
  }

  private async readText(label: string): Promise<string | undefined> {
    const uri = await this.uriOf(label);
    if (!uri) return undefined;
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  // ---------- loading ----------

  /**
   * Reads the index once per session. A damaged one is deleted and the user is told; with `rebuild`
   * a rebuild starts right after (the caller holds the lock, so it runs next).
   */
  private async loadLocked(storage: IndexStorage, how: { interactive: boolean; rebuild: boolean }): Promise<IndexState | undefined> {
    if (this.loaded) return this.state;
    const res = await storage.load();
    this.loaded = true;
    if (res.kind === 'ok') {
      this.state = res.state;
      if (!this.watcher.length) {
        this.startWatching();
        this.scheduleSync(undefined);
      }
      return this.state;
    }
    if (res.kind === 'corrupt') {
      log.warn(`Semantic index is damaged (${res.reason}); discarding it and rebuilding.`);
      await storage.clear().catch((err: unknown) => log.error('Could not delete the damaged semantic index', err));
      this.rebuildReason = res.reason;
      void notifyWarning(`Venice: the semantic search index of this workspace was damaged (${res.reason}). It was discarded and is being rebuilt.`);
      if (how.rebuild) {
        // Queued behind the current lock holder: the rebuild takes the lock itself.
        void this.indexWorkspace({ confirm: true, interactive: how.interactive }).catch((err: unknown) => {
          this.rebuildReason = undefined;
          log.error('Rebuilding the semantic index failed', err);
        });
      }
    }
    this.state = undefined;
    return undefined;
  }

  private async defaultModel(signal: AbortSignal): Promise<string> {
    try {
      const traits = await this.client.modelTraits('embedding', { signal });
      if (typeof traits.default === 'string' && traits.default) return traits.default;
    } catch (err) {
      if (cancelled(err)) throw err;
      log.warn(`Could not read Venice's default embedding model; using ${DEFAULT_EMBEDDING_MODEL}.`);
    }
    return DEFAULT_EMBEDDING_MODEL;
  }

  /** USD per million input tokens, when Venice lists a price for the model. */
  private async priceOf(model: string, signal: AbortSignal): Promise<number | undefined> {
    try {
      const m = (await this.client.listModels('embedding', { signal })).find((x) => x.id === model);
      const usd = (m?.model_spec.pricing as { input?: { usd?: unknown } } | undefined)?.input?.usd;
      return typeof usd === 'number' && Number.isFinite(usd) && usd >= 0 ? usd : undefined;
    } catch {
      return undefined;
    }
  }

  // ---------- following changes ----------

  private startWatching(): void {
    if (this.watcher.length || this.disposed) return;
    const w = vscode.workspace.createFileSystemWatcher('**/*');
    const onEvent = (uri: vscode.Uri) => {
      if (uri.scheme !== 'file') return;
      const label = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      if (label === uri.fsPath || label.startsWith('..')) return; // outside the workspace
      const clean = label.replace(/\\/g, '/');
      if (this.source.mayMatter(clean)) this.scheduleSync(clean);
    };
    this.watcher = [w, w.onDidCreate(onEvent), w.onDidChange(onEvent), w.onDidDelete(onEvent)];
  }

  /** Queues a file (or, with undefined, everything) for the next debounced update. */
  private scheduleSync(label: string | undefined): void {
    if (this.disposed) return;
    if (label === undefined) this.fullSyncPending = true;
    else this.dirty.add(label);
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      void this.exclusive(() => this.syncLocked()).catch((err: unknown) => {
        if (!cancelled(err)) log.warn(`Updating the semantic index failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    }, SYNC_DEBOUNCE_MS);
  }

  private async syncLocked(): Promise<void> {
    const storage = this.storage();
    if (!storage || this.disposed) return;
    const state = await this.loadLocked(storage, { interactive: false, rebuild: true });
    if (!state) return;
    const signal = this.lifetime.signal;
    const dirty = this.dirty;
    this.dirty = new Set();
    // A deleted or renamed folder arrives as one event for the folder: its indexed files are dirty too.
    for (const label of [...dirty]) {
      const prefix = `${label}/`;
      for (const key of state.files.keys()) if (key.startsWith(prefix)) dirty.add(key);
    }
    let full = this.fullSyncPending || !this.listed || dirty.size > MAX_TARGETED;
    this.fullSyncPending = false;
    let scan: ScanResult | undefined;
    if (!full) {
      const some = await this.source.listSome([...dirty], signal);
      if (some === undefined) full = true;
      else {
        const subset: FileSource = { list: async () => ({ files: some, hitLimit: false }), read: (k) => this.source.read(k) };
        scan = await scanWorkspace(state, state.model, subset, signal, { only: dirty });
      }
    }
    if (full) {
      scan = await scanWorkspace(state, state.model, this.source, signal);
      this.listed = true;
    }
    if (!scan || (scan.changed.length === 0 && scan.removed.length === 0 && scan.touched.length === 0)) return;
    const result = await this.withWindowProgress('Venice: updating the semantic index…', true, () => applyScan(state, scan, this.source, veniceEmbedder(this.client, state.model), signal));
    this.state = result.state;
    if (result.error) log.warn(`Updating the semantic index stopped: ${result.error instanceof Error ? result.error.message : String(result.error)}`);
    else log.info(`Semantic index updated: ${result.embeddedFiles} embedded, ${result.removedFiles} removed.`);
    this.scheduleSave();
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.exclusive(() => this.saveNow());
    }, SAVE_DEBOUNCE_MS);
  }

  private async saveNow(): Promise<void> {
    const storage = this.storage();
    if (storage && this.state) await storage.save(this.state).catch((err: unknown) => log.error('Saving the semantic index failed', err));
  }

  // ---------- helpers ----------

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async withWindowProgress<T>(title: string, show: boolean, fn: () => Promise<T>): Promise<T> {
    if (!show) return fn();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, fn);
  }

  private async withNotificationProgress<T>(
    title: string,
    show: boolean,
    fn: (progress: vscode.Progress<{ message?: string; increment?: number }>, stop: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const stop = new AbortController();
    const onLifetime = () => stop.abort();
    this.lifetime.signal.addEventListener('abort', onLifetime, { once: true });
    try {
      if (!show) return await fn({ report: () => undefined }, stop.signal);
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => stop.abort());
        return fn(progress, stop.signal);
      });
    } finally {
      this.lifetime.signal.removeEventListener('abort', onLifetime);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    if (this.syncTimer) clearTimeout(this.syncTimer);
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      // Best effort: the watcher's last updates; if this does not finish, the next start re-embeds those files.
      void this.saveNow();
    }
    for (const d of this.watcher) d.dispose();
    this.watcher = [];
  }
}
