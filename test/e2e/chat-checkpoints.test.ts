// Issue 14 §2 in the real workbench: an answer whose tools changed files lists them, opens each in
// the diff editor, and "Restore files to before this answer" really restores them (an edited file
// gets its old content, a created file is removed); the button then reads "Undo restore", which
// brings the changes back. A file changed by hand since the answer makes the restore ask first
// (modal), and a checkpoint still restores after a window reload.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import type { ToolCallSpec } from '../fixtures/simulator';
import { e2e } from './context';
import { openChat, recoverFromFailure, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import { closeAllEditors, resetUserSettings, scratchFolder, setApiKey, tabLabels } from './helpers/workbench';

const DIR = 'chat-e2e-checkpoints';
const RESTORE = 'Restore files to before this answer';
const UNDO = 'Undo restore';

function call(id: string, name: string, args: unknown): ToolCallSpec {
  return { id, name, arguments: JSON.stringify(args) };
}

describe('chat-checkpoints: restore the files an answer changed', function () {
  this.timeout(180_000);
  let chat: ChatView;
  let files: ReturnType<typeof scratchFolder>;

  /** Sends a prompt whose first response is the scripted tool calls, applies each card, waits for the end. */
  async function answerWithChanges(prompt: string, calls: ToolCallSpec[]): Promise<Locator> {
    e2e().sim.enqueueChat({ steps: ['Changing the files.'], toolCalls: calls });
    const id = await chat.send(prompt);
    const answer = chat.message(id);
    for (const c of calls) {
      const row = answer.locator(`details[data-tool-call-id="${c.id}"][data-status="awaitingApproval"]`);
      await row.waitFor({ timeout: 20_000 });
      await row.locator('xpath=..').locator('.approval-card').getByRole('button', { name: 'Apply' }).click();
      await answer.locator(`details[data-tool-call-id="${c.id}"][data-status="done"]`).waitFor({ timeout: 20_000 });
    }
    await chat.waitForState(id, 'done');
    return answer;
  }

  const restoreButton = (answer: Locator): Locator => answer.getByRole('button', { name: RESTORE, exact: true });
  const undoButton = (answer: Locator): Locator => answer.getByRole('button', { name: UNDO, exact: true });
  const read = (name: string): string | undefined => (existsSync(files.file(name)) ? readFileSync(files.file(name), 'utf8') : undefined);
  const dialog = () => e2e().vscode.page.locator('.monaco-dialog-box');

  before(async () => {
    await setApiKey();
    await resetUserSettings();
    await closeAllEditors();
    files = scratchFolder(DIR);
    chat = await openChat();
  });

  beforeEach(async () => {
    await chat.newChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
    if (await dialog().isVisible()) await dialog().getByRole('button', { name: 'Cancel' }).click();
    await closeAllEditors();
  });

  after(async () => {
    await closeAllEditors();
    files.remove();
  });

  it('chat-checkpoints: an edit_file + create_file answer restores in one step, and "Undo restore" brings the changes back', async () => {
    const original = 'export const answer = 41;\n';
    writeFileSync(files.file('edit.ts'), original);
    const answer = await answerWithChanges('fix it and add a test', [
      call('cp_edit', 'edit_file', { path: `${DIR}/edit.ts`, oldText: '41', newText: '42' }),
      call('cp_create', 'create_file', { path: `${DIR}/created.test.ts`, content: 'test("answer", () => {});\n' }),
    ]);
    const edited = 'export const answer = 42;\n';
    assert.equal(read('edit.ts'), edited);
    assert.equal(read('created.test.ts'), 'test("answer", () => {});\n');

    const list = answer.getByRole('region', { name: 'Changed files' });
    await list.waitFor({ timeout: 10_000 });
    assert.match(await list.innerText(), /Changed 2 files/);
    assert.match(await list.innerText(), new RegExp(`${DIR}/edit\\.ts\\s+modified`));
    assert.match(await list.innerText(), new RegExp(`${DIR}/created\\.test\\.ts\\s+created`));
    await list.scrollIntoViewIfNeeded();
    console.log(`      [screenshot] ${await e2e().vscode.screenshot('checkpoints-before-restore')}`);

    // The change list opens VS Code's diff editor: before this answer ↔ now.
    await list.getByRole('button', { name: new RegExp(`${DIR}/edit\\.ts`) }).click();
    await until('the diff tab', async () => (await tabLabels()).some((l) => l.includes('edit.ts (before this answer ↔ now)')), 10_000);

    await restoreButton(answer).click();
    await undoButton(answer).waitFor({ timeout: 15_000 });
    assert.equal(read('edit.ts'), original, 'the edited file is back');
    assert.equal(read('created.test.ts'), undefined, 'the created file is gone');
    assert.match(await list.innerText(), /Restored 2 files to before this answer/);
    assert.equal(await restoreButton(answer).count(), 0, 'the button now reads "Undo restore"');
    console.log(`      [screenshot] ${await e2e().vscode.screenshot('checkpoints-after-restore')}`);

    await undoButton(answer).click();
    await restoreButton(answer).waitFor({ timeout: 15_000 });
    assert.equal(read('edit.ts'), edited, 'the answer\'s edit is back');
    assert.equal(read('created.test.ts'), 'test("answer", () => {});\n', 'the created file is back');
  });

  it('chat-checkpoints: a restore after the file was edited by hand warns first (modal); Cancel changes nothing', async () => {
    writeFileSync(files.file('hand.ts'), 'const v = 1;\n');
    const answer = await answerWithChanges('bump v', [call('cp_hand', 'edit_file', { path: `${DIR}/hand.ts`, oldText: '1', newText: '2' })]);
    assert.equal(read('hand.ts'), 'const v = 2;\n');
    writeFileSync(files.file('hand.ts'), 'const v = 2; // tuned by hand\n');

    await restoreButton(answer).click();
    await dialog().waitFor({ timeout: 10_000 });
    assert.match(await dialog().innerText(), new RegExp(`${DIR}/hand\\.ts changed since this answer`));
    console.log(`      [screenshot] ${await e2e().vscode.screenshot('checkpoints-hand-edit-warning')}`);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(read('hand.ts'), 'const v = 2; // tuned by hand\n', 'cancelled: the hand edit stays');
    assert.equal(await restoreButton(answer).isVisible(), true);

    await restoreButton(answer).click();
    await dialog().getByRole('button', { name: 'Restore Anyway' }).click();
    await undoButton(answer).waitFor({ timeout: 15_000 });
    assert.equal(read('hand.ts'), 'const v = 1;\n');
    await undoButton(answer).click();
    await restoreButton(answer).waitFor({ timeout: 15_000 });
    assert.equal(read('hand.ts'), 'const v = 2; // tuned by hand\n', '"Undo restore" gives the hand edit back too');
  });

  it('chat-checkpoints: after a window reload the answer\'s restore button still restores', async () => {
    writeFileSync(files.file('reload.ts'), 'let mode = "old";\n');
    const answer = await answerWithChanges('switch the mode', [call('cp_reload', 'edit_file', { path: `${DIR}/reload.ts`, oldText: '"old"', newText: '"new"' })]);
    const id = await answer.getAttribute('data-message-id');
    assert.ok(id);
    assert.equal(read('reload.ts'), 'let mode = "new";\n');

    await e2e().vscode.reload();
    chat = await openChat();
    const again = chat.message(id);
    await restoreButton(again).waitFor({ timeout: 20_000 });
    await restoreButton(again).click();
    await undoButton(again).waitFor({ timeout: 15_000 });
    assert.equal(read('reload.ts'), 'let mode = "old";\n');
  });
});
