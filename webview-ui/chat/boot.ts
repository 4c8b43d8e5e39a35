// Evaluated before every other module of the chat webview (main.ts imports it first): acquires the
// VS Code API and tells the host 'ready' before markdown-it, DOMPurify and the app are evaluated,
// so the host reads the chat from disk while this document is still setting up. No reply can be
// missed: the module graph is evaluated in one task and main.ts adds its message listener in that
// same task, before any message event can be dispatched.
import type { ToHost } from '../../src/shared/protocol';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** The one handle (acquireVsCodeApi works once per document); kept in modules, never put on `window`. */
export const vscode = acquireVsCodeApi();
vscode.postMessage({ type: 'ready' } satisfies ToHost);
