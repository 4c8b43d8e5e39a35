// The chat's host side as one object for the view router, the commands and the tests. It wires
// four parts and forwards to them:
// - session.ts: the conversations (which is open, which are in memory, writing them to disk);
// - turns.ts: running answers (streaming, approvals, Stop, putting a failed question back);
// - viewAdapter.ts: everything posted to the webview;
// - chatModels.ts and pendingContext.ts: the model picker's list and the composer's context chips;
// - imageAttach.ts: the composer's images (checked from their bytes) and queue.ts: queued messages.
// No `vscode` import: settings, notifications and the view arrive as small interfaces (ports.ts), so
// all of this runs in plain Node tests with a fake API and a fake ToolHost.
// Over ~350 lines because it is the one entry point the router, the commands and the tests call:
// each method is a few lines forwarding to a part; compacting and checkpoint care are the newest.
import type { ChatStateView } from '../shared/protocol';
import type { ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import { catalogOfApi, ChatModels, type ModelCatalogPort } from './chatModels';
import { codeBlocksOf, type CodeBlock } from './codeBlocks';
import type { Timers } from './deltaBatcher';
import { imageFromDataUrl, isImageError, PendingImages, type ImageCheck } from './imageAttach';
import { answerText, type Attachment, type Conversation } from './model';
import { pageBefore } from './paging';
import { PendingContext } from './pendingContext';
import type { ChatEnvironment, CheckpointPort, ViewPort } from './ports';
import { CheckpointCare } from './checkpointCare';
import { ChatSession } from './session';
import type { ConversationStore } from './store';
import { ChatTurns } from './turns';
import { ChatViewAdapter } from './viewAdapter';
import { compactPlan } from './compact';
import { writeCompaction } from './compactor';

export type { ChatEnvironment, ChatLogger, CheckpointPort, ViewPort } from './ports';

export interface ChatControllerOptions {
  /** Where the model list comes from; default: straight from the API, uncached. */
  catalog?: ModelCatalogPort;
  timers?: Timers;
  /** Least time between two delta messages while text keeps coming (ms; default one frame). */
  batchMs?: number;
  /** How often an answer in progress is written to disk (ms). */
  persistMs?: number;
  now?: () => number;
  /** The answers' checkpoints; without them no before-states are kept and nothing can be restored. */
  checkpoints?: CheckpointPort;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class ChatController {
  private readonly session: ChatSession;
  private readonly models: ChatModels;
  private readonly context: PendingContext;
  private readonly images: PendingImages;
  private readonly view: ChatViewAdapter;
  private readonly turns: ChatTurns;
  private readonly checkpoints: CheckpointPort | undefined;
  /** Checkpoint storage in bounds (deleted chats' content, the cap); absent without checkpoints. */
  private readonly care: CheckpointCare | undefined;
  /** The summary being written ("Compact conversation"): one at a time, cancellable. */
  private compacting: { conversationId: string; abort: AbortController } | undefined;
  /** The revision of the newest-page file the view's page was built from (undefined: built from the whole chat). */
  private pageRevision: string | undefined;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly api: VeniceApi, tools: ToolHost, store: ConversationStore, private readonly env: ChatEnvironment, port: ViewPort, opts: ChatControllerOptions = {}) {
    const timers = opts.timers ?? realTimers;
    const now = opts.now ?? Date.now;
    this.now = now;
    this.session = new ChatSession(store, env, { timers, persistMs: opts.persistMs ?? 1_000, now });
    this.models = new ChatModels(opts.catalog ?? catalogOfApi(api), env.log, () => this.view.postModels(), now);
    this.context = new PendingContext(() => this.view.postAttachments());
    this.images = new PendingImages(() => this.view.postImages());
    this.view = new ChatViewAdapter(port, {
      session: this.session,
      models: this.models,
      context: this.context,
      images: this.images,
      selectedModel: () => env.settings().model,
      live: () => this.turns,
      systemPrompt: () => env.settings().systemPrompt,
      compactingId: () => this.compacting?.conversationId,
    });
    this.checkpoints = opts.checkpoints;
    this.care = opts.checkpoints && new CheckpointCare(opts.checkpoints, this.session, (conv, entry) => this.view.postWhole(conv, entry), env.log, timers);
    const onCheckpointSaved = () => void this.care?.answerRecorded();
    this.turns = new ChatTurns(api, tools, { session: this.session, view: this.view, models: this.models, context: this.context, images: this.images, env, now, checkpoints: this.checkpoints, onCheckpointSaved }, { timers, batchMs: opts.batchMs });
  }

  // ---------- view lifecycle ----------

  /**
   * Starts reading the stored chat without waiting for it: the active conversation's newest page (the
   * view's page is built from it) and all of it, side by side (the small file arrives long before the big one).
   */
  preload(): void {
    void this.session.ensurePage();
    void this.session.ensureLoaded().then(() => this.care?.schedule());
  }

  /** Resolves once the store's index and the open chat's newest page (when it has a current one) were read. */
  whenPageTried(): Promise<void> {
    return this.session.ensurePage();
  }

  /** Resolves once the state can be built: the open chat's newest page was read, else the whole chat. */
  async whenLoaded(): Promise<void> {
    await this.session.ensurePage();
    if (!this.session.shown()) await this.session.ensureLoaded();
  }

  /** The state for the webview's page (after whenLoaded): streamed text still held back is posted first, so none arrives twice. */
  pageState(): ChatStateView {
    this.pageRevision = this.session.shown()?.revision;
    return this.view.freshState();
  }

  /** The webview (re)started: send everything it needs to draw itself, unless its page carried the current state. */
  async onReady(hasState = false): Promise<void> {
    await this.session.ensureLoaded();
    const pageRevision = this.pageRevision;
    this.pageRevision = undefined;
    // A page drawn from the newest-page file lacks the meter; one that no longer matches the chat as read is replaced.
    if (hasState && pageRevision !== undefined) {
      if (this.session.matchesLoaded(pageRevision)) this.view.postMeter();
      else hasState = false;
    }
    if (!hasState) this.view.postState();
    void this.models.ensure();
    // Messages queued before a window reload (or while this chat was in the background) go out now.
    void this.turns.drain();
  }

  getState(): ChatStateView {
    return this.view.state();
  }

  /** The state once the store has been read (commands return the active chat's id from it). */
  async getStateAfterLoad(): Promise<ChatStateView> {
    await this.session.ensureLoaded();
    return this.view.state();
  }

  /** The webview asks for the messages before the oldest one it has (active chat only). */
  async loadOlder(conversationId: string, beforeId: string): Promise<void> {
    await this.session.ensureLoaded();
    const conv = this.session.active;
    if (conv.id !== conversationId) return;
    // An id that is gone means the webview's copy is stale; the state it is about to get replaces it.
    const page = pageBefore(conv.entries, beforeId);
    if (page) this.view.postOlder(conv, beforeId, page);
  }

  /** The webview's copy of a message went wrong (a streamed piece missed): it gets the whole message. */
  resend(conversationId: string, messageId: string): void {
    const found = this.session.findEntry(messageId);
    if (found && found.conversation.id === conversationId) this.view.postWhole(found.conversation, found.entry);
  }

  // ---------- sending and answers ----------

  /** Sends, or queues while an answer streams in this chat. */
  send(text: string, attachmentIds: readonly string[], imageIds: readonly string[] = []): Promise<void> {
    return this.turns.send(text, attachmentIds, imageIds);
  }

  removeQueued(messageId: string): Promise<void> {
    return this.turns.removeQueued(messageId);
  }

  /** Re-runs the last answer (also the error card's "Retry"). */
  regenerate(messageId: string): Promise<void> {
    return this.turns.regenerate(messageId);
  }

  /** Replaces the last user message and everything after it; the old branch is dropped, not resent. */
  editLast(messageId: string, text: string): Promise<void> {
    return this.turns.editLast(messageId, text);
  }

  stop(requestId: string): void {
    this.turns.stop(requestId);
  }

  /** Resolves when no answer is running (tests, shutdown). */
  idle(): Promise<void> {
    return this.turns.idle();
  }

  resolveApproval(approvalId: string, apply: boolean): void {
    this.turns.resolveApproval(approvalId, apply);
  }

  review(approvalId: string): Promise<void> {
    return this.turns.review(approvalId);
  }

  // ---------- checkpoints ----------

  /** "Restore files to before this answer" (undo: "Undo restore"); the answer is saved and redrawn when files changed. */
  async restoreFiles(messageId: string, undo: boolean): Promise<void> {
    const found = this.session.findEntry(messageId);
    const entry = found?.entry;
    if (!found || entry?.role !== 'assistant' || !entry.checkpoint || !this.checkpoints) return;
    // Not while the answer's own tools may still change files.
    if (this.turns.current?.entry === entry) return;
    const changed = undo ? await this.checkpoints.undoRestore(entry.checkpoint) : await this.checkpoints.restore(entry.checkpoint);
    if (!changed) return;
    await this.session.save(found.conversation);
    this.view.postWhole(found.conversation, entry);
  }

  /** Opens one file of an answer's change list in the diff editor (before ↔ now). */
  async openChangedFile(messageId: string, index: number): Promise<void> {
    const entry = this.session.findEntry(messageId)?.entry;
    if (entry?.role === 'assistant' && entry.checkpoint) await this.checkpoints?.openDiff(entry.checkpoint, index);
  }

  // ---------- compacting ----------

  /**
   * "Compact conversation": the model summarises the open chat's older turns into one message that
   * replaces them in what the model reads. Not while an answer runs in the chat; one at a time.
   */
  async compact(conversationId: string): Promise<void> {
    await this.session.ensureLoaded();
    const conv = this.session.active;
    if (conv.id !== conversationId || this.compacting || this.turns.current?.conversation === conv) return;
    const plan = compactPlan(conv.entries, conv.compaction);
    if (!plan) {
      this.env.warn('Venice: there is nothing to compact yet: the newest two questions always stay as they are.');
      return;
    }
    const abort = new AbortController();
    this.compacting = { conversationId, abort };
    this.view.postMeter();
    try {
      const settings = await this.turns.turnSettings(abort.signal);
      const compaction = await writeCompaction(this.api, conv, plan, settings, abort.signal, this.now());
      // The user may have edited the chat meanwhile: the summarised entries must still be there.
      if (conv.entries.some((e) => e.id === compaction.throughId)) {
        conv.compaction = compaction;
        await this.session.save(conv);
      }
    } catch (err) {
      if (!abort.signal.aborted) {
        const reason = err instanceof Error ? err.message : String(err);
        this.env.warn(`Venice: the chat was not compacted. ${reason}`);
      }
    } finally {
      this.compacting = undefined;
      if (!this.disposed) this.view.postMeter();
    }
  }

  /** "Undo compact": the model reads the original turns again (they never left the chat). */
  async undoCompact(conversationId: string): Promise<void> {
    await this.session.ensureLoaded();
    const conv = this.session.active;
    if (conv.id !== conversationId || !conv.compaction || this.compacting?.conversationId === conv.id) return;
    delete conv.compaction;
    await this.session.save(conv);
    this.view.postMeter();
  }

  cancelCompact(): void {
    this.compacting?.abort.abort();
  }

  // ---------- conversations ----------

  async newChat(): Promise<string> {
    await this.session.ensureLoaded();
    if (this.session.active.entries.length > 0) {
      await this.session.openNew();
      this.view.postState();
    }
    this.view.post({ type: 'focusInput' });
    return this.session.active.id;
  }

  async switchTo(conversationId: string): Promise<void> {
    await this.session.ensureLoaded();
    if (this.session.isActive(conversationId)) return;
    const conv = await this.session.load(conversationId);
    if (!conv) {
      this.view.postConversations();
      return;
    }
    await this.session.open(conv, true);
    this.view.postState();
    void this.turns.drain();
  }

  async titleOf(conversationId: string): Promise<string | undefined> {
    return (await this.session.load(conversationId))?.title;
  }

  async rename(conversationId: string, title: string): Promise<void> {
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, 100);
    const conv = await this.session.load(conversationId);
    if (!conv || !clean) return;
    conv.title = clean;
    if (conv.entries.length > 0) await this.session.save(conv);
    this.view.postConversations();
  }

  async remove(conversationId: string): Promise<void> {
    await this.session.ensureLoaded();
    await this.turns.stopIn(conversationId);
    await this.session.remove(conversationId);
    this.view.postState();
    // Its checkpoints' content is no longer needed (unless another chat shares it).
    void this.care?.run();
  }

  /** Runs checkpoint storage care now (tests; the controller also runs it on its own). */
  careForCheckpoints(): Promise<void> {
    return this.care?.run() ?? Promise.resolve();
  }

  conversation(conversationId: string): Promise<Conversation | undefined> {
    return this.session.load(conversationId);
  }

  // ---------- models ----------

  async selectModel(modelId: string): Promise<void> {
    if (modelId && !this.models.allows(modelId)) {
      this.env.log.warn('The view asked for a model that is not in the list; ignored.');
      return;
    }
    await this.env.saveModelSetting(modelId);
    this.view.postModels();
    // A queued image waiting for a model that reads it may go now.
    this.view.post({ type: 'composerNotice', notice: null });
    void this.turns.drain();
  }

  refreshModels(): Promise<void> {
    return this.models.refresh();
  }

  /** Settings changed somewhere: the picker shows the new choice. */
  onSettingsChanged(): void {
    this.view.postModels();
  }

  /** A new key may see other models (and a missing key was probably why the list failed). */
  onApiKeyChanged(): void {
    this.models.forgetDefault();
    if (this.models.needsReload) void this.models.refresh();
  }

  // ---------- context chips ----------

  addAttachment(a: Attachment): boolean {
    return this.context.add(a);
  }

  removeAttachment(id: string): void {
    this.context.remove(id);
  }

  // ---------- images ----------

  /** A pasted or dropped image (a data URL from the untrusted webview): checked from its bytes, then a chip. */
  attachImageData(dataUrl: string, name: string): void {
    this.addImage(imageFromDataUrl(dataUrl, name));
  }

  /** An image checked elsewhere ("Attach Image…" reads the file), or why it was refused. */
  addImage(check: ImageCheck): void {
    const problem = isImageError(check) ? check.error : this.images.add(check);
    this.view.post({ type: 'composerNotice', notice: problem ? { text: problem } : null });
  }

  removeImage(id: string): void {
    this.images.remove(id);
  }

  // ---------- lookups for editor actions ----------

  codeBlock(messageId: string, index: number): CodeBlock | undefined {
    const entry = this.session.findEntry(messageId)?.entry;
    return entry?.role === 'assistant' ? codeBlocksOf(entry)[index] : undefined;
  }

  answerText(messageId: string): string | undefined {
    const entry = this.session.findEntry(messageId)?.entry;
    return entry?.role === 'assistant' ? answerText(entry) : undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.compacting?.abort.abort();
    this.turns.dispose();
    this.care?.dispose();
    this.models.dispose();
    this.view.dispose();
    this.session.dispose();
  }
}
