// Everything the chat tells its webview, built from the session, the model list, the composer's
// context chips and the answer running now. An answer in progress reaches the webview as deltas
// (turns.ts) plus small patches without its text (postAnswer); the whole message goes again only
// when the webview asks for it (postWhole). No `vscode` import.
import { answerDigest } from '../shared/answerDigest';
import type { ApprovalView, BusyView, ChatStateView, MeterView, ModelsView, ToWebview } from '../shared/protocol';
import { meterView } from './meter';
import type { ChatModels } from './chatModels';
import { imageView, type PendingImages } from './imageAttach';
import type { AssistantEntry, Conversation, Entry } from './model';
import { newestPage, type Page } from './paging';
import type { PendingContext } from './pendingContext';
import type { ViewPort } from './ports';
import type { ChatSession } from './session';
import { queuedViews } from './queue';
import { answerPatchView, attachmentView, messageView, summaryView } from './view';

/** The answer being written now. */
export interface LiveAnswer {
  readonly requestId: string;
  readonly conversation: Conversation;
  readonly entry: AssistantEntry;
  /** A transient line such as "Rate limited: retrying in 5 s". */
  readonly status?: string;
}

/** What the view needs to know about the running answer (the turn orchestration). */
export interface LiveTurns {
  readonly current: LiveAnswer | undefined;
  approvalFor(toolCallId: string): ApprovalView | undefined;
  /** Posts streamed text still held back, so whatever is posted next comes after it. */
  flushStream(): void;
}

export interface ViewSources {
  session: ChatSession;
  models: ChatModels;
  context: PendingContext;
  images: PendingImages;
  /** The user's model setting ('' = Venice's default). */
  selectedModel(): string;
  /** Asked lazily: the turns are built after the view. */
  live(): LiveTurns;
  /** The user's system prompt (the meter's estimate counts it). */
  systemPrompt(): string;
  /** The chat whose summary is being written now ("Compact conversation"), if any. */
  compactingId(): string | undefined;
}

export class ChatViewAdapter {
  private disposed = false;

  constructor(
    private readonly port: ViewPort,
    private readonly src: ViewSources,
  ) {}

  /** Returns the port's acknowledgement (see ViewPort). */
  post(message: ToWebview): void | PromiseLike<unknown> {
    if (!this.disposed) return this.port.post(message);
  }

  /**
   * Everything the webview needs to draw itself; only the newest page of a long chat (it asks for the
   * rest). Before the whole chat is read, its newest page from the store (session.shown) without the
   * meter, which needs every message (it follows once the chat is read: see the controller's onReady).
   */
  state(): ChatStateView {
    const shown = this.src.session.shown();
    const conv = shown?.conversation ?? this.src.session.active;
    const preview = shown?.revision !== undefined;
    const notes: string[] = [];
    if (conv.droppedForStorage) {
      notes.push(`${conv.droppedForStorage} older message${conv.droppedForStorage === 1 ? ' was' : 's were'} removed from this chat to keep it within the storage limit.`);
    }
    const page = newestPage(conv.entries);
    const state: ChatStateView = {
      conversations: this.src.session.list().map(summaryView),
      activeId: conv.id,
      messages: page.items.map((e) => this.viewOf(e)),
      olderCount: page.olderCount + (shown?.olderCount ?? 0),
      conversationNotes: notes,
      busy: this.busyView(),
      models: this.modelsView(),
      attachments: this.attachmentViews(),
    };
    // Absent when empty, like every optional part of the state.
    if (this.src.images.list.length) state.images = this.src.images.list.map(imageView);
    if (conv.queued?.length) state.queued = queuedViews(conv);
    if (!preview) state.meter = this.meterOf(conv);
    return state;
  }

  /** The open chat's meter, after an answer ended, the model changed or the chat was compacted. */
  postMeter(): void {
    const conv = this.src.session.openChat;
    if (!conv) return;
    this.post({ type: 'meter', conversationId: conv.id, meter: this.meterOf(conv) });
  }

  postState(): void {
    this.post({ type: 'state', state: this.freshState() });
  }

  /** The state, after posting the streamed text held back (it is in the state; posted later it would count twice). */
  freshState(): ChatStateView {
    this.src.live().flushStream();
    return this.state();
  }

  postConversations(): void {
    this.post({ type: 'conversations', conversations: this.src.session.list().map(summaryView), activeId: this.src.session.active.id });
  }

  postModels(): void {
    this.post({ type: 'models', models: this.modelsView() });
    // Another model has another window (and maybe another price list).
    this.postMeter();
  }

  postAttachments(): void {
    this.post({ type: 'attachments', attachments: this.attachmentViews() });
  }

  postImages(): void {
    this.post({ type: 'images', images: this.src.images.list.map(imageView) });
  }

  postQueue(conv: Conversation): void {
    this.post({ type: 'queue', conversationId: conv.id, queued: queuedViews(conv) });
  }

  postBusy(): void {
    this.post({ type: 'busy', busy: this.busyView() });
  }

  postAdded(conv: Conversation, entry: Entry): void {
    this.post({ type: 'messageAdded', conversationId: conv.id, message: this.viewOf(entry) });
  }

  postRemoved(conv: Conversation, messageIds: string[]): void {
    this.post({ type: 'messagesRemoved', conversationId: conv.id, messageIds });
  }

  /** An answer changed without new text (the text went as deltas); `final`: it ended, so the webview checks its copy. */
  postAnswer(conv: Conversation, entry: AssistantEntry, final: boolean): void {
    this.src.live().flushStream();
    const message = answerPatchView(entry, this.approvalFor, this.statusOf(entry));
    this.post({ type: 'answerUpdated', conversationId: conv.id, message, digest: final ? answerDigest(entry.rounds) : undefined });
  }

  /** The whole message again (the webview's copy went wrong). */
  postWhole(conv: Conversation, entry: Entry): void {
    this.src.live().flushStream();
    this.post({ type: 'messageUpdated', conversationId: conv.id, message: this.viewOf(entry) });
  }

  postOlder(conv: Conversation, beforeId: string, page: Page<Entry>): void {
    this.post({ type: 'olderMessages', conversationId: conv.id, beforeId, messages: page.items.map((e) => this.viewOf(e)), olderCount: page.olderCount });
  }

  dispose(): void {
    this.disposed = true;
  }

  private viewOf(e: Entry) {
    return messageView(e, this.approvalFor, this.statusOf(e));
  }

  private statusOf(e: Entry): string | undefined {
    const live = this.src.live().current;
    return live && live.entry === e ? live.status : undefined;
  }

  private readonly approvalFor = (toolCallId: string): ApprovalView | undefined => this.src.live().approvalFor(toolCallId);

  private busyView(): BusyView | null {
    const live = this.src.live().current;
    return live ? { requestId: live.requestId, conversationId: live.conversation.id, messageId: live.entry.id } : null;
  }

  private meterOf(conv: Conversation): MeterView {
    return meterView(conv, {
      model: this.src.models.findSelected(this.src.selectedModel()),
      systemPrompt: this.src.systemPrompt(),
      busy: this.src.live().current?.conversation === conv,
      compacting: this.src.compactingId() === conv.id,
    });
  }

  private modelsView(): ModelsView {
    return this.src.models.view(this.src.selectedModel());
  }

  private attachmentViews() {
    return this.src.context.list.map(attachmentView);
  }
}
