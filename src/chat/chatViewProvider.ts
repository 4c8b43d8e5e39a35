// Host side of the `venice.chatView` webview view: builds the page, validates every message from it
// and hands the valid ones to a router. The webview's document is torn down whenever the view is
// hidden, so the host waits for a 'ready' message each time before posting, and answers every
// 'ready' with the full state (the caller's onReady).
import * as vscode from 'vscode';
import { parseToHost, type ToHost, type ToWebview } from '../shared/protocol';
import { Disposable } from '../util/dispose';
import { chatHtml, chatWebviewOptions, createNonce } from '../webview/html';

export interface ChatViewHandlers {
  /** The view is being built: a chance to start reading what 'ready' will need while the webview loads. */
  onResolve?(): void;
  /** The webview (re)started and listens now; post the full state. */
  onReady(): Promise<void>;
  onMessage(message: Exclude<ToHost, { type: 'ready' }>): Promise<void>;
  /** A message failed validation (logged at debug level; never acted on). */
  onRejected(raw: unknown): void;
  onError(err: unknown): void;
}

/** UI commands that still make sense after the webview restarts; everything else is covered by the state sent on 'ready'. */
const KEEP_UNTIL_READY: ReadonlySet<ToWebview['type']> = new Set(['focusInput', 'restoreDraft']);

export class ChatViewProvider extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = 'venice.chatView';
  private view: vscode.WebviewView | undefined;
  private viewSubs: vscode.Disposable[] = [];
  private ready = false;
  private queue: ToWebview[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: ChatViewHandlers,
  ) {
    super();
    this.register({ dispose: () => this.detach() });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.handlers.onResolve?.();
    this.detach();
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = chatWebviewOptions(this.extensionUri, vscode.Uri.joinPath);
    const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', ...p)).toString();
    webview.html = chatHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
      codiconsUri: asset('codicons', 'codicon.css'),
    });
    this.viewSubs = [
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      // Hidden = document destroyed: nothing can be delivered until the next 'ready'.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.detach();
      }),
    ];
  }

  /** Posts when the webview listens; otherwise keeps only UI commands for the next 'ready'. */
  post(message: ToWebview): void {
    if (this.isDisposed) return;
    if (!this.view || !this.ready) {
      if (KEEP_UNTIL_READY.has(message.type)) this.queue = [...this.queue.filter((m) => m.type !== message.type), message];
      return;
    }
    // postMessage resolves false when the document went away meanwhile; the next 'ready' re-sends state.
    this.view.webview.postMessage(message).then(undefined, (err: unknown) => this.handlers.onError(err));
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
        await this.handlers.onReady();
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
