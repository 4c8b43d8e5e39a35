// A chat webview app in JSDOM with a recording host and hand-driven animation frames, and the
// view models tests feed it.
import type { AssistantMessageView, ChatStateView, ToHost, ToWebview, UserMessageView } from '../../../src/shared/protocol';
import { JSDOM } from 'jsdom';
import { createChatApp, type ChatApp } from '../../../webview-ui/chat/app';

export interface Harness {
  dom: JSDOM;
  doc: Document;
  app: ChatApp;
  posted: ToHost[];
  saved: unknown[];
  frame(): void;
  send(m: ToWebview): void;
  byRole(role: string, name: string): HTMLElement | undefined;
}

export function harness(initialUiState?: unknown): Harness {
  const dom = new JSDOM('<!DOCTYPE html><html><body><div id="app"></div></body></html>');
  const win = dom.window as unknown as Window & typeof globalThis;
  const posted: ToHost[] = [];
  const saved: unknown[] = [];
  let frames: Array<() => void> = [];
  const app = createChatApp(
    win.document.getElementById('app') as HTMLElement,
    { postMessage: (m) => posted.push(m), getState: () => initialUiState, setState: (s) => saved.push(s) },
    win,
    { requestFrame: (cb) => frames.push(cb) },
  );
  const doc = win.document;
  return {
    dom,
    doc,
    app,
    posted,
    saved,
    frame: () => {
      const run = frames;
      frames = [];
      for (const f of run) f();
    },
    send: (m) => app.handle(JSON.parse(JSON.stringify(m)) as ToWebview),
    // Accessible name = aria-label, else text; only visible (not hidden) elements count.
    byRole: (role, name) => {
      const candidates = Array.from(doc.querySelectorAll<HTMLElement>(role === 'button' ? 'button' : role === 'textbox' ? 'textarea' : `[role="${role}"], ${role}`));
      return candidates.find((el) => (el.getAttribute('aria-label') ?? el.textContent?.trim()) === name && !el.closest('[hidden]'));
    },
  };
}

export const user = (id: string, text: string): UserMessageView => ({ id, role: 'user', text, attachments: [] });
export const answer = (id: string, text: string, over: Partial<AssistantMessageView> = {}): AssistantMessageView => ({
  id,
  role: 'assistant',
  state: 'done',
  rounds: [{ text, reasoning: '', toolCalls: [] }],
  citations: [],
  notes: [],
  ...over,
});

export function state(over: Partial<ChatStateView> = {}): ChatStateView {
  return {
    conversations: [{ id: 'conv1', title: 'First chat', updatedAt: Date.now(), messageCount: 2 }],
    activeId: 'conv1',
    messages: [],
    conversationNotes: [],
    busy: null,
    models: { models: [], selected: '', loading: false },
    attachments: [],
    ...over,
  };
}

export function key(el: HTMLElement, k: string, extra: Partial<KeyboardEventInit> = {}): void {
  el.dispatchEvent(new (el.ownerDocument.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...extra }));
}
