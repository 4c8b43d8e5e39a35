// The one model service of the extension: a short-lived cache of Venice's catalogue (`/models`,
// `/models/traits`, `/models/compatibility_mapping`) shared by the chat view, VS Code's language
// model provider, @venice, the model picker, images, speech and embeddings. Per model type; one
// request in flight per type; failures are never cached; the whole cache is dropped when the base
// URL or the key changes. `onDidChange` (shaped like `vscode.Event<void>`) fires when the cache is
// emptied, when a fresh list differs from the last one, and when a listing works again after a
// failure; `retryLater()` tries a failed listing again with backoff.
// No `vscode` import: unit-tested in plain Node.
import type { CallOptions, VeniceApi } from '../venice/api';
import type { ModelType, VeniceModel } from '../venice/types';

export const CATALOG_TTL_MS = 5 * 60_000;
/** After a failed listing, try again after this long, doubling up to the cap. */
export const RETRY_FIRST_MS = 30_000;
export const RETRY_MAX_MS = 5 * 60_000;

/** Model types the catalogue is asked for by this extension. */
export const LISTED_MODEL_TYPES = ['text', 'image', 'tts', 'embedding', 'upscale', 'inpaint'] as const;
export type ListedModelType = (typeof LISTED_MODEL_TYPES)[number];

export function isListedModelType(v: unknown): v is ListedModelType {
  return typeof v === 'string' && (LISTED_MODEL_TYPES as readonly string[]).includes(v);
}

/** Used when traits cannot be read (offline): Venice's documented defaults (api-notes §10). */
export const FALLBACK_DEFAULT_MODEL: Record<ListedModelType, string | undefined> = {
  text: undefined, // `default` is accepted as a model name for chat; the chat sends that itself.
  image: 'z-image-turbo',
  tts: 'tts-kokoro',
  embedding: 'text-embedding-bge-m3',
  upscale: 'upscaler',
  inpaint: 'firered-image-edit',
};

type CatalogApi = Pick<VeniceApi, 'listModels' | 'modelTraits' | 'compatibilityMapping'>;

interface Entry<T> {
  value?: T;
  at: number;
  pending?: Promise<T>;
}

export interface CatalogOptions {
  ttlMs?: number;
  now?: () => number;
  /** The identity of the account the cache belongs to (e.g. the base URL); a change empties it. */
  scope?: () => string;
  retryFirstMs?: number;
  retryMaxMs?: number;
  log?: (message: string) => void;
}

interface Subscription {
  dispose(): void;
}

/** Shaped like `vscode.Event<void>`, so VS Code can subscribe to it directly. */
export type ChangeEvent = (listener: () => unknown, thisArgs?: unknown, disposables?: Subscription[]) => Subscription;

export interface GetOptions extends CallOptions {
  /** Ignore the cached value and ask Venice again. */
  refresh?: boolean;
}

