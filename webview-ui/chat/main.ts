// Entry of the chat webview bundle (dist/webview.js, loaded as a module with the page's nonce).
// boot.ts comes first: it says 'ready' to the host before the rest of the code is evaluated.
import { vscode } from './boot';
// Codicons' stylesheet is bundled into webview.css (its font beside it): one stylesheet for the page
// to fetch through the webview's service worker instead of two, both blocking the first paint.
import '@vscode/codicons/dist/codicon.css';
import './styles.css';
import './attachments.css';
import { INITIAL_STATE_ID, parseInitialState } from '../../src/shared/initialState';
import type { ToHost, ToWebview } from '../../src/shared/protocol';
import { createChatApp } from './app';

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
  // The chat as the host had it when it built this page: drawn in this task, before any message.
  const initial = parseInitialState(document.getElementById(INITIAL_STATE_ID)?.textContent);
  if (initial) app.applyPageState(initial.token, initial.state);
}
