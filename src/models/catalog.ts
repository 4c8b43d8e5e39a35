// A short-lived cache of Venice's model catalogue, shared by the model picker, image and speech
// commands (and anyone else who wants it). Per model type; one request in flight per type; failures
// are never cached; the whole cache is dropped when the base URL or key changes.
// No `vscode` import: unit-tested in plain Node.
import type { CallOptions, VeniceApi } from '../venice/api';
import type { ModelType, VeniceModel } from '../venice/types';

export const CATALOG_TTL_MS = 5 * 60_000;

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
}

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
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: CatalogApi,
    options: CatalogOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CATALOG_TTL_MS;
    this.now = options.now ?? Date.now;
    this.scope = options.scope ?? (() => '');
  }

  /** Models of one type, cached for a few minutes. Throws VeniceError when Venice cannot be asked. */
  get(type: ModelType = 'text', opts: GetOptions = {}): Promise<VeniceModel[]> {
    return this.cached(this.models, type, opts, (o) => this.api.listModels(type, o));
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
    for (const l of [...this.listeners]) l();
  }

  /** Told whenever the cache is emptied, so open pickers can reload. */
  onDidRefresh(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
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
