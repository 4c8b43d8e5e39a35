// "@" mentions in the real chat view: the listbox, the "@file:" list (fuzzy, .gitignore respected),
// @selection, @problems, @git (through VS Code's Git extension), @url (Venice's /augment/scrape), the
// chips in "Attached context" with their token sizes, the content reaching Venice with the message,
// and context too large for the model's window cut with a visible note.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { e2e } from './context';
import { bodyOf, chatRequests, freshChat, recoverFromFailure, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import { closeAllEditors, openEditor, scratchFolder, setUserSetting } from './helpers/workbench';

const DIR = 'chat-e2e-mentions';

describe('chat-mentions: "@" attaches files, the selection, problems, git changes and web pages', function () {
  this.timeout(120_000);
  let chat: ChatView;
  let files: ReturnType<typeof scratchFolder>;

  function listbox(): Locator {
    return chat.frame.getByRole('listbox', { name: 'Mentions' });
  }

  function chips(): Locator {
    return chat.frame.locator('.composer ul[aria-label="Attached context"] > li');
  }

  async function optionLabels(): Promise<string[]> {
    return listbox().locator('[role="option"] .mention-label').allInnerTexts();
  }

  /** Types `text` at the end of the input, key by key, as a user would. */
  async function type(text: string): Promise<void> {
    await chat.input.focus();
    await chat.input.press('End');
    await chat.input.pressSequentially(text, { delay: 15 });
  }

  async function waitForChip(label: RegExp): Promise<string> {
    return until(`a chip ${label}`, async () => (await chips().allInnerTexts()).find((t) => label.test(t)), 20_000);
  }

  before(async () => {
    files = scratchFolder(DIR);
    mkdirSync(files.file('src'), { recursive: true });
    writeFileSync(files.file('src/greeting.ts'), 'export function greeting(name: string): string {\n  return `Hello, ${name}`;\n}\n');
    writeFileSync(files.file('src/other.ts'), 'export const other = 1;\n');
    writeFileSync(files.file('.gitignore'), 'secret-notes.txt\n');
    writeFileSync(files.file('secret-notes.txt'), 'ignored by git\n');
    writeFileSync(files.file('broken.json'), '{ "name": }\n');
    // A repository with one committed file changed since, opened in VS Code's Git extension as a user's would be.
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=Test', ...args], { cwd: files.abs, stdio: 'pipe' });
    git('init', '-q');
    git('add', 'src/greeting.ts');
    git('commit', '-q', '-m', 'first');
    writeFileSync(files.file('src/greeting.ts'), 'export function greeting(name: string): string {\n  return `Good morning, ${name}!`;\n}\n');
    await e2e().vscode.bridge.run(
      `const api = (await vscode.extensions.getExtension('vscode.git').activate()).getAPI(1); await api.openRepository(vscode.Uri.file(args)); return true`,
      files.abs,
    );
    chat = await freshChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
    await chat.input.fill('');
    // Remove the chips a test left behind.
    for (let left = await chips().count(); left > 0; left = await chips().count()) {
      await chips()
        .first()
        .getByRole('button', { name: /^Remove / })
        .click({ timeout: 10_000 })
        .catch(async (e: unknown) => {
          console.log(`      [diagnostics] ${await e2e().vscode.screenshot('mentions-chip-cleanup')}; chips: ${JSON.stringify(await chips().evaluateAll((els) => els.map((el) => el.outerHTML)))}`);
          throw e;
        });
      await until('the chip to go', async () => (await chips().count()) < left, 10_000);
    }
  });

  after(async () => {
    await setUserSetting('venice.chat.model', undefined);
    await closeAllEditors();
    files.remove();
  });

  it('"@" opens the Mentions listbox; typing filters; Escape closes it', async () => {
    await type('Explain @');
    await listbox().waitFor({ state: 'visible', timeout: 10_000 });
    assert.deepEqual(await optionLabels(), ['@file', '@selection', '@problems', '@terminal', '@git', '@url']);
    await e2e().vscode.screenshot('mentions-listbox');
    await type('pr');
    assert.deepEqual(await optionLabels(), ['@problems']);
    await chat.input.press('Escape');
    await listbox().waitFor({ state: 'hidden', timeout: 5_000 });
    assert.equal(await chat.input.inputValue(), 'Explain @pr');
  });

  it('"@file:" lists workspace files by fuzzy match (not those .gitignore ignores) and attaches the picked one', async () => {
    await type('@fi');
    await chat.input.press('Enter');
    assert.equal(await chat.input.inputValue(), '@file:');
    await type('mentionsgreeting');
    await until('greeting.ts in the list', async () => (await optionLabels()).includes('greeting.ts'), 20_000);
    await e2e().vscode.screenshot('mentions-file-list');
    await chat.input.press('Enter');
    const chip = await waitForChip(/greeting\.ts/);
    assert.match(chip, /~\d+ tokens · 3 lines/);
    assert.equal(await chat.input.inputValue(), '', 'the mention left the text');
    // .gitignore'd files are not offered.
    await type('@file:secret-notes');
    await until('the file list answer', async () => (await listbox().innerText()).includes('No workspace file matches'), 20_000);
  });

  it('@selection, @problems and @git become chips; the message carries their content to Venice', async () => {
    // broken.json gives the Problems view an error; other.ts, opened last, is the editor with the selection.
    await openEditor(`${DIR}/broken.json`);
    await openEditor(`${DIR}/src/other.ts`, { at: [0, 13], to: [0, 18] });
    await chat.input.focus();
    await type('@sel');
    await chat.input.press('Enter');
    await waitForChip(/other\.ts:1-1/);
    await until(
      'a problem in broken.json',
      async () => (await e2e().vscode.bridge.run<number>(`return vscode.languages.getDiagnostics().reduce((n, [, d]) => n + d.length, 0)`)) > 0,
      30_000,
    );
    await type('@problems');
    await chat.input.press('Enter');
    await waitForChip(/^Problems \(\d+\)/);
    await type('@git');
    await chat.input.press('Tab');
    await waitForChip(/Uncommitted changes \(1 file\)/);
    await e2e().vscode.screenshot('mentions-chips');

    const from = e2e().sim.requests.length;
    const id = await chat.send('What changed?');
    await chat.waitForState(id, 'done');
    const user = bodyOf(chatRequests(from)[0]).messages.filter((m) => m.role === 'user').pop()?.content ?? '';
    assert.match(user, /^What changed\?/);
    assert.match(user, /other/, 'the selection');
    assert.match(user, /broken\.json:1:\d+ error/, 'the problems');
    assert.match(user, /-\s+return `Hello, \$\{name\}`;\n\+\s+return `Good morning, \$\{name\}!`;/, 'the diff');
    // The sent message shows its chips in the transcript.
    const sent = chat.questions.last().locator('ul[aria-label="Attached context"] > li');
    assert.equal(await sent.count(), 3);
  });

  it('@url fetches the page through Venice as Markdown and sends it with the message', async () => {
    const from = e2e().sim.requests.length;
    await type('@url:https://docs.example.com/api');
    await until('the fetch option', async () => (await optionLabels()).some((o) => o.startsWith('Fetch https://docs.example.com/api')), 10_000);
    await chat.input.press('Enter');
    await waitForChip(/docs\.example\.com\/api/);
    const scrapes = e2e().sim.requests.slice(from).filter((r) => r.path.endsWith('/augment/scrape'));
    assert.deepEqual(scrapes.map((r) => r.body), [{ url: 'https://docs.example.com/api' }]);
    const id = await chat.send('Summarise the limits');
    await chat.waitForState(id, 'done');
    const user = bodyOf(chatRequests(from)[0]).messages.filter((m) => m.role === 'user').pop()?.content ?? '';
    assert.match(user, /# Example API[\s\S]*100 requests per minute/);
  });

  it('context larger than the model’s window is cut with a visible note, and the request fits', async () => {
    // 32,768-token window: two ~16k-token pages do not fit beside the room kept for the answer.
    await setUserSetting('venice.chat.model', 'venice-uncensored-1-2');
    for (const page of ['https://example.com/huge/1', 'https://example.com/huge/2']) {
      await type(`@url:${page}`);
      await until('the fetch option', async () => (await optionLabels()).some((o) => o.startsWith(`Fetch ${page}`)), 10_000);
      await chat.input.press('Enter');
      await waitForChip(new RegExp(page.replace('https://', '').replace(/[./]/g, '\\$&')));
    }
    const from = e2e().sim.requests.length;
    const id = await chat.send('Compare the two pages');
    const answer = await chat.waitForState(id, 'done');
    const text = await answer.innerText();
    assert.match(text, /Attached context "example\.com\/huge\/1" was cut from ~[\d,]+ to ~[\d,]+ tokens/);
    await e2e().vscode.screenshot('mentions-trimmed-note');
    const body = bodyOf(chatRequests(from)[0]);
    assert.equal(body.model, 'venice-uncensored-1-2');
    assert.ok(JSON.stringify(body.messages).length < 32_768 * 4, 'the request fits the window');
  });
});
