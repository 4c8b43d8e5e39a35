// Helpers for driving the chat view of the harness's real VS Code (code-server + Chromium) in the
// benchmarks: finding the webview's document, sending a message, waiting for the answer.
import type { Frame, Page } from 'playwright-core';
import type { VSCodeSession } from '../../test/harness/vscode';
import { sleep } from '../lib/stats';

/** Polls `fn` until it returns a value other than undefined. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
}

/** The inner document (iframe.webview > #active-frame) of the webview that has `selector`. */
export async function webviewDocument(page: Page, what: string, selector: string, timeoutMs = 30_000): Promise<Frame> {
  return until(
    what,
    async () => {
      for (const handle of await page.locator('iframe.webview.ready').elementHandles()) {
        const outer = await handle.contentFrame();
        const inner = await (await outer?.$('#active-frame'))?.contentFrame();
        if (inner && (await inner.evaluate((s) => !!document.querySelector(s), selector))) return inner;
      }
      return undefined;
    },
    timeoutMs,
    100,
  );
}

/** The chat webview's inner document, told apart from other webviews by its chat input. */
export async function chatDocument(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return webviewDocument(page, 'the chat webview', 'textarea[aria-label="Chat input"]', timeoutMs);
}

export async function evalIn<T>(frame: Frame, expression: string): Promise<T> {
  return (await frame.evaluate(expression)) as T;
}

export async function command(vs: VSCodeSession, id: string, arg?: unknown): Promise<unknown> {
  return vs.bridge.run('return await vscode.commands.executeCommand(args.id, ...(args.arg === undefined ? [] : [args.arg]))', { id, arg });
}

/** Starts a new, empty chat and waits until the view shows it. */
export async function newChat(vs: VSCodeSession, frame: Frame): Promise<void> {
  await command(vs, 'venice.newChat');
  await until('an empty transcript', async () => ((await evalIn<number>(frame, "document.querySelectorAll('article[data-message-id]').length")) === 0 ? true : undefined), 15_000);
}

/** Types a message into the chat input and sends it; returns the wall-clock time of the send. */
export async function send(frame: Frame, text: string): Promise<number> {
  const input = frame.locator('textarea[aria-label="Chat input"]');
  await input.fill(text);
  const at = Date.now();
  await input.press('Enter');
  return at;
}

/** Waits until the last answer in the view has finished (data-state other than streaming). */
export async function answerFinished(frame: Frame, timeoutMs = 180_000): Promise<string> {
  return until(
    'the answer to finish',
    async () => {
      const state = await evalIn<string | null>(
        frame,
        "(() => { const a = [...document.querySelectorAll('article[aria-label=\"Venice\"]')].pop(); return a ? a.getAttribute('data-state') : null; })()",
      );
      return state && state !== 'streaming' ? state : undefined;
    },
    timeoutMs,
    100,
  );
}
