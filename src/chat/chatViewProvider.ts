// Host side of the `venice.chatView` webview view: builds the page, validates every message from it
// and hands the valid ones to a router. The webview's document is torn down whenever the view is
// hidden, so the host waits for a 'ready' message each time before posting, and answers 'ready'
// with the full state (the caller's onReady) — except the first 'ready' of a page that carries the
// state already: the page is built once the open chat's newest page is read (the store's small
// page file; without one, the whole chat), with the state in it (src/shared/initialState.ts), so a
// chat opens without a round trip; if anything was posted (and so dropped) before that 'ready', the
// page's copy is stale and the state goes as usual.
import * as vscode from 'vscode';
import type { ChatStateView } from '../shared/chatViews';
import { parseToHost, type ToHost, type ToWebview } from '../shared/protocol';
import { Disposable } from '../util/dispose';
import { chatHtml, chatWebviewOptions, createNonce } from '../webview/html';

export interface ChatViewHandlers {
  /** The view is being built: a chance to start reading what 'ready' will need while the webview loads. */
  onResolve?(): void;
  /** Resolves once the small files are read (the store's index and the open chat's newest page, if it has a current one). */
  whenPageTried?(): Promise<void>;
  /** Resolves when the state can be built (the open chat's newest page, or all of it, is read); the page waits for it, briefly. */
  whenStateReady?(): Promise<void>;
  /** The state to write into the page, built now. */
  pageState?(): ChatStateView;
  /** The webview (re)started and listens now; post the full state unless `hasState` (its page's state is current). */
  onReady(hasState: boolean): Promise<void>;
  onMessage(message: Exclude<ToHost, { type: 'ready' }>): Promise<void>;
  /** A message failed validation (logged at debug level; never acted on). */
  onRejected(raw: unknown): void;
  onError(err: unknown): void;
}

/** UI commands that still make sense after the webview restarts; everything else is covered by the state sent on 'ready'. */
const KEEP_UNTIL_READY: ReadonlySet<ToWebview['type']> = new Set(['focusInput', 'restoreDraft']);
/**
 * The longest the page waits for the stored chat to be read; after that it is built without state
 * and the state follows on 'ready'. Short: reading a long chat (a 3 MB file of 10,000 messages) takes
 * longer than the webview needs to load its script, and the two then overlap instead of adding up.
 */
const INITIAL_STATE_WAIT_MS = 150;
/**
 * The longest the page waits for the small files (whenPageTried) before that: a few KB, so worth
 * waiting for on a loaded machine, where a page built without state gets it only after the whole
 * chat is read; bounded in case the disk stalls.
 */
const PAGE_WAIT_MS = 1_000;

export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = 'venice.chatView';
  private view: vscode.WebviewView | undefined;
  private viewSubs: vscode.Disposable[] = [];
  private ready = false;
  private queue: ToWebview[] = [];
  /** The page carries the state and nothing has been dropped since: its first 'ready' needs no state. */
  private pageStateCurrent = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: ChatViewHandlers,
  ) {
    super();
    this.register({ dispose: () => this.detach() });
  }

  async resolveWebviewView(view: vscode.WebviewView): Promise<void> {
    this.handlers.onResolve?.();
    this.detach();
    this.view = view;
    this.ready = false;
    this.pageStateCurrent = false;
    const webview = view.webview;
    webview.options = chatWebviewOptions(this.extensionUri, vscode.Uri.joinPath);
    this.viewSubs = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      // Hidden = document destroyed: nothing can be delivered until the next 'ready'.
      view.onDidChangeVisibility(() => {
        if (view.visible) return;
        this.ready = false;
        this.pageStateCurrent = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.detach();
      }),
    ];
    const ready = await this.stateReadySoon();
    if (this.view !== view) return;
    // Built in the same task as the page: whatever is posted (and dropped) after it makes it stale.
    const state = ready ? this.handlers.pageState?.() : undefined;
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', ...p)).toString();
    webview.html = chatHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
      fontUri: asset('codicon.ttf'),
      initialState: state ? { token: createNonce(), state } : undefined,
    });
    this.pageStateCurrent = state !== undefined;
  }

  /** False when reading the chat takes too long or fails: the page is built without state ('ready' gets it). */
  private async stateReadySoon(): Promise<boolean> {
    const { whenPageTried, whenStateReady } = this.handlers;
    if (!whenStateReady || !this.handlers.pageState) return false;
    if (whenPageTried) await this.within(PAGE_WAIT_MS, whenPageTried());
    return this.within(INITIAL_STATE_WAIT_MS, whenStateReady());
  }

  /** True when `work` is done within `ms`; false when it is later or fails (reported). */
  private async within(ms: number, work: Promise<void>): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([work.then(() => true), late]);
    } catch (err) {
      this.handlers.onError(err);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Posts when the webview listens (the promise settles once VS Code's side took it); otherwise keeps only UI commands for the next 'ready'. */
  post(message: ToWebview): Promise<unknown> | undefined {
    if (this.isDisposed) return undefined;
    if (!this.view || !this.ready) {
      // What is dropped here changes what the page shows: its embedded state is no longer current.
      if (KEEP_UNTIL_READY.has(message.type)) this.queue = [...this.queue.filter((m) => m.type !== message.type), message];
      else this.pageStateCurrent = false;
      return undefined;
    }
    // postMessage resolves false when the document went away meanwhile; the next 'ready' re-sends state.
    return Promise.resolve(this.view.webview.postMessage(message)).then(undefined, (err: unknown) => this.handlers.onError(err));
  }

  /** Shows the view (creating it if needed). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewType}.focus`);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseToHost(raw);
    if (!message) {
      this.handlers.onRejected(raw);
      return;
    }
    try {
      if (message.type === 'ready') {
        this.ready = true;
        const hasState = this.pageStateCurrent;
        this.pageStateCurrent = false;
        await this.handlers.onReady(hasState);
        const queued = this.queue;
        this.queue = [];
        for (const m of queued) this.post(m);
        return;
      }
      await this.handlers.onMessage(message);
    } catch (err) {
      this.handlers.onError(err);
    }
  }

  private detach(): void {
    for (const s of this.viewSubs) s.dispose();
    this.viewSubs = [];
    this.view = undefined;
    this.ready = false;
  }
}
