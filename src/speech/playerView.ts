// The "Player" webview view in the Venice sidebar: where speech plays, inside VS Code.
// Why a view and not a panel: it sits below the chat (where "Read aloud" is pressed), it does not
// take an editor tab, and with retainContextWhenHidden it keeps playing when the sidebar switches.
// It is revealed with preserveFocus, so the editor keeps the keyboard while it reads.
import * as vscode from 'vscode';
import { VIEWS } from '../ids';
import { Disposable } from '../util/dispose';
import { createNonce, webviewHtml } from '../webview/html';
import { parseFromPlayer, type FromPlayer, type ToPlayer } from '../shared/playerProtocol';
import type { AudioPart, PlayerPort } from './session';

/** The player's static markup (webview-ui/audio drives it). */
const PLAYER_BODY = `<main id="venice-player" data-state="idle" aria-label="Venice speech player">
<p id="title" hidden></p>
<div class="controls">
<audio id="audio" controls preload="auto" aria-label="Speech audio"></audio>
<button id="play" type="button" hidden>Play</button>
<button id="stop" type="button" class="secondary" disabled>Stop</button>
</div>
<p id="status" role="status" aria-live="polite"></p>
</main>`;

/** How long the view may take to appear and load its script. */
const READY_TIMEOUT_MS = 15_000;

export class PlayerView extends Disposable implements vscode.WebviewViewProvider, PlayerPort {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly waiting: Array<() => void> = [];
  private readonly queue: ToPlayer[] = [];
  private readonly messages = this.register(new vscode.EventEmitter<FromPlayer>());
  /** Messages from the player, validated. */
  readonly onMessage = this.messages.event;
  private readonly closed = this.register(new vscode.EventEmitter<void>());
  /** The view's document went away (view closed or moved): anything playing has stopped. */
  readonly onClosed = this.closed.event;

  /** Registered at activation by registerPlayerView (playerRegister.ts), which hands the view to this object. */
  constructor(private readonly extensionUri: vscode.Uri) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, enableForms: false, localResourceRoots: [dist] };
    view.webview.html = this.html(view.webview, dist);
    const subs = [
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseFromPlayer(raw);
        if (!msg) return;
        if (msg.type === 'ready') this.markReady();
        else this.messages.fire(msg);
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.queue.length = 0;
          this.closed.fire();
        }
        for (const s of subs) s.dispose();
      }),
    ];
  }

  /** Shows the player (without taking focus) and waits until its script is listening. */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${VIEWS.player}.focus`, { preserveFocus: true });
    if (this.ready) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(done);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error('The Venice player did not open. Show it from the Venice sidebar (Player) and try again.'));
      }, READY_TIMEOUT_MS);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiting.push(done);
    });
  }

  get isReady(): boolean {
    return this.ready;
  }

  start(session: number, total: number, title: string): void {
    this.post({ type: 'start', session, total, title });
  }

  part(session: number, index: number, audio: AudioPart): void {
    this.post({ type: 'part', session, index, mime: audio.mime, data: audio.data });
  }

  end(session: number, total: number): void {
    this.post({ type: 'end', session, total });
  }

  stop(session: number, reason: string): void {
    this.post({ type: 'stop', session, reason });
  }

  private markReady(): void {
    this.ready = true;
    // Flush in order what was posted before the script listened (a post before that is lost).
    for (const msg of this.queue.splice(0)) this.send(msg);
    for (const w of this.waiting.splice(0)) w();
  }

  private post(msg: ToPlayer): void {
    if (!this.view || !this.ready) {
      this.queue.push(msg);
      return;
    }
    this.send(msg);
  }

  private send(msg: ToPlayer): void {
    try {
      // Resolves false when the view cannot take it (e.g. being torn down); the session then times out or is stopped.
      void this.view?.webview.postMessage(msg).then(undefined, () => undefined);
    } catch {
      // The webview was disposed between the check and the post.
    }
  }

  private html(webview: vscode.Webview, dist: vscode.Uri): string {
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      title: 'Venice Player',
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'audio.js')).toString(),
      styleUris: [webview.asWebviewUri(vscode.Uri.joinPath(dist, 'audio.css')).toString()],
      body: PLAYER_BODY,
    });
  }
}
