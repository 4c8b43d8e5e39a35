// The chat's conversations in this window: which one is open, the few kept in memory, and getting
// them to disk. Reads the store once (lazily, or early through preload), writes an answer in
// progress at most every `persistMs` so a crash loses at most the last second, and warns once when
// the disk fails (the chats then live on in memory). A view opening first reads only the open chat's
// newest page (ensurePage: the store's small page file) to draw it; the whole chat is read after it,
// and everything that needs the whole chat (sending, older pages, export) waits for ensureLoaded.
// No `vscode` import.
import type { Timers } from './deltaBatcher';
import { newConversation, type Conversation, type ConversationSummary, type Entry } from './model';
import type { ChatEnvironment } from './ports';
import type { ConversationStore, StoredPage } from './store';

export interface SessionOptions {
  timers: Timers;
  persistMs: number;
  now: () => number;
}

export class ChatSession {
  private current: Conversation | undefined;
  private loading: Promise<void> | undefined;
  private paging: Promise<void> | undefined;
  /** The open chat's newest page, until the whole chat is read. */
  private preview: StoredPage | undefined;
  /** The chat ensureLoaded read and its file's revision (undefined: an older version wrote it). */
  private loadedFrom: { id: string; revision?: string } | undefined;
  private readonly loaded = new Map<string, Conversation>();
  /** The chat an answer is being written into: kept in memory while it runs. */
  private running: Conversation | undefined;
  private dirty = new Set<Conversation>();
  private persistTimer: unknown;
  private storageWarned = false;
  private disposed = false;

  constructor(
    private readonly store: ConversationStore,
    private readonly env: Pick<ChatEnvironment, 'warn' | 'log'>,
    private readonly opts: SessionOptions,
  ) {}

  /** Reads the store and the open chat, once; later calls wait for the same read. */
  ensureLoaded(): Promise<void> {
    this.loading ??= (async () => {
      try {
        await this.store.open();
        const id = this.store.activeId();
        const stored = id ? await this.store.loadStored(id) : undefined;
        const conv = stored?.conversation;
        if (conv) this.loaded.set(conv.id, conv);
        if (!this.current && conv) this.loadedFrom = { id: conv.id, revision: stored.revision };
        this.current ??= conv ?? newConversation(this.opts.now());
      } catch (err) {
        this.storageFailed(err);
        this.current ??= newConversation(this.opts.now());
      }
      this.preview = undefined;
    })();
    return this.loading;
  }

  /**
   * Reads what a view needs to draw the open chat first: its newest page when the store has a
   * current one (see store.ts), without the whole chat. Resolves either way; `shown()` then has the
   * page, or nothing until ensureLoaded is done. Never fails (a failed read is ensureLoaded's to report).
   */
  ensurePage(): Promise<void> {
    this.paging ??= (async () => {
      try {
        await this.store.open();
        const id = this.store.activeId();
        const page = id && !this.current ? await this.store.loadPage(id) : undefined;
        if (page && !this.current) this.preview = page;
      } catch {
        // ensureLoaded reads the same files and reports what is wrong with them.
      }
    })();
    return this.paging;
  }

  /**
   * The chat to draw: the open one, else the newest page read by ensurePage (`olderCount`: messages
   * before its entries; `revision`: set only for such a page), else undefined.
   */
  shown(): { conversation: Conversation; olderCount: number; revision?: string } | undefined {
    if (this.current) return { conversation: this.current, olderCount: 0 };
    const p = this.preview;
    return p && { conversation: p.conversation, olderCount: p.olderCount, revision: p.revision };
  }

  /** After ensureLoaded: whether a page drawn from the newest-page file with `revision` shows the open chat as read. */
  matchesLoaded(revision: string): boolean {
    return this.loadedFrom !== undefined && this.current?.id === this.loadedFrom.id && this.loadedFrom.revision === revision;
  }

  /** The open chat (a new, empty one until the store says otherwise). */
  get active(): Conversation {
    this.current ??= newConversation(this.opts.now());
    return this.current;
  }

  /** The open chat once there is one (undefined before the store was read: `active` would invent one). */
  get openChat(): Conversation | undefined {
    return this.current;
  }

  isActive(id: string): boolean {
    return this.current?.id === id;
  }

  /** Summaries of the stored chats, newest first. */
  list(): ConversationSummary[] {
    return this.store.list();
  }

