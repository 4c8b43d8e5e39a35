// The state behind the character picker: a search text (debounced, so typing does not send a
// request per key), pages of results ("load more" until Venice returns a short page: /characters has
// no total count), and answers to old searches dropped when a newer one was started.
// No `vscode` import: unit-tested with a fake API and fake timers.
import type { CallOptions } from '../venice/api';
import type { Character, CharacterQuery } from '../venice/types';

export interface BrowserTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BrowserOptions {
  pageSize?: number;
  debounceMs?: number;
  timers?: BrowserTimers;
}

export interface BrowserView {
  query: string;
  characters: Character[];
  loading: boolean;
  /** A full page came back: there may be more. */
  hasMore: boolean;
  error?: unknown;
}

type CharactersApi = (query: CharacterQuery, opts: CallOptions) => Promise<Character[]>;

const realTimers: BrowserTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class CharacterBrowser {
  private readonly pageSize: number;
  private readonly debounceMs: number;
  private readonly timers: BrowserTimers;
  private view: BrowserView = { query: '', characters: [], loading: false, hasMore: false };
  private pending: unknown;
  private request: AbortController | undefined;
  private seq = 0;

  constructor(
    private readonly api: CharactersApi,
    private readonly onChange: (view: BrowserView) => void,
    opts: BrowserOptions = {},
  ) {
    this.pageSize = Math.min(100, Math.max(1, opts.pageSize ?? 25));
    this.debounceMs = opts.debounceMs ?? 300;
    this.timers = opts.timers ?? realTimers;
  }

  current(): BrowserView {
    return { ...this.view, characters: [...this.view.characters] };
  }

  /** First page without a search (the picker opening). */
  start(): Promise<void> {
    return this.load('', 0);
  }

  /** The user typed: search after a pause, dropping what the previous text would have loaded. */
  setQuery(text: string): void {
    const query = text.trim();
    if (this.pending !== undefined) this.timers.clearTimeout(this.pending);
    if (query === this.view.query && !this.view.error) {
      this.pending = undefined;
      return;
    }
    this.pending = this.timers.setTimeout(() => {
      this.pending = undefined;
      void this.load(query, 0);
    }, this.debounceMs);
  }

  /** The next page of the current search. */
  loadMore(): Promise<void> {
    if (this.view.loading || !this.view.hasMore) return Promise.resolve();
    return this.load(this.view.query, this.view.characters.length);
  }

  dispose(): void {
    if (this.pending !== undefined) this.timers.clearTimeout(this.pending);
    this.request?.abort();
    this.seq++;
  }

  private async load(query: string, offset: number): Promise<void> {
    const seq = ++this.seq;
    this.request?.abort();
    const ctl = new AbortController();
    this.request = ctl;
    const keep = offset > 0 ? this.view.characters : [];
    this.view = { query, characters: keep, loading: true, hasMore: false };
    this.onChange(this.current());
    try {
      const page = await this.api({ search: query || undefined, limit: this.pageSize, offset }, { signal: ctl.signal });
      if (seq !== this.seq) return;
      const seen = new Set(keep.map((c) => c.slug));
      const fresh = page.filter((c) => !seen.has(c.slug));
      this.view = { query, characters: [...keep, ...fresh], loading: false, hasMore: page.length >= this.pageSize };
    } catch (error) {
      if (seq !== this.seq) return;
      this.view = { query, characters: keep, loading: false, hasMore: false, error };
    }
    this.onChange(this.current());
  }
}