export class ModelCatalog {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly scope: () => string;
  private lastScope: string | undefined;
  private generation = 0;
  private readonly models = new Map<string, Entry<VeniceModel[]>>();
  private readonly traitMaps = new Map<string, Entry<Record<string, string>>>();
  private readonly aliasMaps = new Map<string, Entry<Record<string, string>>>();
  private readonly refreshListeners = new Set<() => void>();
  private readonly changeListeners = new Set<() => unknown>();
  /** What each type's last list looked like, to tell a changed list from the same one again. */
  private readonly signatures = new Map<string, string>();
  private readonly failedTypes = new Set<string>();
  private readonly retryFirstMs: number;
  private readonly retryMaxMs: number;
  private retryDelay: number;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    private readonly api: CatalogApi,
    private readonly options: CatalogOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CATALOG_TTL_MS;
    this.now = options.now ?? Date.now;
    this.scope = options.scope ?? (() => '');
    this.retryFirstMs = options.retryFirstMs ?? RETRY_FIRST_MS;
    this.retryMaxMs = options.retryMaxMs ?? RETRY_MAX_MS;
    this.retryDelay = this.retryFirstMs;
  }

  readonly onDidChange: ChangeEvent = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : () => listener.call(thisArgs);
    this.changeListeners.add(bound);
    const sub = { dispose: () => void this.changeListeners.delete(bound) };
    disposables?.push(sub);
    return sub;
  };

  /** Models of one type, cached for a few minutes. Throws VeniceError when Venice cannot be asked. */
  get(type: ModelType = 'text', opts: GetOptions = {}): Promise<VeniceModel[]> {
    return this.cached(this.models, type, opts, (o) => this.listAndCompare(type, o));
  }

  /** `GET /models/traits`: trait name → model id (e.g. `default` → `zai-org-glm-5-2`). */
  traits(type: ModelType = 'text', opts: GetOptions = {}): Promise<Record<string, string>> {
    return this.cached(this.traitMaps, type, opts, (o) => this.api.modelTraits(type, o));
  }

  /** `GET /models/compatibility_mapping`: alias → Venice id. */
  aliases(type: ModelType = 'text', opts: GetOptions = {}): Promise<Record<string, string>> {
    return this.cached(this.aliasMaps, type, opts, (o) => this.api.compatibilityMapping(type, o));
  }

  /** A model by id from the cached (or freshly loaded) list, if Venice lists it. */
  async find(type: ModelType, id: string, opts: GetOptions = {}): Promise<VeniceModel | undefined> {
    return (await this.get(type, opts)).find((m) => m.id === id);
  }

  /** The cached list without asking Venice (undefined when absent or stale). */
  peek(type: ModelType = 'text'): VeniceModel[] | undefined {
    this.checkScope();
    const e = this.models.get(type);
    return e?.value && this.now() - e.at < this.ttlMs ? e.value : undefined;
  }

  /** Forgets everything (the key or the base URL changed, or the user asked to refresh). */
  refresh(): void {
    this.generation++;
    this.models.clear();
    this.traitMaps.clear();
    this.aliasMaps.clear();
    this.signatures.clear();
    this.failedTypes.clear();
    this.cancelRetry();
    for (const l of [...this.refreshListeners]) l();
    this.fireChange();
  }

  /** refresh(), saying why in the log. */
  invalidate(why: string): void {
    this.options.log?.(`Venice model list dropped: ${why}`);
    this.refresh();
  }

  /** Told whenever the cache is emptied, so open pickers can reload. */
  onDidRefresh(listener: () => void): { dispose(): void } {
    this.refreshListeners.add(listener);
    return { dispose: () => this.refreshListeners.delete(listener) };
  }

  /** Loads the list again in the background when it is stale; never throws. */
  refreshIfStale(type: ModelType = 'text'): void {
    if (this.peek(type)) return;
    this.get(type).catch((err: unknown) => this.options.log?.(`Background model refresh failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** After a failed listing (offline at start-up, say), tries again later, backing off. */
  retryLater(type: ModelType = 'text'): void {
    if (this.retryTimer || this.disposed) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.get(type).catch(() => this.retryLater(type));
    }, delay);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRetry();
    this.changeListeners.clear();
    this.refreshListeners.clear();
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryDelay = this.retryFirstMs;
  }

  private fireChange(): void {
    for (const l of [...this.changeListeners]) {
      try {
        l();
      } catch (err) {
        this.options.log?.(`A model-list listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** Lists models and tells listeners when the list differs from the last one, or works again after failing. */
  private async listAndCompare(type: ModelType, o: CallOptions): Promise<VeniceModel[]> {
    const generation = this.generation;
    let list: VeniceModel[];
    try {
      list = await this.api.listModels(type, o);
    } catch (err) {
      if (generation === this.generation) this.failedTypes.add(type);
      throw err;
    }
    if (generation !== this.generation) return list;
    const signature = JSON.stringify(list);
    const before = this.signatures.get(type);
    this.signatures.set(type, signature);
    const recovered = this.failedTypes.delete(type);
    if (recovered) this.cancelRetry();
    if (recovered || (before !== undefined && before !== signature)) {
      this.options.log?.(`Venice model list (${type}) ${recovered ? 'available again' : 'changed'}: ${list.length} models`);
      this.fireChange();
    }
    return list;
  }

  private checkScope(): void {
    const scope = this.scope();
    if (this.lastScope !== undefined && scope !== this.lastScope) this.refresh();
    this.lastScope = scope;
  }

  private cached<T>(map: Map<string, Entry<T>>, type: string, opts: GetOptions, load: (o: CallOptions) => Promise<T>): Promise<T> {
    this.checkScope();
    const entry = map.get(type);
    const fresh = entry?.value !== undefined && this.now() - entry.at < this.ttlMs;
    if (!opts.refresh && fresh && entry?.value !== undefined) return Promise.resolve(entry.value);
    // Share a request already under way, unless this caller can cancel it (then it gets its own).
    if (!opts.refresh && entry?.pending && !opts.signal) return entry.pending;
    const generation = this.generation;
    const pending = load({ signal: opts.signal, onRetry: opts.onRetry }).then(
      (value) => {
        if (generation === this.generation) map.set(type, { value, at: this.now() });
        return value;
      },
      (err: unknown) => {
        const current = map.get(type);
        if (current?.pending === pending) {
          if (current.value !== undefined) map.set(type, { value: current.value, at: current.at });
          else map.delete(type);
        }
        throw err;
      },
    );
    map.set(type, { value: entry?.value, at: entry?.at ?? 0, pending });
    return pending;
  }
}
