// VS Code's own Chat view (where @venice answers), driven like a user: open it, type, press Enter,
// wait for the answer to settle.
import type { Locator } from 'playwright-core';
import { e2e } from '../context';

export const RESPONSE = '.interactive-session .interactive-item-container.interactive-response';

/** "Chat: Open Chat" from the command palette (F1); the Chat view's input has focus afterwards. */
export async function openChatView(): Promise<void> {
  const { page } = e2e().vscode;
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const quickInput = page.locator('.quick-input-widget input');
  await quickInput.waitFor({ state: 'visible', timeout: 10_000 });
  await quickInput.fill('>Chat: Open Chat');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Chat: Open Chat/ }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.interactive-input-part').first().waitFor({ state: 'visible', timeout: 10_000 });
}

/**
 * Starts a new chat (so the transcript holds just this exchange), types into the Chat view's input
 * and sends with Enter. Returns the answer.
 */
export async function send(text: string): Promise<Locator> {
  const { vscode } = e2e();
  const { page } = vscode;
  await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.chat.newChat'); return true;`);
  await openChatView();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 0, RESPONSE, { timeout: 10_000 });
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 5 });
  // The participant/command completion list may open; Enter must send, not complete.
  await page.waitForTimeout(400);
  if (await page.locator('.suggest-widget.visible').count()) await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  const answer = page.locator(RESPONSE).last();
  await answer.waitFor({ state: 'attached', timeout: 20_000 });
  return answer;
}

/** Waits until the answer stopped streaming (VS Code shows its footer toolbar then). */
export async function settled(answer: Locator): Promise<string> {
  await answer.locator('.chat-footer-toolbar .action-item').first().waitFor({ state: 'visible', timeout: 30_000 });
  return (await answer.innerText()).trim();
}
