// Benchmark-only VS Code extension (never shipped; bench/vscode/floor.ts builds it with esbuild and
// installs it beside Venice in the bench's code-server profile). It measures the transport floor the
// chat view's figures are compared with:
//  - veniceBench.emptyView, a webview view in its own activity-bar container, opened like Venice's
//    chat (a click on its icon). Its document draws one `article[data-message-id]` from its own
//    script and asks the host for nothing, so the bench's probe times its first paint with the same
//    clock and the same "interactive" definition as the 2,000-message chat, and the difference is
//    the chat's own work.
//  - veniceBench.echoView, a webview view in a panel container (visible beside the sidebar chat),
//    and the command veniceBench.echo: the host posts time-stamped messages, the webview answers
//    each with its arrival time, the host notes the answer's arrival. The one-way trip is read from
//    Date.now() stamps of both ends, the clock pair the render lag is measured with (the probe's
//    Date.now() in the webview against the timing proxy's in Node); the round trip is timed by the
//    host alone (performance.now()), so it needs no shared clock.
import * as vscode from 'vscode';

export interface EchoSample {
  /** Host posted → webview's message listener ran (stamps of two processes on one machine). */
  oneWayMs: number;
  /** Host posted → host received the webview's answer (one clock). */
  roundTripMs: number;
}

interface EchoArgs {
  samples?: number;
  /** Pause between samples, so each message finds the channel idle like a token after a pause. */
  gapMs?: number;
}

interface EchoAnswer {
  type: 'echo';
  id: number;
  receivedAt: number;
}

function nonce(): string {
  let s = '';
  for (let i = 0; i < 32; i++) s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 62)];
  return s;
}

function page(title: string, script: string): string {
  const n = nonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${n}'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
</head>
<body>
<script type="module" nonce="${n}">${script}</script>
</body>
</html>`;
}

// Drawn by script, as the chat draws its messages, but with nothing to wait for.
const EMPTY_SCRIPT = `
const a = document.createElement('article');
a.setAttribute('data-message-id', 'bench-empty');
a.setAttribute('data-bench-empty', String(Date.now()));
a.textContent = 'Empty view';
document.body.append(a);`;

const ECHO_SCRIPT = `
const vscode = acquireVsCodeApi();
window.addEventListener('message', (e) => {
  const d = e.data;
  if (d && d.type === 'echo') vscode.postMessage({ type: 'echo', id: d.id, receivedAt: Date.now() });
});
const mark = document.createElement('p');
mark.setAttribute('data-bench-echo', '');
mark.textContent = 'Echo';
document.body.append(mark);
vscode.postMessage({ type: 'ready' });`;

class EmptyView implements vscode.WebviewViewProvider {
  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = { enableScripts: true, localResourceRoots: [] };
    view.webview.html = page('Bench empty view', EMPTY_SCRIPT);
  }
}

class EchoView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready: Promise<void> | undefined;
  private readonly waiting = new Map<number, (a: EchoAnswer) => void>();
  private nextId = 1;

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [] };
    this.ready = new Promise<void>((resolve) => {
      view.webview.onDidReceiveMessage((m: { type?: string; id?: number; receivedAt?: number }) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'echo' && typeof m.id === 'number') this.waiting.get(m.id)?.(m as EchoAnswer);
      });
    });
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = undefined;
    });
    view.webview.html = page('Bench echo', ECHO_SCRIPT);
  }

  private async shown(): Promise<vscode.WebviewView> {
    if (!this.view) await vscode.commands.executeCommand('veniceBench.echoView.focus');
    const end = Date.now() + 30_000;
    while (!this.view || !this.ready) {
      if (Date.now() > end) throw new Error('the echo view did not open');
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.ready;
    return this.view;
  }

  private async one(view: vscode.WebviewView): Promise<EchoSample> {
    const id = this.nextId++;
    const answered = new Promise<EchoAnswer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no echo within 10 s')), 10_000);
      this.waiting.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
    });
    const sentAt = Date.now();
    const t0 = performance.now();
    void view.webview.postMessage({ type: 'echo', id, sentAt });
    const answer = await answered;
    const roundTripMs = performance.now() - t0;
    this.waiting.delete(id);
    return { oneWayMs: answer.receivedAt - sentAt, roundTripMs };
  }

  async samples(args: EchoArgs): Promise<EchoSample[]> {
    const view = await this.shown();
    await this.one(view); // warm-up: the first message of a fresh channel is not the steady trip
    const out: EchoSample[] = [];
    for (let i = 0; i < (args.samples ?? 30); i++) {
      // A jittered pause, so samples do not lock onto the frame clock.
      await new Promise((r) => setTimeout(r, (args.gapMs ?? 15) + Math.random() * 10));
      out.push(await this.one(view));
    }
    return out;
  }
}

export function activate(context: vscode.ExtensionContext): void {
  const echo = new EchoView();
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider('veniceBench.emptyView', new EmptyView()),
    vscode.window.registerWebviewViewProvider('veniceBench.echoView', echo),
    vscode.commands.registerCommand('veniceBench.echo', (args: EchoArgs = {}) => echo.samples(args)),
  );
}

export function deactivate(): void {}
