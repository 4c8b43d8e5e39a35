// The live list of Venice text models, shared by the language model provider and @venice.
// Cached for a few minutes; `invalidate()` (key or API URL changed) drops it. `onDidChange` fires on
// invalidation, when a refresh finds a different list, and when a listing works again after a
// failure (VS Code keeps an empty list until told). No `vscode` import: the wiring is in register.ts.
import type { VeniceModel } from '../venice/types';
import { toChatModelInfos, type VeniceChatModelInfo } from './modelInfo';

export const MODEL_CACHE_MS = 5 * 60_000;
/** After a failed listing, try again after this long, doubling up to the cap. */
export const RETRY_FIRST_MS = 30_000;
export const RETRY_MAX_MS = 5 * 60_000;

export interface CatalogOptions {
  ttlMs?: number;
  retryFirstMs?: number;
  retryMaxMs?: number;
  log?: (message: string) => void;
}

interface Listener {
  dispose(): void;
}

/** Shaped like `vscode.Event<void>`, so VS Code can subscribe to it directly. */
export type ChangeEvent = (listener: () => unknown, thisArgs?: unknown, disposables?: Listener[]) => Listener;

interface Cached {
  at: number;
  models: VeniceChatModelInfo[];
  signature: string;
}

function signatureOf(models: readonly VeniceChatModelInfo[]): string {
  return JSON.stringify(models.map((m) => [m.id, m.name, m.maxInputTokens, m.maxOutputTokens, m.capabilities.toolCalling, m.capabilities.imageInput]));
}

export class ModelCatalog {
  private readonly listeners = new Set<() => unknown>();
  private cached: Cached | undefined;
  private lastSignature: string | undefined;
  private inflight: Promise<VeniceChatModelInfo[]> | undefined;
  /** Bumped on every invalidation, so a fetch started before it cannot refill the cache. */
  private generation = 0;
  private failed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private disposed = false;
  private readonly ttlMs: number;
  private readonly retryFirstMs: number;
  private readonly retryMaxMs: number;

  constructor(
    private readonly listModels: () => Promise<VeniceModel[]>,
    private readonly options: CatalogOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? MODEL_CACHE_MS;
    this.retryFirstMs = options.retryFirstMs ?? RETRY_FIRST_MS;
    this.retryMaxMs = options.retryMaxMs ?? RETRY_MAX_MS;
    this.retryDelay = this.retryFirstMs;
  }

  readonly onDidChange: ChangeEvent = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : () => listener.call(thisArgs);
    this.listeners.add(bound);
    const sub = { dispose: () => void this.listeners.delete(bound) };
    disposables?.push(sub);
    return sub;
  };

  private fire(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (err) {
        this.options.log?.(`A model-list listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Drops the list (the key or the API URL changed) and tells listeners. */
  invalidate(why: string): void {
    this.generation++;
    this.cached = undefined;
    this.inflight = undefined;
    this.lastSignature = undefined;
    this.failed = false;
    this.cancelRetry();
    this.options.log?.(`Venice model list dropped: ${why}`);
    this.fire();
  }

  /** The last list fetched, even if stale; undefined before the first fetch. */
  peek(): readonly VeniceChatModelInfo[] | undefined {
    return this.cached?.models;
  }

  private fresh(): boolean {
    return this.cached !== undefined && Date.now() - this.cached.at < this.ttlMs;
  }

  /** Usable text models (fetched when the cache is empty or older than the TTL). Throws VeniceError. */
  async models(): Promise<VeniceChatModelInfo[]> {
    if (this.fresh() && this.cached) return this.cached.models;
    this.inflight ??= this.fetch();
    return this.inflight;
  }

  async find(id: string): Promise<VeniceChatModelInfo | undefined> {
    return (await this.models()).find((m) => m.id === id);
  }

  /** Refreshes in the background when the cache is stale; never throws. */
  refreshIfStale(): void {
    if (this.fresh()) return;
    this.models().catch((err: unknown) => this.options.log?.(`Background model refresh failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** After a failed listing (offline at start-up, say), tries again later, backing off. */
  retryLater(): void {
    if (this.retryTimer || this.disposed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.models().catch(() => this.retryLater());
    }, delay);
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryDelay = this.retryFirstMs;
  }

  private async fetch(): Promise<VeniceChatModelInfo[]> {
    const generation = this.generation;
    try {
      let raw: VeniceModel[];
      try {
        raw = await this.listModels();
      } catch (err) {
        if (generation === this.generation) this.failed = true;
        throw err;
      }
      const models = toChatModelInfos(raw);
      if (generation !== this.generation) return models;
      const signature = signatureOf(models);
      this.cached = { at: Date.now(), models, signature };
      const before = this.lastSignature;
      this.lastSignature = signature;
      const recovered = this.failed;
      this.failed = false;
      this.cancelRetry();
      if (recovered || (before !== undefined && before !== signature)) {
        this.options.log?.(`Venice model list ${recovered ? 'available again' : 'changed'} (${models.length} text models)`);
        this.fire();
      }
      return models;
    } finally {
      if (generation === this.generation) this.inflight = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRetry();
    this.listeners.clear();
  }
}