  /** Opens a chat; `remember`: it is the one to reopen after a reload (an empty chat is not). */
  async open(conv: Conversation, remember = conv.entries.length > 0): Promise<void> {
    this.current = conv;
    await this.store.setActive(remember ? conv.id : undefined).catch((err: unknown) => this.storageFailed(err));
  }

  /** Opens a new, empty chat. */
  openNew(): Promise<void> {
    return this.open(newConversation(this.opts.now()), false);
  }

  /** A chat that just got its first message becomes the one that opens after a reload. */
  rememberOpened(conv: Conversation): void {
    if (this.store.activeId() !== conv.id) void this.store.setActive(conv.id).catch((err: unknown) => this.storageFailed(err));
  }

  /** An answer runs in `conv` (undefined: none runs): it stays in memory meanwhile. */
  setRunning(conv: Conversation | undefined): void {
    this.running = conv;
    if (conv) this.loaded.set(conv.id, conv);
  }

  /** A chat by id: from memory, else from the store (then only the open and the running chat stay cached). */
  async load(id: string): Promise<Conversation | undefined> {
    if (this.current?.id === id) return this.current;
    const cached = this.loaded.get(id);
    if (cached) return cached;
    try {
      const conv = await this.store.load(id);
      if (conv) this.loaded.set(id, conv);
      // Keep memory bounded: only the active chat and a running answer's chat stay cached.
      for (const key of this.loaded.keys()) {
        if (key !== id && key !== this.current?.id && key !== this.running?.id) this.loaded.delete(key);
      }
      return conv;
    } catch (err) {
      this.storageFailed(err);
      return undefined;
    }
  }

  /** A chat as it is now (memory first, else the store), without caching it: storage care reads every chat. */
  async read(id: string): Promise<Conversation | undefined> {
    const inMemory = this.inMemory(id);
    if (inMemory) return inMemory;
    try {
      return await this.store.load(id);
    } catch (err) {
      this.env.log.error('Reading a chat failed', err);
      return undefined;
    }
  }

  /** The chat if this window holds it in memory (open, running or cached). */
  inMemory(id: string): Conversation | undefined {
    if (this.current?.id === id) return this.current;
    if (this.running?.id === id) return this.running;
    return this.loaded.get(id);
  }

  /** A message in one of the chats in memory. */
  findEntry(messageId: string): { conversation: Conversation; entry: Entry } | undefined {
    for (const conv of [this.current, this.running, ...this.loaded.values()]) {
      const entry = conv?.entries.find((x) => x.id === messageId);
      if (conv && entry) return { conversation: conv, entry };
    }
    return undefined;
  }

  /** Deletes a chat; when it was open, the newest remaining one (or a new chat) opens. */
  async remove(id: string): Promise<void> {
    this.dirty = new Set([...this.dirty].filter((c) => c.id !== id));
    await this.store.remove(id).catch((err: unknown) => this.storageFailed(err));
    this.loaded.delete(id);
    if (this.current?.id !== id) return;
    const next = this.store.list()[0];
    await this.open((next && (await this.load(next.id))) || newConversation(this.opts.now()));
  }

  /** Something changed in `conv`: written within `persistMs` (or now). */
  markDirty(conv: Conversation, immediately = false): void {
    this.dirty.add(conv);
    if (immediately) {
      void this.flushDirty();
      return;
    }
    if (this.persistTimer !== undefined) return;
    this.persistTimer = this.opts.timers.setTimeout(() => {
      this.persistTimer = undefined;
      void this.flushDirty();
    }, this.opts.persistMs);
  }

  /** Writes `conv` now (an answer ended); a pending timed write of it is dropped. */
  async save(conv: Conversation): Promise<void> {
    this.dirty.delete(conv);
    try {
      await this.store.save(conv);
    } catch (err) {
      this.storageFailed(err);
    }
  }

  storageFailed(err: unknown): void {
    this.env.log.error('Saving chats failed', err);
    if (this.storageWarned) return;
    this.storageWarned = true;
    this.env.warn(`Venice: chats could not be saved (${err instanceof Error ? err.message : String(err)}). They stay in memory until VS Code closes.`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.persistTimer !== undefined) this.opts.timers.clearTimeout(this.persistTimer);
    // Best effort: whatever was not flushed yet is still on disk as 'streaming' -> 'interrupted' on load.
    for (const c of this.dirty) void this.store.save(c).catch(() => undefined);
    this.dirty.clear();
  }

  private async flushDirty(): Promise<void> {
    const list = [...this.dirty];
    this.dirty.clear();
    for (const c of list) await this.save(c);
  }
}
