// Issue 8: @venice in VS Code's own Chat view, driven like a user: open the Chat view, type,
// press Enter, read the answer on screen. No other chat extension and no sign-in are involved.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from '../fixtures/simulator';
import { e2e } from './context';
import { openChatView, RESPONSE, send, settled } from './helpers/vscodeChat';

const GLM = 'zai-org-glm-5-2';

function chatRequests(from: number): RecordedRequest[] {
  return e2e().sim.requests.slice(from).filter((r) => r.path === '/chat/completions');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('participant: @venice in VS Code’s Chat view', function () {
  this.timeout(120_000);

  before(async () => {
    const { vscode, validKey } = e2e();
    await vscode.bridge.run(`
      await vscode.extensions.getExtension('venice-community.venice-vscode').activate();
      return vscode.commands.executeCommand('venice.setApiKey', { key: args });
    `, validKey);
    // The Chat view offers the Venice models (read at start-up or after the key was set).
    const until = Date.now() + 15_000;
    while ((await vscode.bridge.run<number>(`return (await vscode.lm.selectChatModels({ vendor: 'venice' })).length`)) === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  after(async () => {
    // Leave an empty chat behind for the suites that follow.
    const { vscode } = e2e();
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.chat.newChat').then(undefined, () => undefined); return true;`);
  });

  it('picks a Venice model in the Chat view’s model picker', async () => {
    const { vscode } = e2e();
    const { page } = vscode;
    await openChatView();
    const picker = page.locator('.interactive-input-part a.model-picker-name').first();
    await picker.click();
    const dropdown = page.locator('.chat-model-picker-dropdown');
    const option = dropdown.locator('[role=option][aria-label^="GLM 5.2"]');
    const others = dropdown.locator('[role=option]', { hasText: 'Other Models' });
    await dropdown.locator('[role=option]').first().waitFor({ state: 'visible', timeout: 10_000 });
    // VS Code shows the current model first and folds the rest under "Other Models".
    if (!(await option.count()) && (await others.count())) await others.first().click();
    await option.first().waitFor({ state: 'visible', timeout: 10_000 });
    await vscode.screenshot('lm-model-picker-venice-models');
    await option.first().click();
    await page.waitForFunction(() => document.querySelector('.interactive-input-part a.model-picker-name')?.getAttribute('aria-label')?.includes('GLM 5.2') === true, undefined, { timeout: 10_000 });
    await dropdown.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.waitForTimeout(300); // the dropdown fades out
    const shot = await vscode.screenshot('lm-chat-view-venice-model-picked');
    assert.ok(existsSync(shot));
  });

  it('answers "@venice hello" typed into the Chat view with the streamed Venice answer', async () => {
    const { vscode, sim } = e2e();
    const before = sim.requests.length;
    sim.enqueueChat({ steps: ['Hello from ', '**Venice**', ' in VS Code’s own chat.', { content: ' Nothing else was needed.', delayMs: 50 }] });
    const answer = await send('@venice hello');
    const text = await settled(answer);
    assert.match(text, /Hello from Venice in VS Code’s own chat\. Nothing else was needed\./);
    assert.equal(await answer.locator('.chat-markdown-part strong', { hasText: 'Venice' }).count(), 1, 'Markdown is rendered');
    const [req] = chatRequests(before);
    const body = req.body as { model: string; messages: Array<{ role: string; content: unknown }> };
    assert.equal(body.model, GLM, 'the model picked in the Chat view answers');
    assert.deepEqual(body.messages.at(-1), { role: 'user', content: 'hello' });
    await vscode.screenshot('participant-venice-answer');
  });

  it('marks an @venice answer that lost an unreadable piece of its stream with a warning line', async () => {
    const { vscode, sim } = e2e();
    sim.enqueueChat({ steps: ['Hello ', { raw: 'data: {"choices":[{"index":0,"delta":{"content":"wo\n\n' }, 'ld from @venice.'] });
    const answer = await send('@venice say hello');
    const text = await settled(answer);
    assert.match(text, /Hello ld from @venice\./);
    assert.match(text, /This answer may be incomplete: Venice sent one piece of it that could not be read and was skipped\./);
    await vscode.screenshot('participant-incomplete-warning');
  });

  it('/search answers with web search and shows the sources as references', async () => {
    const { sim } = e2e();
    const before = sim.requests.length;
    sim.enqueueChat({
      steps: ['TypeScript 6 came out^1^.'],
      citations: [
        { title: 'TypeScript 6 release notes', url: 'https://example.com/ts6' },
        { title: 'Tracker', url: 'javascript:alert(1)' },
      ],
    });
    const answer = await send('@venice /search what is new in TypeScript?');
    const text = await settled(answer);
    assert.match(text, /TypeScript 6 came out/);
    assert.match(text, /Sources/);
    assert.equal(await answer.locator('a[href="https://example.com/ts6"]').count() >= 1, true, 'the https source is a link');
    assert.equal(await answer.locator('a[href^="javascript:"]').count(), 0, 'a javascript: source is dropped');
    const [req] = chatRequests(before);
    const vp = (req.body as { venice_parameters: Record<string, unknown> }).venice_parameters;
    assert.equal(vp.enable_web_search, 'on');
    assert.equal(vp.enable_web_citations, true);
    assert.equal(vp.include_search_results_in_stream, true);
  });

  it('/character slug question… asks that Venice character', async () => {
    const { sim } = e2e();
    const before = sim.requests.length;
    const answer = await send('@venice /character alan-watts what is zen?');
    await settled(answer);
    const [req] = chatRequests(before);
    const body = req.body as { venice_parameters: Record<string, unknown>; messages: Array<{ role: string; content: unknown }> };
    assert.equal(body.venice_parameters.character_slug, 'alan-watts');
    assert.deepEqual(body.messages.at(-1), { role: 'user', content: 'what is zen?' });
    const list = await send('@venice /character');
    const listed = await settled(list);
    assert.match(listed, /Alan Watts/);
    assert.match(listed, /alan-watts/);
  });

  it('puts a file attached with Add Context into the prompt and shows it as a reference', async () => {
    const { vscode, sim } = e2e();
    const { page } = vscode;
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.chat.newChat'); return true;`);
    await openChatView();
    // Add Context… → Files & Folders… → notes.txt: VS Code's own way to attach a file (#file).
    await page.locator('.interactive-input-part a.codicon-add-compact').first().click();
    const pick = page.locator('.quick-input-widget input');
    await pick.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type('Files');
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="Files & Folders"]').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.keyboard.type('notes.txt');
    await page.locator('.quick-input-list .monaco-list-row[aria-label="notes.txt"]').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.interactive-input-part .chat-attached-context', { hasText: 'notes.txt' }).first().waitFor({ timeout: 10_000 });
    const before = sim.requests.length;
    // The attachment is a chip beside the text: clearing the text keeps it.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('@venice summarise this', { delay: 5 });
    await page.waitForTimeout(400);
    if (await page.locator('.suggest-widget.visible').count()) await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    const answer = page.locator(RESPONSE).last();
    await answer.waitFor({ state: 'attached', timeout: 20_000 });
    await settled(answer);
    const [req] = chatRequests(before);
    const last = (req.body as { messages: Array<{ role: string; content: unknown }> }).messages.at(-1);
    assert.equal(last?.role, 'user');
    assert.match(String(last?.content), /^summarise this\n\nContext from `notes\.txt`:\n\n```plaintext\nShopping list\n- milk/);
    assert.equal(await answer.locator('[aria-label="Used 1 reference"]').count(), 1, 'the file is listed as a reference of the answer');
  });

  it('shows a clear error and a "Set API Key" button when Venice refuses the key', async () => {
    const { sim } = e2e();
    sim.enqueueChat({ fault: { kind: 'status', status: 401, body: { error: 'Authentication failed' } } });
    const answer = await send('@venice hello again');
    await answer.locator('.chat-notification-widget, .chat-error-codicon').first().waitFor({ timeout: 20_000 });
    assert.match(await answer.innerText(), /Venice did not accept your API key\. Set a valid key\./);
    assert.equal(await answer.locator('.chat-command-button a', { hasText: 'Set API Key' }).count(), 1);
  });

  it('/speak question… answers and reads the answer aloud', async () => {
    const { vscode, sim } = e2e();
    const before = sim.requests.length;
    sim.enqueueChat({ steps: ['Why did the gondola float? ', 'Because it was **light-hearted**.'] });
    const answer = await send('@venice /speak tell me a joke');
    const text = await settled(answer);
    assert.match(text, /Because it was light-hearted\./);
    const until = Date.now() + 15_000;
    let speech: RecordedRequest | undefined;
    while (!speech && Date.now() < until) {
      speech = sim.requests.slice(before).find((r) => r.path === '/audio/speech');
      if (!speech) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(speech, 'the answer was sent to Venice text-to-speech');
    const input = String((speech.body as { input?: unknown }).input);
    assert.match(input, /Why did the gondola float\? Because it was light-hearted\./);
    assert.ok(!input.includes('**'), 'Markdown markup is not read out');
    await vscode.bridge.run(`await vscode.commands.executeCommand('venice.stopReading'); await vscode.commands.executeCommand('workbench.view.explorer'); return true;`);
  });

  it('/image a fox writes an image into the workspace and links it', async () => {
    const { vscode, sim } = e2e();
    const dir = path.join(vscode.workspace, 'images', 'generated');
    const filesBefore = new Set(filesUnder(dir));
    const before = sim.requests.length;
    const answer = await send('@venice /image a fox');
    const text = await settled(answer);
    assert.doesNotMatch(text, /not available/, 'venice.generateImage is registered');
    assert.ok(sim.requests.slice(before).some((r) => r.path === '/image/generate'), 'Venice was asked for the image');
    const added = filesUnder(dir).filter((f) => !filesBefore.has(f) && /\.(webp|png|jpe?g)$/.test(f));
    assert.equal(added.length, 1, `one image written under images/generated (got ${added.join(', ') || 'none'})`);
    assert.match(text, new RegExp(path.basename(added[0]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the answer names the file');
    assert.equal(await answer.locator('img[src^="http://"]:not([src*="vscode-remote-resource"]), img[src^="https://"]:not([src*="vscode-remote-resource"])').count(), 0, 'no remote image is loaded');
    await vscode.page.waitForTimeout(500); // let the opened image preview paint
    await vscode.screenshot('participant-image');
    // Leave the session as it was: the image command opened the file.
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.closeAllEditors'); return true;`);
    rmSync(added[0], { force: true });
  });
});
