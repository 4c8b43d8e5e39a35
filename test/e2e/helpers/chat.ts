// The Venice chat view as a user sees it, for the end-to-end suites: open it, type and send, wait
// for an answer to reach a state, click its buttons. Everything goes through the real webview
// (accessible names and the data attributes the view publishes), never through product code.
import type { FrameLocator, Locator } from 'playwright-core';
import type { RecordedRequest } from '../../fixtures/simulator';
import { e2e } from '../context';
import { GiveUp, until } from './wait';
import { activateExtension, closeAllEditors, resetUserSettings, setApiKey } from './workbench';

export type AnswerState = 'streaming' | 'done' | 'stopped' | 'interrupted' | 'error';
const TERMINAL: readonly AnswerState[] = ['done', 'stopped', 'interrupted', 'error'];

/** The outer iframes of this extension's webview views (the chat, and the Player once opened). */
const EXTENSION_WEBVIEWS = 'iframe.webview.ready[src*="extensionId=venice-community.venice-vscode"]';
const CHAT_INPUT = 'textarea[aria-label="Chat input"]';

export interface ChatMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ function: { name: string } }>;
  [k: string]: unknown;
}

/** Chat completion requests the simulator received since index `from` of `sim.requests`. */
export function chatRequests(from = 0): RecordedRequest[] {
  return e2e().sim.requests.slice(from).filter((r) => r.method === 'POST' && r.path === '/chat/completions');
}

export function bodyOf(r: RecordedRequest | undefined): ChatRequestBody {
  if (!r?.body) throw new Error('no chat request body recorded');
  return r.body as ChatRequestBody;
}

/** Finds the chat's webview by its content (more than one webview of ours may exist). */
async function findChatFrame(timeoutMs: number): Promise<FrameLocator> {
  const { page } = e2e().vscode;
  return until(
    'the chat webview',
    async () => {
      const frames = page.locator(EXTENSION_WEBVIEWS);
      const n = await frames.count();
      for (let i = 0; i < n; i++) {
        const name = await frames.nth(i).getAttribute('name');
        if (!name) continue;
        const inner = page.frameLocator(`iframe.webview[name="${name}"]`).frameLocator('#active-frame');
        if ((await inner.locator(CHAT_INPUT).count()) > 0) return inner;
      }
      return undefined;
    },
    timeoutMs,
    250,
  );
}

/** Shows the chat view (Venice: Open Chat) and returns it once its input is there. */
export async function openChat(timeoutMs = 45_000): Promise<ChatView> {
  await activateExtension();
  const r = await e2e().vscode.bridge.run<{ conversationId: string }>(`return vscode.commands.executeCommand('venice.openChat')`);
  if (!r?.conversationId) throw new Error(`venice.openChat returned ${JSON.stringify(r)}`);
  const view = new ChatView(await findChatFrame(timeoutMs));
  await view.input.waitFor({ state: 'visible', timeout: timeoutMs });
  return view;
}

interface AnswerSnapshot {
  id: string | null;
  state: string | null;
  text: string;
}

export class ChatView {
  constructor(readonly frame: FrameLocator) {}

  get input(): Locator {
    return this.frame.getByRole('textbox', { name: 'Chat input', exact: true });
  }

  button(name: string): Locator {
    return this.frame.getByRole('button', { name, exact: true });
  }

  /** Every answer article ("Venice"). */
  get answers(): Locator {
    return this.frame.locator('article[aria-label="Venice"]');
  }

  /** Every question article ("You"). */
  get questions(): Locator {
    return this.frame.locator('article[aria-label="You"]');
  }

  message(id: string): Locator {
    return this.frame.locator(`article[data-message-id="${id}"]`);
  }

  /** Runs `fn` in the chat webview's document (it is serialised: use only `body` and globals). */
  evaluate<T>(fn: (body: HTMLElement | SVGElement) => T): Promise<T> {
    return this.frame.locator('body').evaluate(fn);
  }

  /** Id, state and text of the last answer in the transcript (nulls when there is none). */
  lastAnswer(): Promise<AnswerSnapshot> {
    return this.frame.locator('body').evaluate(() => {
      const all = document.querySelectorAll('article[aria-label="Venice"]');
      const a = all[all.length - 1] as HTMLElement | undefined;
      return { id: a?.getAttribute('data-message-id') ?? null, state: a?.getAttribute('data-state') ?? null, text: a?.innerText ?? '' };
    });
  }

  /** Types into the chat input and presses Enter; returns the id of the answer this started. */
  async send(text: string): Promise<string> {
    const before = (await this.lastAnswer()).id;
    await this.input.fill(text);
    await this.input.press('Enter');
    return this.nextAnswerAfter(before);
  }

  /** Waits for an answer other than `previousId` to become the last one (after Send, Regenerate, Retry…). */
  async nextAnswerAfter(previousId: string | null, timeoutMs = 20_000): Promise<string> {
    return until(
      'a new answer to appear',
      async () => {
        const a = await this.lastAnswer();
        return a.id && a.id !== previousId ? a.id : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * Waits for answer `id` to reach `state`. Fails at once (with the answer's text) when it ends in
   * another state, so a broken turn does not look like a timeout.
   */
  async waitForState(id: string, state: AnswerState, timeoutMs = 30_000): Promise<Locator> {
    const answer = this.message(id);
    await until(
      `answer ${id} to be ${state}`,
      async () => {
        const s = await answer.getAttribute('data-state', { timeout: 5_000 });
        if (s === state) return true;
        if (s && TERMINAL.includes(s as AnswerState)) throw new GiveUp(`it ended "${s}": ${(await answer.innerText()).slice(0, 600)}`);
        return undefined;
      },
      timeoutMs,
    );
    return answer;
  }

  /** Sends `text` and waits for its answer to reach `state` (default done). */
  async ask(text: string, state: AnswerState = 'done', timeoutMs = 30_000): Promise<Locator> {
    const id = await this.send(text);
    return this.waitForState(id, state, timeoutMs);
  }

  /** "New chat", then waits for the empty transcript. */
  async newChat(): Promise<void> {
    await e2e().vscode.bridge.run(`return vscode.commands.executeCommand('venice.newChat')`);
    await until('an empty transcript', async () => (await this.frame.locator('article').count()) === 0, 15_000);
  }
}

/**
 * After a failed test: a screenshot (test-results/screenshots/chat-fail-<title>.png) and the last
 * answer's markup in the log, then a clean slate (queued scripts dropped, a running answer stopped).
 * Returns the chat view to use from now on.
 */
export async function recoverFromFailure(title: string): Promise<ChatView> {
  const { vscode, sim } = e2e();
  const slug = title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80);
  const shot = await vscode.screenshot(`chat-fail-${slug}`).catch((e: unknown) => `no screenshot (${String(e)})`);
  console.log(`      [diagnostics] ${shot}`);
  sim.reset();
  const chat = await openChat();
  const html = await chat
    .evaluate(() => Array.from(document.querySelectorAll('article[aria-label="Venice"]')).pop()?.outerHTML ?? '(no answer)')
    .catch((e: unknown) => String(e));
  console.log(`      [diagnostics] last answer: ${html.slice(0, 3000)}`);
  if (await chat.button('Stop').isVisible()) await chat.button('Stop').click();
  return chat;
}

/** The state most suites start from: the key set, chat settings at their defaults, no editors, an empty new chat. */
export async function freshChat(): Promise<ChatView> {
  await setApiKey();
  await resetUserSettings();
  await closeAllEditors();
  const chat = await openChat();
  await chat.newChat();
  return chat;
}
