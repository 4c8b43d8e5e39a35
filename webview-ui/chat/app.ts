// The chat webview: puts header, transcript and composer together and applies host messages. The
// host owns the conversations; this side keeps only UI state (draft, scroll) in the webview's saved
// state, and drops streamed text that belongs to a request other than the current one.
import type { BusyView, ChatStateView, ToHost, ToWebview } from '../../src/shared/protocol';
import { isAllowedLink } from '../../src/shared/protocol';
import { Composer } from './composer';
import { h } from './dom';
import { Header } from './header';
import type { MessageContext } from './messageView';
import { Meter } from './meter';
import { OptionsBar } from './options';
import { QueuedMessages } from './queue';
import { loadHighlighterSoon, whenHighlighterLoads } from './render/highlight';
import { MarkdownRenderer } from './render/markdown';
import { Transcript } from './transcript';

/** The slice of the VS Code webview API this program uses (acquired once in main.ts, never global). */
export interface HostApi {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface UiState {
  draft: string;
  conversationId?: string;
  /** Set only when the user scrolled up to read (distance of the view's top from the end); otherwise the view follows the end. */
  scrollFromEnd?: number;
  /** The page whose embedded state was drawn (a reload of the same page must not draw it again: it may be stale). */
  pageToken?: string;
}

export interface ChatAppOptions {
  requestFrame?: (cb: () => void) => void;
}

function readUiState(raw: unknown): UiState {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    draft: typeof o.draft === 'string' ? o.draft : '',
    conversationId: typeof o.conversationId === 'string' ? o.conversationId : undefined,
    scrollFromEnd: typeof o.scrollFromEnd === 'number' ? o.scrollFromEnd : undefined,
    pageToken: typeof o.pageToken === 'string' ? o.pageToken : undefined,
  };
}

