// Issue 17: inline completions (ghost text) in the real editor. Keys typed with Playwright into
// the workbench, answers from the strict simulator: the ghost text appears, Tab accepts it, typing
// along it costs no request, a keystroke closes the connection of the request under way, a .env
// file never sends anything, a 402 or a 401 shows in the status bar (with its action), not as a
// notification, the per-language switch stops requests for that language only, and a suggestion is
// accepted a word (Ctrl+Right) or a line at a time.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { RecordedRequest } from '../fixtures/simulator';
import { e2e } from './context';
import { graceForAbsence, until } from './helpers/wait';
import { closeAllEditors, scratchFolder, setApiKey, setUserSetting } from './helpers/workbench';

const QUIET_SUGGEST = { other: 'off', comments: 'off', strings: 'off' };
const FILE = 'export function total(items: Item[]): number {\n  return \n}\n';
const STATUS_ITEM = '[id="venice-community.venice-vscode.venice.completions"]';

function completionRequests(from: number): RecordedRequest[] {
  return e2e().sim.requests.slice(from).filter((r) => r.path === '/chat/completions');
}

function userMessage(r: RecordedRequest | undefined): string {
  const messages = (r?.body as { messages?: Array<{ role: string; content: string }> } | undefined)?.messages ?? [];
  return messages.find((m) => m.role === 'user')?.content ?? '';
}

/** Opens `abs` with the cursor at (line, character) and the keyboard focus in the editor. */
async function openAt(abs: string, line: number, character: number): Promise<void> {
  await e2e().vscode.bridge.run(
    `const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(args.abs));
     const editor = await vscode.window.showTextDocument(doc, { preview: false });
     editor.selection = new vscode.Selection(args.line, args.character, args.line, args.character);
     await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
     return true;`,
    { abs, line, character },
  );
  await e2e().vscode.page.locator('.monaco-editor.focused').first().waitFor({ timeout: 10_000 });
}

async function ghostText(): Promise<string> {
  const parts = await e2e().vscode.page.locator('.monaco-editor.focused .ghost-text-decoration, .monaco-editor.focused .ghost-text').allTextContents();
  return parts.join('');
}

/**
 * The rendered text of the editor's lines, ghost text included however VS Code draws it (with the
 * suggest widget open, part of it is drawn as the selected item's preview).
 */
async function renderedLines(): Promise<string> {
  const parts = await e2e().vscode.page.locator('.monaco-editor.focused .view-lines .view-line').allTextContents();
  return parts.join('\n').replace(/\u00a0/g, ' ');
}

async function editorText(): Promise<string> {
  return e2e().vscode.bridge.run<string>('return vscode.window.activeTextEditor?.document.getText() ?? ""');
}

