// Entry of the chat webview bundle (dist/webview.js, loaded as a module with the page's nonce).
// The VS Code API handle is acquired once and stays in this module: it is never put on `window`.
import './styles.css';
import type { ToHost, ToWebview } from '../../src/shared/protocol';
import { createChatApp } from './app';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) {
  const app = createChatApp(
    root,
    {
      postMessage: (m: ToHost) => vscode.postMessage(m),
      getState: () => vscode.getState(),
      setState: (s) => vscode.setState(s),
    },
    window,
  );
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    // Only the host posts here; anything without our shape is ignored.
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') app.handle(data as ToWebview);
  });
  vscode.postMessage({ type: 'ready' } satisfies ToHost);
}
