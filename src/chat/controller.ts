// The chat's host-side brain: owns the conversations (through the store), runs answers (through the
// TurnRunner), keeps the model list and the pending context chips, and tells the view what changed.
// No `vscode` import: settings, notifications and the view arrive as small interfaces, so all of
// this runs in plain Node tests with a fake API and a fake ToolHost.
import type { ApprovalView, ChatStateView, ModelsView, ToWebview } from '../shared/protocol';
import { MAX_ATTACHMENTS } from '../shared/protocol';
import type { ApprovalRequest, ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import type { VeniceModel } from '../venice/types';
import { codeBlocksOf, type CodeBlock } from './codeBlocks';
import { DeltaBatcher, type Timers } from './deltaBatcher';
import {
  answerText,
  isEmptyAnswer,
  newAssistantEntry,
  newConversation,
  newId,
  titleFrom,
  type AssistantEntry,
  type Attachment,
  type Conversation,
  type Entry,
  type ToolCallRecord,
  type UserEntry,
} from './model';
import { newestPage, pageBefore } from './paging';
import type { ChatSettings, TurnSettings } from '../llm/planner';
import type { ConversationStore } from './store';
import { TurnRunner } from './turnRunner';
import { messageView, modelViews, summaryView } from './view';

export interface ChatLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

/** What the controller needs from the editor around it. */
export interface ChatEnvironment {
  settings(): ChatSettings;
  /** Writes `venice.chat.model` at user level ('' clears it). */
  saveModelSetting(modelId: string): Promise<void>;
  /** A notification the user should see (corrupt store, storage failure). */
  warn(message: string): void;
  log: ChatLogger;
}

export interface ViewPort {
  post(message: ToWebview): void;
}

export interface ChatControllerOptions {
  timers?: Timers;
  /** Least time between two delta messages while text keeps coming (ms; default one frame). */
  batchMs?: number;
  /** How often an answer in progress is written to disk (ms). */
  persistMs?: number;
  now?: () => number;
}

interface RunningTurn {
  requestId: string;
  conversation: Conversation;
  entry: AssistantEntry;
  abort: AbortController;
  /** Why it was aborted: the user's Stop, or the extension shutting down. */
  stopReason?: 'user' | 'dispose';
  status?: string;
  done: Promise<void>;
}

interface PendingApproval {
  approvalId: string;
  toolCallId: string;
  request: ApprovalRequest;
  resolve: (approved: boolean) => void;
}

const MODELS_TTL_MS = 30 * 60_000;

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class ChatController {
  private active: Conversation | undefined;
  private loading: Promise<void> | undefined;
  private readonly loaded = new Map<string, Conversation>();
  private turn: RunningTurn | undefined;
  private readonly approvals = new Map<string, PendingApproval>();
  private pending: Attachment[] = [];
  private models: VeniceModel[] = [];
  private modelsState: Omit<ModelsView, 'selected' | 'models'> = { loading: false };
  private modelsFetchedAt = 0;
  private modelsLoad: Promise<void> | undefined;
  /** What Venice's `default` trait points at (when the model setting is empty). */
  private defaultModelId: string | undefined;
  private readonly lifetime = new AbortController();
  private persistTimer: unknown;
  private dirty = new Set<Conversation>();
  private storageWarned = false;
  private readonly batcher: DeltaBatcher;
  private readonly runner: TurnRunner;
  private readonly timers: Timers;
  private readonly persistMs: number;
  private readonly now: () => number;
  private disposed = false;

  constructor(
    private readonly api: VeniceApi,
    tools: ToolHost,
    private readonly store: ConversationStore,
    private readonly env: ChatEnvironment,
    private readonly view: ViewPort,
    opts: ChatControllerOptions = {},
  ) {
    this.timers = opts.timers ?? realTimers;
    this.persistMs = opts.persistMs ?? 1_000;
    this.now = opts.now ?? Date.now;
    this.batcher = new DeltaBatcher((m) => this.view.post(m), opts.batchMs, this.timers);
    this.runner = new TurnRunner(api, tools);
  }

  // ---------- view lifecycle ----------

  /** Starts reading the stored chat (the active conversation) without waiting for it. */
  preload(): void {
    void this.ensureLoaded();
  }

  /** The webview (re)started: send everything it needs to draw itself. */
  async onReady(): Promise<void> {
    await this.ensureLoaded();
    this.postState();
    void this.ensureModels();
  }

  getState(): ChatStateView {
    const conv = this.activeConversation();
    const notes: string[] = [];
    if (conv.droppedForStorage) {
      notes.push(`${conv.droppedForStorage} older message${conv.droppedForStorage === 1 ? ' was' : 's were'} removed from this chat to keep it within the storage limit.`);
    }
    // Only the newest page: a long chat's state stays small; the webview asks for the rest (loadOlder).
    const page = newestPage(conv.entries);
    return {
      conversations: this.store.list().map(summaryView),
      activeId: conv.id,
      messages: page.items.map((e) => this.viewOf(e)),
      olderCount: page.olderCount,
      conversationNotes: notes,
      busy: this.busyView(),
      models: this.modelsView(),
      attachments: this.attachmentViews(),
    };
  }

  /** The webview asks for the messages before the oldest one it has (active chat only). */
  async loadOlder(conversationId: string, beforeId: string): Promise<void> {
    await this.ensureLoaded();
    const conv = this.activeConversation();
    if (conv.id !== conversationId) return;
    // An id that is gone means the webview's copy is stale; the state it is about to get replaces it.
    const page = pageBefore(conv.entries, beforeId);
    if (!page) return;
    this.view.post({ type: 'olderMessages', conversationId, beforeId, messages: page.items.map((e) => this.viewOf(e)), olderCount: page.olderCount });
  }

  /** The state once the store has been read (commands return the active chat's id from it). */
  async getStateAfterLoad(): Promise<ChatStateView> {
    await this.ensureLoaded();
    return this.getState();
  }

  // ---------- sending and answers ----------

  async send(text: string, attachmentIds: readonly string[]): Promise<void> {
    await this.ensureLoaded();
    const conv = this.activeConversation();
    if (!(await this.claimTurn(conv))) {
      this.view.post({ type: 'restoreDraft', text });
      return;
    }
    const attachments = this.pending.filter((a) => attachmentIds.includes(a.id));
    if (!text.trim() && attachments.length === 0) return;
    this.pending = this.pending.filter((a) => !attachments.includes(a));

    this.dropFailedExchange(conv);
    const user: UserEntry = { id: newId(), role: 'user', text, attachments, createdAt: this.now() };
    if (!conv.entries.some((e) => e.role === 'user')) conv.title = titleFrom(text || attachments[0]?.label || 'New chat');
    conv.entries.push(user);
    // A new chat becomes the one that opens after a reload.
    if (this.store.activeId() !== conv.id) void this.store.setActive(conv.id).catch((err: unknown) => this.storageFailed(err));
    this.view.post({ type: 'messageAdded', conversationId: conv.id, message: this.viewOf(user) });
    this.view.post({ type: 'attachments', attachments: this.attachmentViews() });
    this.startTurn(conv, user);
  }

  /** Re-runs the last answer (also the error card's "Retry"). */
  async regenerate(messageId: string): Promise<void> {
    await this.ensureLoaded();
    const conv = this.activeConversation();
    if (!(await this.claimTurn(conv))) return;
    const last = conv.entries[conv.entries.length - 1];
    if (!last || last.id !== messageId || last.role !== 'assistant') return;
    conv.entries.pop();
    this.view.post({ type: 'messagesRemoved', conversationId: conv.id, messageIds: [last.id] });
    this.startTurn(conv, undefined);
  }

  /** Replaces the last user message and everything after it; the old branch is dropped, not resent. */
  async editLast(messageId: string, text: string): Promise<void> {
    await this.ensureLoaded();
    const conv = this.activeConversation();
    if (!(await this.claimTurn(conv))) {
      this.view.post({ type: 'restoreDraft', text });
      return;
    }
    const at = conv.entries.findIndex((e) => e.id === messageId);
    const lastUser = conv.entries.map((e) => e.role).lastIndexOf('user');
    if (at === -1 || at !== lastUser || !text.trim()) return;
    const old = conv.entries[at] as UserEntry;
    const removed = conv.entries.splice(at);
    this.view.post({ type: 'messagesRemoved', conversationId: conv.id, messageIds: removed.map((e) => e.id) });
    const user: UserEntry = { id: newId(), role: 'user', text, attachments: old.attachments, createdAt: this.now() };
    if (at === 0) conv.title = titleFrom(text);
    conv.entries.push(user);
    this.view.post({ type: 'messageAdded', conversationId: conv.id, message: this.viewOf(user) });
    this.startTurn(conv, undefined);
  }

  stop(requestId: string): void {
    if (this.turn && this.turn.requestId === requestId) this.stopTurn(this.turn, 'user');
  }

  /** Resolves when no answer is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.turn) await this.turn.done;
  }

  resolveApproval(approvalId: string, apply: boolean): void {
    this.approvals.get(approvalId)?.resolve(apply);
  }

  async review(approvalId: string): Promise<void> {
    const a = this.approvals.get(approvalId);
    if (!a?.request.review) return;
    try {
      await a.request.review();
    } catch (err) {
      this.env.log.error('Opening the review failed', err);
    }
  }

  // ---------- conversations ----------

  async newChat(): Promise<string> {
    await this.ensureLoaded();
    const conv = this.activeConversation();
    if (conv.entries.length > 0) {
      this.active = newConversation(this.now());
      await this.store.setActive(undefined).catch((err: unknown) => this.storageFailed(err));
      this.postState();
    }
    this.view.post({ type: 'focusInput' });
    return this.activeConversation().id;
  }

  async switchTo(conversationId: string): Promise<void> {
    await this.ensureLoaded();
    if (this.active?.id === conversationId) return;
    const conv = await this.loadConversation(conversationId);
    if (!conv) {
      this.view.post({ type: 'conversations', conversations: this.store.list().map(summaryView), activeId: this.activeConversation().id });
      return;
    }
    this.active = conv;
    await this.store.setActive(conv.id).catch((err: unknown) => this.storageFailed(err));
    this.postState();
  }

  async titleOf(conversationId: string): Promise<string | undefined> {
    return (await this.loadConversation(conversationId))?.title;
  }

  async rename(conversationId: string, title: string): Promise<void> {
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, 100);
    const conv = await this.loadConversation(conversationId);
    if (!conv || !clean) return;
    conv.title = clean;
    if (conv.entries.length > 0) await this.save(conv);
    this.view.post({ type: 'conversations', conversations: this.store.list().map(summaryView), activeId: this.activeConversation().id });
  }

  async remove(conversationId: string): Promise<void> {
    await this.ensureLoaded();
    if (this.turn?.conversation.id === conversationId) {
      this.stopTurn(this.turn, 'user');
      await this.turn?.done;
    }
    this.dirty = new Set([...this.dirty].filter((c) => c.id !== conversationId));
    await this.store.remove(conversationId).catch((err: unknown) => this.storageFailed(err));
    this.loaded.delete(conversationId);
    if (this.active?.id === conversationId) {
      const next = this.store.list()[0];
      this.active = (next && (await this.loadConversation(next.id))) || newConversation(this.now());
      await this.store.setActive(this.active.entries.length ? this.active.id : undefined).catch((err: unknown) => this.storageFailed(err));
    }
    this.postState();
  }

  async conversation(conversationId: string): Promise<Conversation | undefined> {
    return this.loadConversation(conversationId);
  }

  // ---------- models ----------

  async selectModel(modelId: string): Promise<void> {
    if (modelId && this.models.length > 0 && !this.models.some((m) => m.id === modelId)) {
      this.env.log.warn('The view asked for a model that is not in the list; ignored.');
      return;
    }
    await this.env.saveModelSetting(modelId);
    this.postModels();
  }

  async refreshModels(): Promise<void> {
    this.modelsFetchedAt = 0;
    await this.ensureModels();
  }

  /** Settings changed somewhere: the picker shows the new choice. */
  onSettingsChanged(): void {
    this.postModels();
  }

  /** A new key may see other models (and a missing key was probably why the list failed). */
  onApiKeyChanged(): void {
    this.defaultModelId = undefined;
    if (this.models.length === 0 || this.modelsState.error) void this.refreshModels();
  }

  // ---------- context chips ----------

  addAttachment(a: Attachment): boolean {
    if (this.pending.length >= MAX_ATTACHMENTS) return false;
    this.pending.push(a);
    this.view.post({ type: 'attachments', attachments: this.attachmentViews() });
    return true;
  }

  removeAttachment(id: string): void {
    this.pending = this.pending.filter((a) => a.id !== id);
    this.view.post({ type: 'attachments', attachments: this.attachmentViews() });
  }

  // ---------- lookups for editor actions ----------

  codeBlock(messageId: string, index: number): CodeBlock | undefined {
    const entry = this.findEntry(messageId);
    return entry?.role === 'assistant' ? codeBlocksOf(entry)[index] : undefined;
  }

  answerText(messageId: string): string | undefined {
    const entry = this.findEntry(messageId);
    return entry?.role === 'assistant' ? answerText(entry) : undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.turn) this.stopTurn(this.turn, 'dispose');
    this.lifetime.abort();
    this.batcher.dispose();
    if (this.persistTimer !== undefined) this.timers.clearTimeout(this.persistTimer);
    // Best effort: whatever was not flushed yet is still on disk as 'streaming' -> 'interrupted' on load.
    for (const c of this.dirty) void this.store.save(c).catch(() => undefined);
    this.dirty.clear();
  }

  // ---------- internals: the running answer ----------

  private startTurn(conv: Conversation, user: UserEntry | undefined): void {
    const entry = newAssistantEntry(this.now(), undefined);
    conv.entries.push(entry);
    conv.updatedAt = this.now();
    const abort = new AbortController();
    const turn: RunningTurn = { requestId: newId(), conversation: conv, entry, abort, done: Promise.resolve() };
    this.turn = turn;
    this.loaded.set(conv.id, conv);
    this.view.post({ type: 'messageAdded', conversationId: conv.id, message: this.viewOf(entry) });
    this.view.post({ type: 'busy', busy: this.busyView() });
    this.markDirty(conv, true);
    turn.done = this.runTurn(turn, user).finally(() => {
      if (this.turn === turn) this.turn = undefined;
    });
  }

  private async runTurn(turn: RunningTurn, sentBy: UserEntry | undefined): Promise<void> {
    const { conversation: conv, entry, abort } = turn;
    const key = { requestId: turn.requestId, conversationId: conv.id, messageId: entry.id };
    const update = () => {
      this.batcher.flush();
      this.view.post({ type: 'messageUpdated', conversationId: conv.id, message: this.viewOf(entry) });
      this.markDirty(conv);
    };
    const clearStatus = () => {
      if (turn.status === undefined) return;
      turn.status = undefined;
      update();
    };
    try {
      const settings = await this.turnSettings(abort.signal);
      if (!entry.model) entry.model = settings.resolvedModel;
      await this.runner.run({
        prior: conv.entries.slice(0, -1),
        entry,
        settings,
        signal: abort.signal,
        hooks: {
          onText: (round, text) => {
            clearStatus();
            this.batcher.push({ ...key, round, channel: 'text' }, text);
            this.markDirty(conv);
          },
          onReasoning: (round, text) => {
            clearStatus();
            this.batcher.push({ ...key, round, channel: 'reasoning' }, text);
            this.markDirty(conv);
          },
          onChange: update,
          onRetry: (n) => {
            const secs = Math.max(1, Math.round(n.delayMs / 1000));
            turn.status =
              n.status === 429
                ? `Rate limited by Venice: retrying in ${secs} s (attempt ${n.attempt})…`
                : `Venice is not answering (${n.status || n.reason}): retrying in ${secs} s (attempt ${n.attempt})…`;
            update();
          },
          requestApproval: (call, req) => this.askApproval(turn, call, req, update),
        },
      });
    } catch (err) {
      // Only model resolution can land here; the runner turns its own failures into entry state.
      if (abort.signal.aborted) entry.state = 'stopped';
      else {
        entry.state = 'error';
        entry.error = { kind: 'unexpected', message: err instanceof Error ? err.message : String(err) };
      }
    }
    if (turn.stopReason === 'dispose') {
      entry.state = 'interrupted';
      entry.error ??= { kind: 'interrupted', message: 'This answer was cut short when the extension stopped.', action: 'retry' };
    }
    if (entry.state === 'streaming') entry.state = 'done';
    turn.status = undefined;
    if (this.disposed) return;
    this.batcher.flush();
    conv.updatedAt = this.now();
    this.dirty.delete(conv);
    await this.save(conv);
    this.turn = undefined;
    // Not busy first: by the time the answer shows as finished, the input already takes the next question.
    this.view.post({ type: 'busy', busy: null });
    this.view.post({ type: 'messageUpdated', conversationId: conv.id, message: this.viewOf(entry) });
    this.postConversations();
    // Nothing typed is lost: a send that got no answer at all puts the text and chips back.
    if (sentBy && (entry.state === 'error' || entry.state === 'interrupted') && isEmptyAnswer(entry) && conv === this.active) {
      this.view.post({ type: 'restoreDraft', text: sentBy.text });
      for (const a of sentBy.attachments) if (!this.pending.some((p) => p.id === a.id)) this.addAttachment(a);
    }
  }

  /**
   * One answer at a time. An answer running in another chat is stopped first; one running in this
   * chat means "not now" (false). Also false when the user switched chats meanwhile.
   */
  private async claimTurn(conv: Conversation): Promise<boolean> {
    while (this.turn) {
      if (this.turn.conversation === conv) return false;
      this.stopTurn(this.turn, 'user');
      await this.turn.done;
    }
    return this.active === conv;
  }

  private stopTurn(turn: RunningTurn, reason: 'user' | 'dispose'): void {
    turn.stopReason ??= reason;
    turn.abort.abort();
  }

  private askApproval(turn: RunningTurn, call: ToolCallRecord, request: ApprovalRequest, update: () => void): Promise<boolean> {
    if (turn.abort.signal.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const approvalId = newId();
      const onAbort = () => finish(false);
      const finish = (approved: boolean) => {
        if (!this.approvals.has(approvalId)) return;
        this.approvals.delete(approvalId);
        turn.abort.signal.removeEventListener('abort', onAbort);
        resolve(approved);
      };
      this.approvals.set(approvalId, { approvalId, toolCallId: call.id, request, resolve: finish });
      turn.abort.signal.addEventListener('abort', onAbort);
      call.status = 'awaitingApproval';
      update();
    });
  }

  private approvalFor = (toolCallId: string): ApprovalView | undefined => {
    for (const a of this.approvals.values()) {
      if (a.toolCallId === toolCallId) {
        return { approvalId: a.approvalId, title: a.request.title, detail: a.request.detail, warning: a.request.warning, canReview: !!a.request.review };
      }
    }
    return undefined;
  };

  /** A failed send with no answer is replaced by the next message (its text went back to the input). */
  private dropFailedExchange(conv: Conversation): void {
    const n = conv.entries.length;
    const last = conv.entries[n - 1];
    const before = conv.entries[n - 2];
    if (last?.role !== 'assistant' || before?.role !== 'user') return;
    if ((last.state !== 'error' && last.state !== 'interrupted') || !isEmptyAnswer(last)) return;
    conv.entries.splice(n - 2, 2);
    this.view.post({ type: 'messagesRemoved', conversationId: conv.id, messageIds: [before.id, last.id] });
  }

  private async turnSettings(signal: AbortSignal): Promise<TurnSettings> {
    const s = this.env.settings();
    await this.ensureModels(signal);
    const resolvedModel = s.model || (await this.defaultModel(signal));
    return { ...s, resolvedModel, modelInfo: this.models.find((m) => m.id === resolvedModel) };
  }

  private async defaultModel(signal: AbortSignal): Promise<string> {
    if (this.defaultModelId) return this.defaultModelId;
    try {
      const traits = await this.api.modelTraits('text', { signal });
      const id = traits.default;
      if (typeof id === 'string' && id) {
        this.defaultModelId = id;
        this.postModels();
        return id;
      }
    } catch (err) {
      if (signal.aborted) throw err;
      this.env.log.warn(`Could not read Venice's default model: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Venice accepts a trait name as the model.
    return 'default';
  }

  private ensureModels(signal?: AbortSignal): Promise<void> {
    if (this.models.length > 0 && this.now() - this.modelsFetchedAt < MODELS_TTL_MS) return Promise.resolve();
    this.modelsLoad ??= this.loadModels().finally(() => {
      this.modelsLoad = undefined;
    });
    if (!signal) return this.modelsLoad;
    // A turn waits for the list, but Stop must not wait for it.
    return Promise.race([this.modelsLoad, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
  }

  private async loadModels(): Promise<void> {
    this.modelsState = { ...this.modelsState, loading: true, error: undefined };
    this.postModels();
    try {
      const signal = this.lifetime.signal;
      const [list, traits] = await Promise.all([
        this.api.listModels('text', { signal }),
        this.api.modelTraits('text', { signal }).catch(() => ({}) as Record<string, string>),
      ]);
      this.models = list;
      this.modelsFetchedAt = this.now();
      if (typeof traits.default === 'string' && traits.default) this.defaultModelId = traits.default;
      this.modelsState = { loading: false, defaultModelId: this.defaultModelId };
    } catch (err) {
      if (this.disposed) return;
      this.modelsState = { loading: false, defaultModelId: this.defaultModelId, error: `Could not load models: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.postModels();
  }

  // ---------- internals: persistence ----------

  private async ensureLoaded(): Promise<void> {
    this.loading ??= (async () => {
      try {
        await this.store.open();
        const id = this.store.activeId();
        const conv = id ? await this.store.load(id) : undefined;
        if (conv) this.loaded.set(conv.id, conv);
        this.active ??= conv ?? newConversation(this.now());
      } catch (err) {
        this.storageFailed(err);
        this.active ??= newConversation(this.now());
      }
    })();
    await this.loading;
  }

  private activeConversation(): Conversation {
    this.active ??= newConversation(this.now());
    return this.active;
  }

  private async loadConversation(id: string): Promise<Conversation | undefined> {
    if (this.active?.id === id) return this.active;
    const cached = this.loaded.get(id);
    if (cached) return cached;
    try {
      const conv = await this.store.load(id);
      if (conv) this.loaded.set(id, conv);
      // Keep memory bounded: only the active chat and a running answer's chat stay cached.
      for (const key of this.loaded.keys()) {
        if (key !== id && key !== this.active?.id && key !== this.turn?.conversation.id) this.loaded.delete(key);
      }
      return conv;
    } catch (err) {
      this.storageFailed(err);
      return undefined;
    }
  }

  /** Answers in progress are written at most every `persistMs`, so a crash keeps all but the last second. */
  private markDirty(conv: Conversation, immediately = false): void {
    this.dirty.add(conv);
    if (immediately) {
      void this.flushDirty();
      return;
    }
    if (this.persistTimer !== undefined) return;
    this.persistTimer = this.timers.setTimeout(() => {
      this.persistTimer = undefined;
      void this.flushDirty();
    }, this.persistMs);
  }

  private async flushDirty(): Promise<void> {
    const list = [...this.dirty];
    this.dirty.clear();
    for (const c of list) await this.save(c);
  }

  private async save(conv: Conversation): Promise<void> {
    try {
      await this.store.save(conv);
    } catch (err) {
      this.storageFailed(err);
    }
  }

  private storageFailed(err: unknown): void {
    this.env.log.error('Saving chats failed', err);
    if (this.storageWarned) return;
    this.storageWarned = true;
    this.env.warn(`Venice: chats could not be saved (${err instanceof Error ? err.message : String(err)}). They stay in memory until VS Code closes.`);
  }

  // ---------- internals: views ----------

  private viewOf(e: Entry) {
    const status = this.turn && this.turn.entry === e ? this.turn.status : undefined;
    return messageView(e, this.approvalFor, status);
  }

  private findEntry(messageId: string): Entry | undefined {
    for (const conv of [this.active, this.turn?.conversation, ...this.loaded.values()]) {
      const e = conv?.entries.find((x) => x.id === messageId);
      if (e) return e;
    }
    return undefined;
  }

  private busyView() {
    return this.turn ? { requestId: this.turn.requestId, conversationId: this.turn.conversation.id, messageId: this.turn.entry.id } : null;
  }

  private attachmentViews() {
    return this.pending.map((a) => ({ id: a.id, label: a.label, kind: a.kind, lines: a.lines, bytes: a.bytes }));
  }

  private modelsView(): ModelsView {
    return { ...this.modelsState, models: modelViews(this.models), selected: this.env.settings().model };
  }

  private postModels(): void {
    if (!this.disposed) this.view.post({ type: 'models', models: this.modelsView() });
  }

  private postConversations(): void {
    this.view.post({ type: 'conversations', conversations: this.store.list().map(summaryView), activeId: this.activeConversation().id });
  }

  private postState(): void {
    this.batcher.flush();
    this.view.post({ type: 'state', state: this.getState() });
  }
}