describe('completions: inline ghost text in the editor', function () {
  this.timeout(90_000);
  const folder = scratchFolder('completions-e2e');
  let cart: string;

  before(async () => {
    await setApiKey();
    await setUserSetting('venice.completions.debounceMs', 100);
    await setUserSetting('venice.completions.enabled', true);
    // The suggest widget off, so keys typed go to the text exactly (one test turns it on).
    await setUserSetting('editor.quickSuggestions', QUIET_SUGGEST);
    await setUserSetting('editor.suggestOnTriggerCharacters', false);
  });

  beforeEach(async () => {
    e2e().sim.reset();
    cart = folder.file(`cart-${Date.now()}.ts`);
    writeFileSync(cart, FILE);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      console.log(`      [debug] ghost: ${JSON.stringify(await ghostText())} text: ${JSON.stringify(await editorText())}`);
      for (const r of completionRequests(0)) console.log(`      [debug] request #${r.seq} status ${r.status} closed ${r.connectionClosed}: ${JSON.stringify(userMessage(r).slice(-120))}`);
      console.log(`      [debug] screenshot ${await e2e().vscode.screenshot('completions-failed')}`);
      console.log(`      [debug] exthost: ${e2e().vscode.exthostLog().split('\n').filter((l) => /venice|error/i.test(l)).slice(-15).join('\n')}`);
    }
    await e2e().vscode.page.keyboard.press('Escape');
    await closeAllEditors();
  });

  after(async () => {
    // The harness runs every other suite with completions off (a keystroke must not take their chat scripts).
    await setUserSetting('venice.completions.enabled', false);
    await setUserSetting('venice.completions.debounceMs', undefined);
    await setUserSetting('editor.quickSuggestions', undefined);
    await setUserSetting('editor.suggestOnTriggerCharacters', undefined);
    folder.remove();
  });

  it('ghost text appears after a pause in typing (fences and the repeated word cleaned away), Tab accepts it', async () => {
    const { sim, vscode } = e2e();
    sim.enqueueChat({ steps: ['```typescript\n', 'items.reduce((sum, item) => ', 'sum + item.price, 0);', '\n```'] });
    await openAt(cart, 1, 9);
    // One input of two characters: typed key by key on a loaded machine, the debounce (100 ms) could
    // end between them and the one request would hold only "i" (VS Code then still shows the ghost text).
    await vscode.page.keyboard.insertText('it');
    const shown = await until('the ghost text', async () => ((await ghostText()).includes('ems.reduce') ? ghostText() : undefined), 20_000);
    assert.equal(shown.replace(/\u00a0/g, ' '), 'ems.reduce((sum, item) => sum + item.price, 0);');
    console.log(`      [screenshot] ${await vscode.screenshot('completions-ghost-text')}`);

    const [req] = completionRequests(0);
    const body = req.body as { model: string; stop: string[]; stream: boolean; venice_parameters: Record<string, unknown> };
    assert.equal(body.model, 'deepseek-v4-pro-0813', "Venice's default_code model");
    assert.ok(userMessage(req).includes('  return it<FILL_HERE>\n}'), 'the text before and after the cursor, around the hole');
    assert.equal(body.stream, true);
    assert.ok(body.stop.includes('<FILL_HERE>'));
    assert.equal(body.venice_parameters.include_venice_system_prompt, false);

    await vscode.page.keyboard.press('Tab');
    await until('the accepted completion', async () => (await editorText()).includes('return items.reduce((sum, item) => sum + item.price, 0);\n}'));
    assert.equal(completionRequests(0).length, 1);
  });

  it('typing along the suggestion and accepting a word cost no request', async () => {
    const { sim, vscode } = e2e();
    sim.enqueueChat({ steps: ['items.length * 2;'] });
    await openAt(cart, 1, 9);
    await vscode.page.keyboard.type('i');
    await until('the ghost text', async () => (await ghostText()).includes('tems.length'), 20_000);
    const asked = completionRequests(0).length;
    await vscode.page.keyboard.type('tems.', { delay: 150 });
    await until('the rest of the suggestion', async () => (await ghostText()).replace(/\u00a0/g, ' ') === 'length * 2;');
    await vscode.bridge.run(`await vscode.commands.executeCommand('editor.action.inlineSuggest.acceptNextWord'); return true`);
    await until('the accepted word', async () => (await editorText()).includes('return items.length'));
    await until('the rest after the accepted word', async () => (await ghostText()).replace(/\u00a0/g, ' ').trim().startsWith('* 2;'));
    await graceForAbsence(500);
    assert.equal(completionRequests(0).length, asked, 'typing along and a partial accept were served from the cache');
  });

  it('Ctrl+Right accepts exactly the next word of the ghost text and keeps offering the rest, with no new request', async () => {
    const { sim, vscode } = e2e();
    writeFileSync(cart, 'export function total(items: Item[]): number {\n  return\n}\n');
    sim.enqueueChat({ steps: ['items.length * 2;'] });
    await openAt(cart, 1, 8);
    await vscode.page.keyboard.type(' ');
    await until('the ghost text', async () => ((await ghostText()).replace(/\u00a0/g, ' ') === 'items.length * 2;' ? true : undefined), 20_000);
    await vscode.page.screenshot({ path: '/tmp/ghost2-word-before.png' });
    // VS Code's own key for editor.action.inlineSuggest.acceptNextWord (Cmd+Right on macOS).
    await vscode.page.keyboard.press('Control+ArrowRight');
    await until('one word accepted', async () => (await editorText()).includes('  return items'));
    assert.equal((await editorText()).split('\n')[1], '  return items', 'exactly the first word went in');
    await until('the rest still offered', async () => ((await ghostText()).replace(/\u00a0/g, ' ') === '.length * 2;' ? true : undefined));
    await vscode.page.screenshot({ path: '/tmp/ghost2-word-after.png' });
    const position = await vscode.bridge.run<{ line: number; character: number }>('const p = vscode.window.activeTextEditor.selection.active; return { line: p.line, character: p.character }');
    assert.deepEqual(position, { line: 1, character: 14 }, 'the cursor after the accepted word');
    await vscode.page.keyboard.press('Tab');
    await until('the rest accepted', async () => (await editorText()).includes('  return items.length * 2;\n}'));
    assert.equal(completionRequests(0).length, 1, 'the word and the rest came from the one answer');
  });

  it('with the suggest widget open, the ghost text extends its selected item', async () => {
    const { sim, vscode } = e2e();
    await setUserSetting('editor.quickSuggestions', { other: 'on', comments: 'off', strings: 'off' });
    try {
      // Asked once before the widget opens ("it") and again with its item ("items").
      sim.enqueueChat({ steps: ['.filter((i) => i.price > 0).length;'] });
      sim.enqueueChat({ steps: ['.filter((i) => i.price > 0).length;'] });
      await openAt(cart, 1, 9);
      await vscode.page.keyboard.type('it');
      await vscode.page.locator('.suggest-widget.visible').waitFor({ timeout: 10_000 });
      await until('the ghost text after the selected item', async () => (await renderedLines()).includes('return items.filter((i) => i.price > 0).length;'), 20_000);
      console.log(`      [screenshot] ${await vscode.screenshot('completions-with-suggest-widget')}`);
      assert.ok(userMessage(completionRequests(0).at(-1)).includes('  return items<FILL_HERE>\n}'), 'asked as if "items" were accepted');
    } finally {
      await setUserSetting('editor.quickSuggestions', QUIET_SUGGEST);
    }
  });

  it('a keystroke while a completion is under way closes its connection (the HTTP request is aborted)', async () => {
    const { sim, vscode } = e2e();
    sim.enqueueChat({ fault: { kind: 'hangBeforeHeaders' } });
    sim.enqueueChat({ steps: ['s.length;'] });
    await openAt(cart, 1, 9);
    await vscode.page.keyboard.type('item');
    const first = await until('the first request', async () => completionRequests(0)[0]);
    assert.equal(first.connectionClosed, false);
    await vscode.page.keyboard.type('s');
    assert.equal(await sim.waitForClose(first, 5_000), true, 'the simulator saw the connection closed');
    // The next pause asks again, and that answer shows.
    await until('the second answer as ghost text', async () => (await ghostText()).includes('.length;'), 20_000);
    assert.equal(completionRequests(0).length, 2);
  });

  it('never in a .env file: nothing is sent', async () => {
    const { vscode } = e2e();
    const env = folder.file('.env');
    writeFileSync(env, 'API_TOKEN=\n');
    await openAt(env, 0, 10);
    await vscode.page.keyboard.type('abc');
    await graceForAbsence();
    assert.equal(completionRequests(0).length, 0);
    const label = await vscode.page.locator('[id="venice-community.venice-vscode.venice.completions"]').getAttribute('aria-label');
    assert.match(label ?? '', /Venice completions off here/);
  });

  it('snooze and toggle (commands with an argument) stop requests and say so in the status bar', async () => {
    const { vscode } = e2e();
    const item = vscode.page.locator('[id="venice-community.venice-vscode.venice.completions"]');
    const run = (id: string, arg: unknown) => vscode.bridge.run<unknown>('return vscode.commands.executeCommand(args.id, args.arg)', { id, arg });
    const snoozed = (await run('venice.completions.snooze', { minutes: 5 })) as { snoozedUntil: number };
    assert.ok(snoozed.snoozedUntil > Date.now() + 4 * 60_000);
    await openAt(cart, 1, 9);
    await vscode.page.keyboard.type('it');
    await until('the snoozed status', async () => /snoozed until/.test((await item.getAttribute('aria-label')) ?? ''));
    await graceForAbsence(800);
    assert.equal(completionRequests(0).length, 0, 'nothing sent while snoozed');
    assert.deepEqual(await run('venice.completions.snooze', { minutes: 0 }), { snoozedUntil: 0 });
    assert.deepEqual(await run('venice.completions.toggle', { enabled: false }), { enabled: false });
    await until('the off status', async () => /Venice completions off$/.test((await item.getAttribute('aria-label')) ?? ''));
    await vscode.page.keyboard.type('e');
    await graceForAbsence(800);
    assert.equal(completionRequests(0).length, 0, 'nothing sent while off');
    await assert.rejects(run('venice.completions.toggle', { enabled: true, extra: 1 }), /Unknown option/);
    assert.deepEqual(await run('venice.completions.toggle', { enabled: true }), { enabled: true });
  });

  it('a 429 backs off for the time Venice asks, quietly, then completes again', async () => {
    const { sim, vscode } = e2e();
    sim.enqueueChat({ fault: { kind: 'status', status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '3' } } });
    sim.enqueueChat({ steps: ['ems.length;'] });
    await openAt(cart, 1, 9);
    await vscode.page.keyboard.type('it');
    const item = vscode.page.locator('[id="venice-community.venice-vscode.venice.completions"]');
    await until('the rate-limited status', async () => /rate limited/.test((await item.getAttribute('aria-label')) ?? ''));
    assert.equal(completionRequests(0).length, 1, 'no retry while typing');
    assert.equal(await vscode.page.locator('.notifications-toasts .notification-toast').count(), 0);
    await vscode.page.keyboard.press('Backspace');
    await vscode.page.keyboard.type('t');
    await graceForAbsence(1_000);
    assert.equal(completionRequests(0).length, 1, 'nothing sent while backing off');
    await until('the status back on', async () => !/rate limited/.test((await item.getAttribute('aria-label')) ?? ''), 10_000);
    await vscode.page.keyboard.press('Backspace');
    await vscode.page.keyboard.type('t');
    await until('a completion after the back-off', async () => (await ghostText()).includes('ems.length;'), 20_000);
    assert.equal(completionRequests(0).length, 2);
  });

  it('a 402 while typing shows in the status bar with its action, never as a notification', async () => {
    const { sim, vscode } = e2e();
    sim.enqueueChat({ fault: { kind: 'status', status: 402, body: { error: 'Insufficient USD or Diem balance to complete request' } } });
    await openAt(cart, 1, 9);
    await vscode.page.keyboard.type('it');
    const item = vscode.page.locator('[id="venice-community.venice-vscode.venice.completions"]');
    await until('the paused status', async () => /balance empty/.test((await item.getAttribute('aria-label')) ?? ''));
    console.log(`      [screenshot] ${await vscode.screenshot('completions-status-402')}`);
    assert.equal(await vscode.page.locator('.notifications-toasts .notification-toast').count(), 0, 'no pop-up while typing');
    // Paused: more typing sends nothing until the key changes.
    await vscode.page.keyboard.type('em');
    await graceForAbsence();
    assert.equal(completionRequests(0).length, 1);
    await setApiKey();
    await until('the status back on', async () => !/balance empty/.test((await item.getAttribute('aria-label')) ?? ''));
  });

  it('a 401 while typing: the status bar says it once with its action (Set API Key), no notification, nothing more sent', async () => {
    const { sim, vscode } = e2e();
    sim.enqueueChat({ fault: { kind: 'status', status: 401, body: { error: 'Authentication failed' } } });
    await openAt(cart, 1, 9);
    await vscode.page.keyboard.type('it');
    const item = vscode.page.locator(STATUS_ITEM);
    await until('the key-refused status', async () => /API key refused/.test((await item.getAttribute('aria-label')) ?? ''));
    assert.equal(await vscode.page.locator('.notifications-toasts .notification-toast').count(), 0, 'no pop-up while typing');
    // Typing on sends nothing and pops nothing: the key is known to be refused until it changes.
    await vscode.page.keyboard.type('ems.', { delay: 120 });
    await graceForAbsence();
    assert.equal(completionRequests(0).length, 1, 'one request, then none until the key changes');
    assert.equal(await vscode.page.locator('.notifications-toasts .notification-toast').count(), 0, 'still no pop-up');
    assert.match((await item.getAttribute('aria-label')) ?? '', /API key refused/);
    await vscode.page.screenshot({ path: '/tmp/ghost-status-401.png' });
    // The item's action is Set API Key: clicking it opens the key's input box.
    await item.click();
    const input = vscode.page.locator('.quick-input-widget');
    await until('the Set API Key input', async () => (await input.isVisible()) && /Set API Key/.test((await input.textContent()) ?? ''), 10_000);
    await vscode.page.keyboard.press('Escape');
    // A new key resumes completions.
    await setApiKey();
    await until('the status back on', async () => !/API key refused/.test((await item.getAttribute('aria-label')) ?? ''));
    sim.enqueueChat({ steps: ['length;'] });
    await openAt(cart, 1, 15);
    await vscode.page.keyboard.type('l');
    await until('a completion with the new key', async () => (await ghostText()).includes('ength;'), 20_000);
    assert.equal(completionRequests(0).length, 2);
  });

  it('the per-language switch stops requests for that language only', async () => {
    const { sim, vscode } = e2e();
    await setUserSetting('venice.completions.disabledLanguages', ['typescript']);
    try {
      await openAt(cart, 1, 9);
      await vscode.page.keyboard.type('it');
      const item = vscode.page.locator(STATUS_ITEM);
      await until('the off-here status', async () => /off here/.test((await item.getAttribute('aria-label')) ?? ''));
      await graceForAbsence(800);
      assert.equal(completionRequests(0).length, 0, 'nothing sent for TypeScript');
      // JavaScript is still on: the same pause there asks Venice and shows its answer.
      const js = folder.file(`cart-${Date.now()}.js`);
      writeFileSync(js, 'export function total(items) {\n  return \n}\n');
      sim.enqueueChat({ steps: ['ems.length;'] });
      await openAt(js, 1, 9);
      await vscode.page.keyboard.type('it');
      await until('the ghost text in the JavaScript file', async () => (await ghostText()).includes('ems.length;'), 20_000);
      assert.equal(completionRequests(0).length, 1);
      assert.ok(userMessage(completionRequests(0)[0]).includes('  return it<FILL_HERE>'), 'the request was for the JavaScript file');
      await vscode.page.screenshot({ path: '/tmp/ghost-language-on-js.png' });
    } finally {
      await setUserSetting('venice.completions.disabledLanguages', undefined);
    }
  });

  it('a multi-line suggestion is accepted a line at a time (Accept Line), with no new request', async () => {
    const { sim, vscode } = e2e();
    writeFileSync(cart, 'export function total(items: Item[]): number {\n  \n}\n');
    sim.enqueueChat({ steps: ['const sum = items.reduce((s, i) => s + i.price, 0);\n  console.log(sum);\n  return sum;'] });
    await openAt(cart, 1, 2);
    // A pause on a blank line asks for a block.
    await vscode.page.keyboard.type(' ');
    await until('the multi-line ghost text', async () => (await ghostText()).replace(/\u00a0/g, ' ').includes('return sum;'), 20_000);
    await vscode.page.screenshot({ path: '/tmp/ghost-multiline.png' });
    await vscode.bridge.run(`await vscode.commands.executeCommand('editor.action.inlineSuggest.acceptNextLine'); return true`);
    await until('the first line accepted', async () => (await editorText()).includes('  const sum = items.reduce((s, i) => s + i.price, 0);'));
    const afterLine = await editorText();
    assert.ok(!afterLine.includes('console.log'), `only the first line went in: ${JSON.stringify(afterLine)}`);
    await until('the rest still shown', async () => (await ghostText()).replace(/\u00a0/g, ' ').includes('console.log(sum);'));
    await vscode.bridge.run(`await vscode.commands.executeCommand('editor.action.inlineSuggest.acceptNextLine'); return true`);
    await until('the second line accepted', async () => (await editorText()).includes('  console.log(sum);'));
    assert.ok(!(await editorText()).includes('return sum;'), 'the last line is still a suggestion');
    await vscode.page.screenshot({ path: '/tmp/ghost-after-accept-line.png' });
    // What is left starts with a line break: VS Code's word accept takes the break and the indent
    // first (up to the next word), then the word itself.
    await vscode.page.keyboard.press('Control+ArrowRight');
    await until('the line break accepted', async () => (await editorText()).includes('  console.log(sum);\n  \n}'));
    await until('the last line offered after it', async () => ((await ghostText()).replace(/\u00a0/g, ' ') === 'return sum;' ? true : undefined));
    await vscode.page.keyboard.press('Control+ArrowRight');
    await until('its first word accepted', async () => (await editorText()).includes('  console.log(sum);\n  return\n}'));
    await vscode.page.screenshot({ path: '/tmp/ghost2-multiline-word.png' });
    assert.equal(completionRequests(0).length, 1, 'partial accepts are served from the one answer');
  });
});
