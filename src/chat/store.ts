// Conversations on disk: one JSON file per conversation plus an index (titles, dates, the active one).
// - Every write goes to a temp file that is then renamed over the target, so a crash leaves either
//   the old or the new file, never half of one.
// - A file that cannot be read back is moved aside as `*.corrupt-<time>.json` and the user is told;
//   it is never silently replaced.
// - The index is a cache: on open it is reconciled with the folder, so a missing or stale index
//   (another window, a crash between two writes) loses nothing.
// - Beside each conversation file a small "newest page" file (`pages/<id>.json`: the newest
//   NEWEST_PAGE messages and how many come before them) lets a long chat's view open without reading
//   the whole file. Each save stamps the page, the conversation and then the index entry with one new
//   revision; the page is trusted only when its revision is the index's, so a crash between the
//   writes, another window's save or a version that knows no pages (its index has no revisions) all
//   lead back to the whole file. The page is a cache: a bad one is ignored, never quarantined.
// No `vscode` import: the folder and the file operations are injected.
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Conversation, ConversationSummary } from './model';
import { summarize } from './model';
import { NEWEST_PAGE } from './paging';
import type { StorageFs } from './storageFs';
import { parseIndex, parsePage, parseStoredConversation, type StoredPage, type StoreIndex, type StoredSummary } from './storeSchema';

export type { StoredPage } from './storeSchema';

