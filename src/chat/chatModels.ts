// The text models the chat's picker shows and a turn resolves its model against: a copy of the
// catalogue's list kept for half an hour (a turn never waits for a reload it does not need), the
// picker's loading/error state, and what Venice's `default` trait points at when the model setting
// is empty. The list comes through a port shaped like ModelCatalog (src/llm/modelCatalog.ts).
// No `vscode` import.
import type { ModelsView } from '../shared/protocol';
import type { VeniceApi } from '../venice/api';
import type { VeniceModel } from '../venice/types';
import type { ChatLogger } from './ports';
import { modelViews } from './view';

export interface CatalogGetOptions {
  signal?: AbortSignal;
  /** Ask Venice again instead of answering from a cache. */
  refresh?: boolean;
}

/** The slice of ModelCatalog the chat uses. */
export interface ModelCatalogPort {
  get(type: 'text', opts?: CatalogGetOptions): Promise<VeniceModel[]>;
  traits(type: 'text', opts?: CatalogGetOptions): Promise<Record<string, string>>;
}

/** The API itself as an uncached catalogue (for tests and callers without a ModelCatalog). */
export function catalogOfApi(api: Pick<VeniceApi, 'listModels' | 'modelTraits'>): ModelCatalogPort {
  return {
    get: (type, opts) => api.listModels(type, { signal: opts?.signal }),
    traits: (type, opts) => api.modelTraits(type, { signal: opts?.signal }),
  };
}

export const MODELS_TTL_MS = 30 * 60_000;

export class ChatModels {
  private models: VeniceModel[] = [];
  private state: Omit<ModelsView, 'selected' | 'models'> = { loading: false };
  private fetchedAt = 0;
  private forceRefresh = false;
  private loading: Promise<void> | undefined;
  /** What Venice's `default` trait points at (when the model setting is empty). */
  private defaultModelId: string | undefined;
  private readonly lifetime = new AbortController();

  constructor(
    private readonly catalog: ModelCatalogPort,
    private readonly log: ChatLogger,
    /** The list, its state or the default changed: the picker should be redrawn. */
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the picker may offer this id (an empty list knows nothing yet, so it allows anything). */
  allows(modelId: string): boolean {
    return this.models.length === 0 || this.models.some((m) => m.id === modelId);
  }

  find(modelId: string): VeniceModel | undefined {
    return this.models.find((m) => m.id === modelId);
  }

  /** The entry the next answer would use for this setting ('' = Venice's default, when known). */
  findSelected(selected: string): VeniceModel | undefined {
    const id = selected || this.defaultModelId;
    return id ? this.find(id) : undefined;
  }

  /** True when the picker has nothing to show or shows an error (a new key may fix either). */
  get needsReload(): boolean {
    return this.models.length === 0 || !!this.state.error;
  }

  view(selected: string): ModelsView {
    return { ...this.state, models: modelViews(this.models), selected };
  }

  /** Loads the list unless a fresh one is here. With a signal, an abort stops the wait (not the load). */
  ensure(signal?: AbortSignal): Promise<void> {
    if (this.models.length > 0 && this.now() - this.fetchedAt < MODELS_TTL_MS) return Promise.resolve();
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    if (!signal) return this.loading;
    // A turn waits for the list, but Stop must not wait for it.
    return Promise.race([this.loading, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
  }

  /** The user asked for a fresh list (or the key changed). */
  refresh(): Promise<void> {
    this.fetchedAt = 0;
    this.forceRefresh = true;
    return this.ensure();
  }

  /** A new key may see other models and another default. */
  forgetDefault(): void {
    this.defaultModelId = undefined;
  }

  /** The model id a turn sends when the setting is empty: the `default` trait, else 'default' (Venice accepts the trait name). */
  async defaultModel(signal: AbortSignal): Promise<string> {
    if (this.defaultModelId) return this.defaultModelId;
    try {
      const id = (await this.catalog.traits('text', { signal })).default;
      if (typeof id === 'string' && id) {
        this.defaultModelId = id;
        this.changed();
        return id;
      }
    } catch (err) {
      if (signal.aborted) throw err;
      this.log.warn(`Could not read Venice's default model: ${err instanceof Error ? err.message : String(err)}`);
    }
    return 'default';
  }

  dispose(): void {
    this.lifetime.abort();
  }

  private async load(): Promise<void> {
    const refresh = this.forceRefresh;
    this.forceRefresh = false;
    this.state = { ...this.state, loading: true, error: undefined };
    this.changed();
    try {
      const opts = { signal: this.lifetime.signal, refresh };
      const [list, traits] = await Promise.all([this.catalog.get('text', opts), this.catalog.traits('text', opts).catch(() => ({}) as Record<string, string>)]);
      this.models = list;
      this.fetchedAt = this.now();
      if (typeof traits.default === 'string' && traits.default) this.defaultModelId = traits.default;
      this.state = { loading: false, defaultModelId: this.defaultModelId };
    } catch (err) {
      if (this.lifetime.signal.aborted) return;
      this.state = { loading: false, defaultModelId: this.defaultModelId, error: `Could not load models: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.changed();
  }

  private changed(): void {
    if (!this.lifetime.signal.aborted) this.onChange();
  }
}