export class ChatApp {
  private readonly header: Header;
  private readonly options: OptionsBar;
  private readonly meter: Meter;
  private readonly transcript: Transcript;
  private readonly composer: Composer;
  private readonly queued: QueuedMessages;
  private readonly empty: HTMLElement;
  private activeId = '';
  private firstState = true;
  private busy: BusyView | null = null;
  /** Answers whose whole message was asked for ('resendMessage') and has not come yet. */
  private readonly resending = new Set<string>();
  private ui: UiState;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly requestFrame: (cb: () => void) => void;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
    win: Window & typeof globalThis,
    opts: ChatAppOptions = {},
  ) {
    const doc = root.ownerDocument;
    this.requestFrame = opts.requestFrame ?? ((cb) => win.requestAnimationFrame(() => cb()));
    this.ui = readUiState(host.getState());
    const post = (m: ToHost) => host.postMessage(m);
    const ctx: MessageContext = {
      doc,
      renderer: new MarkdownRenderer(win),
      post,
      chooseModel: () => this.header.focusModelPicker(),
      retried: () => this.composer.retried(),
      compact: () => this.meter.compact(post),
    };
    this.header = new Header(doc, post);
    this.options = new OptionsBar(doc, post);
    this.meter = new Meter(doc, post);
    this.header.el.append(this.options.el, this.meter.el);
    this.transcript = new Transcript(ctx, this.requestFrame);
    this.composer = new Composer(doc, { post, onDraftChange: (text) => this.saveUi({ draft: text }) });
    this.composer.setDraft(this.ui.draft);
    this.queued = new QueuedMessages(doc, post);
    this.empty = h(doc, 'div', { className: 'empty-state' }, h(doc, 'p', { text: 'Ask Venice anything about your code.' }), h(doc, 'p', { className: 'hint', text: 'Type @ to mention a file, the selection, problems, terminal output, git changes or a web page; the paperclip attaches an image, the selection or a file, and images can also be pasted or dropped.' }));
    root.append(this.header.el, this.header.panel, this.empty, this.transcript.el, this.queued.el, this.composer.el);
    this.transcript.el.addEventListener('scroll', () => this.saveUi({ scrollFromEnd: this.transcript.readingPosition }));
    root.addEventListener('click', (e) => this.onClick(e));
    // Middle-click would open links in a new browsing context: same rules as a click.
    root.addEventListener('auxclick', (e) => this.onClick(e));
    this.updateEmpty();
    // Code drawn before the highlighter chunk arrived gets its colours in the frame after it does.
    whenHighlighterLoads(() => this.requestFrame(() => this.transcript.colourPlainCode()));
  }

  handle(msg: ToWebview): void {
    switch (msg.type) {
      case 'state':
        return this.applyState(msg.state);
      case 'conversations':
        this.activeId = msg.activeId;
        this.header.setConversations(msg.conversations, msg.activeId);
        return;
      case 'messageAdded':
        if (msg.conversationId !== this.activeId) return;
        this.transcript.add(msg.message);
        return this.updateEmpty();
      case 'messageUpdated':
        this.resending.delete(msg.message.id);
        if (msg.conversationId !== this.activeId) return;
        this.transcript.update(msg.message);
        return;
      case 'answerUpdated':
        if (msg.conversationId !== this.activeId) return;
        // A copy that missed text asks for the whole message, once until it arrives.
        if (this.transcript.patch(msg.message, msg.digest) === 'mismatch' && !this.resending.has(msg.message.id)) {
          this.resending.add(msg.message.id);
          this.host.postMessage({ type: 'resendMessage', conversationId: msg.conversationId, messageId: msg.message.id });
        }
        return;
      case 'messagesRemoved':
        if (msg.conversationId !== this.activeId) return;
        this.transcript.remove(msg.messageIds);
        return this.updateEmpty();
      case 'delta': {
        // Text from an earlier (stopped or replaced) request is dropped.
        if (!this.busy || msg.requestId !== this.busy.requestId || msg.conversationId !== this.activeId) return;
        this.transcript.delta(msg.messageId, msg.round, msg.channel, msg.text);
        return;
      }
      case 'busy':
        this.busy = msg.busy;
        return this.applyBusy();
      case 'models':
        this.options.setModels(msg.models);
        return this.header.setModels(msg.models);
      case 'options':
        return this.options.setOptions(msg.options);
      case 'attachments':
        return this.composer.setAttachments(msg.attachments);
      case 'images':
        return this.composer.images.setImages(msg.images);
      case 'composerNotice':
        return this.composer.images.showNotice(msg.notice);
      case 'queue':
        if (msg.conversationId === this.activeId) this.queued.set(msg.queued);
        return;
      case 'restoreDraft':
        return this.composer.restoreDraft(msg.text);
      case 'focusInput':
        return this.composer.focus();
      case 'olderMessages':
        return this.transcript.addOlder(msg);
      case 'mentionFiles':
        return this.composer.mentions.setFiles(msg.query, msg.files);
      case 'meter':
        if (msg.conversationId === this.activeId) this.meter.set(msg.conversationId, msg.meter);
        return;
    }
  }

  /**
   * The state the host wrote into this page, drawn at once (no round trip). False when this page was
   * drawn before (the view was hidden and shown): the host sends the current state instead.
   */
  applyPageState(token: string, state: ChatStateView): boolean {
    if (this.ui.pageToken === token) return false;
    this.ui = { ...this.ui, pageToken: token };
    this.host.setState(this.ui);
    this.applyState(state);
    return true;
  }

  private applyState(s: ChatStateView): void {
    // The first state after the webview (re)started returns to where the user was reading.
    const restoreScroll = this.firstState && this.ui.conversationId === s.activeId ? this.ui.scrollFromEnd : undefined;
    // The highlighter is fetched once the first state has been painted.
    if (this.firstState) loadHighlighterSoon();
    this.firstState = false;
    // The state carries every message whole.
    this.resending.clear();
    this.activeId = s.activeId;
    this.saveUi({ conversationId: s.activeId });
    this.busy = s.busy;
    this.header.setConversations(s.conversations, s.activeId);
    this.header.setModels(s.models);
    this.options.setModels(s.models);
    this.composer.setAttachments(s.attachments);
    this.composer.images.setImages(s.images ?? []);
    this.queued.set(s.queued ?? []);
    this.meter.set(s.activeId, s.meter);
    this.transcript.setMessages(s.activeId, s.messages, s.conversationNotes, s.olderCount, restoreScroll);
    this.applyBusy();
    this.updateEmpty();
  }

  private applyBusy(): void {
    const mine = this.busy && this.busy.conversationId === this.activeId ? this.busy.requestId : undefined;
    this.composer.setBusy(mine);
    this.root.classList.toggle('busy', mine !== undefined);
  }

  /** The welcome shows in an empty chat, not before the first state (the chat may have messages). */
  private updateEmpty(): void {
    this.empty.hidden = this.firstState || !this.transcript.isEmpty;
  }

  private onClick(e: Event): void {
    const target = e.target as Element | null;
    if (!target?.closest) return;
    const link = target.closest('a');
    if (link) {
      // Links never navigate the webview: the host re-checks and opens them outside.
      e.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (isAllowedLink(href)) this.host.postMessage({ type: 'openLink', href });
      return;
    }
    const button = target.closest('button[data-code-action]');
    if (button) this.codeAction(button);
  }

  private codeAction(button: Element): void {
    const action = button.getAttribute('data-code-action');
    const block = button.closest('.code-block');
    const article = button.closest('article[data-message-id]');
    const messageId = article?.getAttribute('data-message-id');
    if (!block || !article || !messageId) return;
    const index = Array.from(article.querySelectorAll('.markdown .code-block')).indexOf(block);
    if (index < 0) return;
    if (action === 'copy' || action === 'insert' || action === 'replace' || action === 'newFile') {
      this.host.postMessage({ type: 'codeAction', action, messageId, index });
      if (action === 'copy') flashCopied(button);
    }
  }

  private saveUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.host.setState(this.ui);
    }, 200);
  }
}

function flashCopied(button: Element): void {
  const glyph = button.querySelector('.codicon');
  if (!glyph) return;
  glyph.classList.replace('codicon-copy', 'codicon-check');
  setTimeout(() => glyph.classList.replace('codicon-check', 'codicon-copy'), 1_500);
}

export function createChatApp(root: HTMLElement, host: HostApi, win: Window & typeof globalThis, opts?: ChatAppOptions): ChatApp {
  return new ChatApp(root, host, win, opts);
}