export interface StoreLimits {
  /** Oldest conversations beyond this are removed. */
  maxConversations: number;
  /** A conversation file above this (characters of JSON) is shrunk before writing. */
  maxConversationChars: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = { maxConversations: 200, maxConversationChars: 4_000_000 };

export interface StoreOptions {
  /** Told about anything the user should know (a corrupt file moved aside, old chats removed). */
  warn(message: string): void;
  log?(message: string): void;
  now?(): number;
  limits?: Partial<StoreLimits>;
}

const INDEX = 'index.json';
const FILE_PATTERN = /^conv-([A-Za-z0-9_-]{1,64})\.json$/;
const PAGES = 'pages';
const PAGE_PATTERN = /^([A-Za-z0-9_-]{1,64})\.json$/;

export class ConversationStore {
  private index: StoreIndex = { version: 1, conversations: [] };
  private opening: Promise<void> | undefined;
  /** All writes run one after another, in the order they were asked for. */
  private chain: Promise<void> = Promise.resolve();
  private readonly limits: StoreLimits;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    private readonly fs: StorageFs,
    private readonly opts: StoreOptions,
  ) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...opts.limits };
    this.now = opts.now ?? Date.now;
  }

  /** Loads and reconciles the index once; later calls wait for the same work. */
  open(): Promise<void> {
    this.opening ??= this.doOpen();
    return this.opening;
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return this.index.conversations.map(publicSummary).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  activeId(): string | undefined {
    return this.index.activeId;
  }

  async setActive(id: string | undefined): Promise<void> {
    await this.open();
    if (this.index.activeId === id) return;
    this.index.activeId = id;
    await this.enqueue(() => this.writeIndex());
  }

  async load(id: string): Promise<Conversation | undefined> {
    return (await this.loadStored(id))?.conversation;
  }

  /** The whole conversation and the revision its file was written with (see the page file above). */
  async loadStored(id: string): Promise<{ conversation: Conversation; revision?: string } | undefined> {
    await this.open();
    return this.readConversation(this.fileOf(id), id);
  }

  /**
   * The conversation's newest page from its small file, when that file is the one written with the
   * index's current revision; undefined otherwise (missing, stale, unreadable: read the whole file).
   */
  async loadPage(id: string): Promise<StoredPage | undefined> {
    await this.open();
    const revision = this.index.conversations.find((c) => c.id === id)?.revision;
    if (!revision) return undefined;
    try {
      const text = await this.fs.readFile(this.pageOf(id));
      if (text === undefined) return undefined;
      const page = parsePage(text);
      return page.revision === revision && page.conversation.id === id ? page : undefined;
    } catch (err) {
      this.opts.log?.(`chat store: the newest-page file of ${id} is not usable (${err instanceof Error ? err.message : String(err)}); reading the whole chat`);
      return undefined;
    }
  }

  /** Writes the newest page, the conversation (each atomically) and then its index entry, all with one new revision. */
  async save(conv: Conversation): Promise<void> {
    await this.open();
    const revision = randomBytes(6).toString('hex');
    const { json, stored } = this.serialize(conv, revision);
    const pageJson = pageJsonOf(stored, revision);
    const s: StoredSummary = { ...summarize(conv), revision };
    await this.enqueue(async () => {
      // Page first, index last: until the index has the new revision, the page is not trusted.
      await this.atomicWrite(this.pageOf(conv.id), pageJson);
      await this.atomicWrite(this.fileOf(conv.id), json);
      const list = this.index.conversations.filter((c) => c.id !== conv.id);
      list.push(s);
      this.index.conversations = list;
      await this.evictOverflow();
      await this.writeIndex();
    });
  }

  async remove(id: string): Promise<void> {
    await this.open();
    await this.enqueue(async () => {
      await this.fs.remove(this.fileOf(id));
      await this.fs.remove(this.pageOf(id));
      this.index.conversations = this.index.conversations.filter((c) => c.id !== id);
      if (this.index.activeId === id) this.index.activeId = undefined;
      await this.writeIndex();
    });
  }

  /** Resolves when every write asked for so far is done. */
  flushed(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  // ---------- internals ----------

  private fileOf(id: string): string {
    return join(this.dir, `conv-${id}.json`);
  }

  private pageOf(id: string): string {
    return join(this.dir, PAGES, `${id}.json`);
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.chain.then(job);
    // A failed write must not block the ones after it; the caller still sees its own failure.
    this.chain = run.catch((err: unknown) => this.opts.log?.(`chat store write failed: ${String(err)}`));
    return run;
  }

  private async doOpen(): Promise<void> {
    await this.fs.mkdirp(this.dir);
    await this.fs.mkdirp(join(this.dir, PAGES));
    const indexPath = join(this.dir, INDEX);
    const raw = await this.fs.readFile(indexPath);
    if (raw !== undefined) {
      try {
        this.index = parseIndex(raw);
      } catch {
        const moved = await this.quarantine(indexPath);
        this.opts.warn(`Venice: the chat list could not be read; it was moved aside to ${moved} and rebuilt from the saved chats.`);
        this.index = { version: 1, conversations: [] };
      }
    }
    await this.reconcile();
  }

  /** Makes the index agree with the files that are really there. */
  private async reconcile(): Promise<void> {
    const names = await this.fs.list(this.dir);
    const onDisk = new Set<string>();
    for (const name of names) {
      const m = FILE_PATTERN.exec(name);
      if (m) onDisk.add(m[1]);
    }
    // A page whose conversation is gone (removed by a version that knows no pages) is left-over cache.
    for (const name of await this.fs.list(join(this.dir, PAGES))) {
      const p = PAGE_PATTERN.exec(name);
      if (p && !onDisk.has(p[1])) await this.fs.remove(this.pageOf(p[1])).catch(() => undefined);
    }
    const known = new Map(this.index.conversations.filter((c) => onDisk.has(c.id)).map((c) => [c.id, c]));
    let changed = known.size !== this.index.conversations.length;
    for (const id of onDisk) {
      if (known.has(id)) continue;
      const stored = await this.readConversation(this.fileOf(id), id);
      if (stored) {
        known.set(id, summarize(stored.conversation));
        changed = true;
      }
    }
    this.index.conversations = [...known.values()];
    if (this.index.activeId && !known.has(this.index.activeId)) {
      this.index.activeId = undefined;
      changed = true;
    }
    if (changed) await this.enqueue(() => this.writeIndex());
  }

  private async readConversation(path: string, id: string): Promise<{ conversation: Conversation; revision?: string } | undefined> {
    const text = await this.fs.readFile(path);
    if (text === undefined) {
      this.dropFromIndex(id);
      return undefined;
    }
    try {
      const stored = parseStoredConversation(text);
      if (stored.conversation.id !== id) throw new Error('id does not match the file name');
      return stored;
    } catch (err) {
      const title = this.index.conversations.find((c) => c.id === id)?.title;
      const moved = await this.quarantine(path);
      await this.fs.remove(this.pageOf(id)).catch(() => undefined);
      this.dropFromIndex(id);
      this.opts.log?.(`chat store: ${path} is corrupt (${err instanceof Error ? err.message : String(err)})`);
      this.opts.warn(`Venice: the saved chat${title ? ` "${title}"` : ''} could not be read. The file was moved aside to ${moved}; nothing was deleted.`);
      await this.enqueue(() => this.writeIndex());
      return undefined;
    }
  }

  private dropFromIndex(id: string): void {
    this.index.conversations = this.index.conversations.filter((c) => c.id !== id);
    if (this.index.activeId === id) this.index.activeId = undefined;
  }

  private async quarantine(path: string): Promise<string> {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const target = path.replace(/\.json$/, `.corrupt-${stamp}.json`);
    await this.fs.rename(path, target);
    return target;
  }

  private async atomicWrite(path: string, data: string): Promise<void> {
    const tmp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
    await this.fs.writeFile(tmp, data);
    try {
      await this.fs.rename(tmp, path);
    } catch (err) {
      await this.fs.remove(tmp).catch(() => undefined);
      throw err;
    }
  }

  private writeIndex(): Promise<void> {
    return this.atomicWrite(join(this.dir, INDEX), JSON.stringify(this.index));
  }

  private async evictOverflow(): Promise<void> {
    const extra = this.index.conversations.length - this.limits.maxConversations;
    if (extra <= 0) return;
    const victims = [...this.index.conversations]
      .filter((c) => c.id !== this.index.activeId)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .slice(0, extra);
    for (const v of victims) {
      await this.fs.remove(this.fileOf(v.id));
      await this.fs.remove(this.pageOf(v.id));
      this.dropFromIndex(v.id);
    }
    this.opts.warn(`Venice: removed the ${victims.length} oldest chat${victims.length === 1 ? '' : 's'} to stay within ${this.limits.maxConversations} saved chats.`);
  }

  /**
   * JSON for the file, shrunk when it is over the cap: first bulky attachment and tool-result text
   * in older messages is shortened, then the oldest messages are left out (and counted, so the view
   * can say so after a reload). The in-memory conversation keeps everything until the window closes.
   * Image data does not count towards the cap (it is bounded per image and per message instead):
   * a screenshot must not push the text of a conversation out of storage.
   */
  private serialize(conv: Conversation, revision: string): { json: string; stored: Conversation } {
    const json = JSON.stringify(withRevision(conv, revision));
    if (json.length - imageChars(conv) <= this.limits.maxConversationChars) return { json, stored: conv };
    const copy = JSON.parse(json) as Conversation;
    const keepWhole = 4;
    copy.entries.slice(0, Math.max(0, copy.entries.length - keepWhole)).forEach((e) => {
      if (e.role === 'user') {
        for (const a of e.attachments) if (a.content.length > 2_000) a.content = `${a.content.slice(0, 2_000)}\n[shortened for storage]`;
      } else {
        for (const r of e.rounds) for (const c of r.toolCalls) if (c.content && c.content.length > 2_000) c.content = `${c.content.slice(0, 2_000)}\n[shortened for storage]`;
      }
    });
    let out = JSON.stringify(copy);
    let dropped = 0;
    while (out.length - imageChars(copy) > this.limits.maxConversationChars && copy.entries.length > 2) {
      copy.entries.shift();
      dropped++;
      // Keep the history starting at a user message.
      while (copy.entries.length > 2 && copy.entries[0].role !== 'user') {
        copy.entries.shift();
        dropped++;
      }
      // Counted on top of what an earlier session already left out (the in-memory copy lacks those).
      copy.droppedForStorage = (conv.droppedForStorage ?? 0) + dropped;
      out = JSON.stringify(copy);
    }
    return { json: out, stored: copy };
  }
}

/** The revision goes first in the file (the copy already has one when it comes from a shrunk file's JSON). */
function withRevision(conv: Conversation, revision: string): Conversation & { revision: string } {
  return { revision, ...conv };
}

/** The newest-page file of a conversation as it is stored (after any shrinking). */
function pageJsonOf(stored: Conversation, revision: string): string {
  const start = Math.max(0, stored.entries.length - NEWEST_PAGE);
  return JSON.stringify({ ...withRevision(stored, revision), entries: stored.entries.slice(start), olderCount: start });
}

function publicSummary(s: StoredSummary): ConversationSummary {
  return { id: s.id, title: s.title, createdAt: s.createdAt, updatedAt: s.updatedAt, messageCount: s.messageCount };
}

/** Characters of image data in a conversation (its messages' and its queue's). */
function imageChars(conv: Conversation): number {
  let n = 0;
  for (const e of conv.entries) if (e.role === 'user') for (const i of e.images ?? []) n += i.dataUrl.length;
  for (const q of conv.queued ?? []) for (const i of q.images) n += i.dataUrl.length;
  return n;
}
