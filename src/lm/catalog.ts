// The live list of Venice text models, shared by the language model provider and @venice.
// Cached for a few minutes; dropped when the key or the API URL changes, and `onDidChange` fires
// then and whenever a refresh finds a different list.
import * as vscode from 'vscode';
import { affects } from '../config';
import { log } from '../log';
import type { Services } from '../services';
import { Disposable } from '../util/dispose';
import { toChatModelInfos, type VeniceChatModelInfo } from './modelInfo';

export const MODEL_CACHE_MS = 5 * 60_000;

interface Cached {
  at: number;
  models: VeniceChatModelInfo[];
  signature: string;
}

function signatureOf(models: readonly VeniceChatModelInfo[]): string {
  return JSON.stringify(models.map((m) => [m.id, m.name, m.maxInputTokens, m.maxOutputTokens, m.capabilities.toolCalling, m.capabilities.imageInput]));
}

export class ModelCatalog extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private cached: Cached | undefined;
  private lastSignature: string | undefined;
  private inflight: Promise<VeniceChatModelInfo[]> | undefined;
  /** Bumped on every invalidation, so a fetch started before it cannot refill the cache. */
  private generation = 0;

  constructor(
    private readonly services: Services,
    private readonly ttlMs = MODEL_CACHE_MS,
  ) {
    super();
    this.register(services.keys.onDidChange(() => this.invalidate('the API key changed')));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'apiBaseUrl')) this.invalidate('venice.apiBaseUrl changed');
      }),
    );
  }

  private invalidate(why: string): void {
    this.generation++;
    this.cached = undefined;
    this.inflight = undefined;
    this.lastSignature = undefined;
    log.debug(`Venice model list dropped: ${why}`);
    this.changed.fire();
  }

  /** The last list fetched, even if stale; undefined before the first fetch. */
  peek(): readonly VeniceChatModelInfo[] | undefined {
    return this.cached?.models;
  }

  /** Usable text models (fetches when the cache is empty or older than the TTL). Throws VeniceError. */
  async models(): Promise<VeniceChatModelInfo[]> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return this.cached.models;
    this.inflight ??= this.fetch();
    return this.inflight;
  }

  async find(id: string): Promise<VeniceChatModelInfo | undefined> {
    return (await this.models()).find((m) => m.id === id);
  }

  /** Refreshes in the background when the cache is stale (after a request, say); never throws. */
  refreshIfStale(): void {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return;
    this.models().catch((err: unknown) => log.debug(`Background model refresh failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  private async fetch(): Promise<VeniceChatModelInfo[]> {
    const generation = this.generation;
    try {
      const raw = await this.services.client.listModels('text');
      const models = toChatModelInfos(raw);
      if (generation !== this.generation) return models;
      const signature = signatureOf(models);
      this.cached = { at: Date.now(), models, signature };
      const before = this.lastSignature;
      this.lastSignature = signature;
      if (before !== undefined && before !== signature) {
        log.info(`Venice model list changed (${models.length} text models)`);
        this.changed.fire();
      }
      return models;
    } finally {
      if (generation === this.generation) this.inflight = undefined;
    }
  }
}
