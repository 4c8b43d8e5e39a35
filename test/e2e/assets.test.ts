// Issue 16 in the real workbench: Remove Background, Combine Images… and Transcribe Audio from the
// Explorer's context menu and as scripted commands, the remove_background and transcribe_audio chat
// tools, and the Venice Assets view (details, copy link, variations, a deleted file disappearing).
// Every request body the simulator received is checked exactly.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RecordedRequest, ToolCallSpec } from '../fixtures/simulator';
import { encodeWav } from '../fixtures/simulator/audio';
import { encodePng } from '../fixtures/simulator/images';
import { e2e } from './context';
import { bodyOf, chatRequests, openChat, recoverFromFailure, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import { closeAllEditors, contextMenu, setApiKey, setUserSetting } from './helpers/workbench';

const since = (from: number, p: string): RecordedRequest[] => e2e().sim.requests.slice(from).filter((r) => r.path === p);
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

async function shot(name: string): Promise<void> {
  console.log(`      screenshot: ${await e2e().vscode.screenshot(name)}`);
}

async function reveal(file: string): Promise<Locator> {
  const { vscode } = e2e();
  await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.view.explorer'); await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(args)); return true`, file);
  const row = vscode.page.locator('.explorer-folders-view .monaco-list-row', { hasText: path.basename(file) }).first();
  await row.waitFor({ timeout: 20_000 });
  return row;
}

/** Items of a row's context menu (then closes it). */
async function menuItems(page: Page, row: Locator): Promise<string[]> {
  await row.click({ button: 'right' });
  await page.locator('.monaco-menu .action-label').first().waitFor({ state: 'visible', timeout: 5000 });
  const items = await page.locator('.monaco-menu .action-label').allInnerTexts();
  await page.keyboard.press('Escape');
  return items.map((s) => s.trim()).filter(Boolean);
}

async function pick(page: Page, title: string, row: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible', timeout: 20_000 });
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: row }).first().click();
}

async function typeInto(page: Page, title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible', timeout: 20_000 });
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

function isRgbaPng(file: string): boolean {
  const b = readFileSync(file);
  return b.readUInt32BE(0) === 0x89504e47 && b[25] === 6;
}

describe('assets: background removal, combining images, transcripts and the Venice Assets view', function () {
  this.timeout(150_000);
  let workspace: string;
  let dir: string;
  const cat = encodePng(256, 256, [200, 40, 90]);
  const sofa = encodePng(300, 300, [40, 90, 200]);

  before(async () => {
    const { vscode } = e2e();
    workspace = vscode.workspace;
    dir = path.join(workspace, 'studio');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cat.png'), cat);
    writeFileSync(path.join(dir, 'sofa.png'), sofa);
    writeFileSync(path.join(dir, 'talk.wav'), encodeWav(1.5));
    await setApiKey();
  });

  afterEach(async function () {
    const { vscode } = e2e();
    if (this.currentTest?.state === 'failed') await shot(`assets-failed-${(this.currentTest.title ?? '').slice(8, 40).replace(/[^a-z0-9]+/gi, '-')}`);
    await vscode.page.keyboard.press('Escape');
    await vscode.page.keyboard.press('Escape');
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.closeQuickOpen'); return true`);
    await closeAllEditors();
  });

  after(async () => {
    await setUserSetting('venice.image.saveMetadata', undefined);
    await setUserSetting('venice.transcription.saveMetadata', undefined);
    await closeAllEditors();
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(workspace, 'images'), { recursive: true, force: true });
  });

  it('assets: Remove Background from the Explorer writes cat-nobg.png beside it, asks before replacing, and a script is never asked', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    await setUserSetting('venice.image.saveMetadata', true);
    let from = sim.requests.length;
    const row = await reveal(path.join(dir, 'cat.png'));
    await contextMenu(page, row, 'Remove Background');
    const req = await until('POST /image/background-remove', async () => since(from, '/image/background-remove')[0]);
    assert.deepEqual(req.body, { image: b64(cat) });
    console.log(`      /image/background-remove body: {"image":"<base64 of cat.png, ${cat.length} bytes>"}`);
    const out = path.join(dir, 'cat-nobg.png');
    await until('cat-nobg.png', async () => existsSync(out));
    assert.ok(isRgbaPng(out), 'a PNG with an alpha channel');
    await until('its sidecar', async () => existsSync(`${out}.json`));
    const sidecar = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.operation, 'remove-background');
    assert.deepEqual(sidecar.sources, ['studio/cat.png']);
    await until('the new image to open', async () => vscode.bridge.run<boolean>(`const t = vscode.window.tabGroups.activeTabGroup.activeTab; return !!(t && t.input && t.input.uri && t.input.uri.fsPath === args)`, out));
    await page.waitForTimeout(500);
    await shot('assets-nobg');

    // Again: the name is taken, so it asks (a modal), and "Keep Both" numbers the new file.
    from = sim.requests.length;
    const again = await reveal(path.join(dir, 'cat.png'));
    await contextMenu(page, again, 'Remove Background');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await dialog.innerText(), /studio\/cat-nobg\.png already exists/);
    assert.equal(since(from, '/image/background-remove').length, 0, 'nothing is sent while it asks');
    await shot('assets-nobg-replace-question');
    await dialog.getByRole('button', { name: 'Keep Both' }).click();
    await until('cat-nobg-1.png', async () => existsSync(path.join(dir, 'cat-nobg-1.png')));
    assert.deepEqual(readFileSync(out).subarray(0, 8), readFileSync(path.join(dir, 'cat-nobg-1.png')).subarray(0, 8));

    // Scripted: asks nothing, never overwrites, returns the file.
    const uri = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.removeBackground', { path: 'studio/cat.png' })`);
    assert.match(uri, /studio\/cat-nobg-2\.png$/);
    const refused = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.removeBackground', { path: '../outside.png' }).then(() => 'ran', (e) => e.message)`);
    assert.match(refused, /cannot be used|outside|\.\./i);
    const unknown = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.removeBackground', { path: 'studio/cat.png', model: 'x' }).then(() => 'ran', (e) => e.message)`);
    assert.match(unknown, /Unknown option for venice\.removeBackground: model/);
  });

  it('assets: Combine Images… on an Explorer multi-selection sends both images and the prompt, and saves the result beside the first', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    // Select cat.png, then extend the selection to sofa.png with Shift+Down, as a keyboard user does.
    await reveal(path.join(dir, 'cat.png'));
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.files.action.focusFilesExplorer'); return true`);
    await page.keyboard.press('Shift+ArrowDown');
    const second = page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'sofa.png' }).first();
    await second.waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('.explorer-folders-view .monaco-list-row.selected').count(), 2, 'two files selected');
    // The context menu from the keyboard (Shift+F10) keeps the multi-selection, as for a keyboard user.
    // The Explorer re-renders while files appear, which can swallow a click on its menu: try again, as a person would.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Shift+F10');
      const entry = page.locator('.monaco-menu .action-label', { hasText: 'Combine Images…' }).first();
      await entry.waitFor({ state: 'visible', timeout: 10_000 });
      if (attempt === 1) await shot('assets-combine-menu');
      await page.waitForTimeout(400);
      await entry.hover();
      await entry.click();
      const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Venice: Combine 2 Images' }).first();
      if (attempt >= 3 || (await title.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false))) break;
      await page.keyboard.press('Escape');
    }
    await typeInto(page, 'Venice: Combine 2 Images', 'Put the cat on the sofa');
    const req = await until('POST /image/multi-edit', async () => since(from, '/image/multi-edit')[0]);
    assert.deepEqual(req.body, { prompt: 'Put the cat on the sofa', images: [b64(cat), b64(sofa)], output_format: 'png', safe_mode: true });
    console.log('      /image/multi-edit body: {"prompt":"Put the cat on the sofa","images":["<cat.png>","<sofa.png>"],"output_format":"png","safe_mode":true}');
    const made = await until('the combined image', async () => readdirSync(dir).find((f) => /^cat-combined-\d{8}-\d{6}\.png$/.test(f)));
    assert.equal(readFileSync(path.join(dir, made)).readUInt32BE(16), 256, 'the size of the base image');
    await page.waitForTimeout(500);
    await shot('assets-combined');

    const scripted = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.combineImages', { paths: ['studio/sofa.png', 'studio/cat.png'], prompt: 'A cat-shaped sofa' })`);
    assert.match(scripted, /studio\/sofa-combined-\d{8}-\d{6}\.png$/);
    const one = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.combineImages', { paths: ['studio/cat.png'], prompt: 'x' }).then(() => 'ran', (e) => e.message)`);
    assert.match(one, /"paths" must list 2 to 8 image files/);
  });

  it('assets: Transcribe Audio from the Explorer writes talk.srt with timestamps and opens it; scripts choose the format; a 402 says what to do', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    await setUserSetting('venice.transcription.saveMetadata', true);
    let from = sim.requests.length;
    const row = await reveal(path.join(dir, 'talk.wav'));
    await contextMenu(page, row, 'Transcribe Audio');
    await pick(page, 'Venice: Transcribe talk.wav', 'SRT subtitles');
    const req = await until('POST /audio/transcriptions', async () => since(from, '/audio/transcriptions')[0]);
    assert.deepEqual(req.body, { model: 'nvidia/parakeet-tdt-0.6b-v3', response_format: 'json', timestamps: true, file: '[file audio.wav]' });
    assert.ok(since(from, '/models').some((r) => r.query.type === 'asr'), 'the model comes from /models?type=asr');
    const srt = path.join(dir, 'talk.srt');
    await until('talk.srt and its sidecar', async () => existsSync(srt) && existsSync(`${srt}.json`));
    assert.equal(
      readFileSync(srt, 'utf8'),
      '1\n00:00:00,000 --> 00:00:00,500\nHello from the Venice simulator.\n\n2\n00:00:00,500 --> 00:00:01,000\nThis transcript has timestamps.\n\n3\n00:00:01,000 --> 00:00:01,500\nThank you for listening.\n',
    );
    assert.equal((JSON.parse(readFileSync(`${srt}.json`, 'utf8')) as { operation?: string }).operation, 'transcribe');
    await until('talk.srt in the editor', async () => vscode.bridge.run<boolean>(`const e = vscode.window.activeTextEditor; return !!e && e.document.uri.fsPath === args`, srt));
    await page.waitForTimeout(400);
    await shot('assets-transcript-srt');

    const vtt = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.transcribeAudio', { path: 'studio/talk.wav', format: 'vtt' })`);
    assert.match(vtt, /studio\/talk\.vtt$/);
    assert.match(readFileSync(path.join(dir, 'talk.vtt'), 'utf8'), /^WEBVTT\n\n00:00:00\.000 --> 00:00:00\.500\n/);
    const again = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.transcribeAudio', { path: 'studio/talk.wav', format: 'srt' })`);
    assert.match(again, /studio\/talk-1\.srt$/, 'a script never overwrites');

    writeFileSync(path.join(dir, 'fake.mp3'), '<html>not audio</html>');
    from = sim.requests.length;
    const notAudio = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.transcribeAudio', { path: 'studio/fake.mp3' }).then(() => 'ran', (e) => e.message)`);
    assert.match(notAudio, /not audio or video Venice can transcribe/);
    assert.equal(since(from, '/audio/transcriptions').length, 0, 'nothing was sent');

    sim.enqueueFault({ path: '/audio/transcriptions', fault: { kind: 'status', status: 402, body: { error: 'Insufficient USD or Diem balance to complete request' } } });
    await vscode.bridge.run(`vscode.commands.executeCommand('venice.transcribeAudio', vscode.Uri.file(args)); return true`, path.join(dir, 'talk.wav'));
    await pick(page, 'Venice: Transcribe talk.wav', 'Text');
    // The first 402 of a session may be told by the account's own notice ("Venice could not charge the
    // request: your balance is empty… Add credit") instead of the feature's; either says what to do.
    const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: /Transcription failed|could not charge/ }).first();
    await toast.waitFor({ timeout: 20_000 });
    console.log(`      402 message: ${await toast.innerText()}`);
    assert.match(await toast.innerText(), /balance|credit/i);
    await shot('assets-transcribe-402');
  });

  describe('assets: the chat tools', () => {
    let chat: ChatView;
    before(async () => {
      chat = await openChat();
      await chat.newChat();
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
    });

    it('assets: transcribe_audio answers without a card; remove_background asks with a card first and writes after Apply', async () => {
      const { sim } = e2e();
      const call = (id: string, name: string, args: unknown): ToolCallSpec => ({ id, name, arguments: JSON.stringify(args) });
      const from = sim.requests.length;
      sim.enqueueChat({ steps: ['Let me do that.'], toolCalls: [call('call_tr', 'transcribe_audio', { path: 'studio/talk.wav', format: 'vtt' }), call('call_bg', 'remove_background', { path: 'studio/sofa.png' })] });
      const id = await chat.send('transcribe talk.wav and cut out the sofa');
      const answer = chat.message(id);
      const row = answer.locator('details[data-tool-call-id="call_bg"]');
      await row.and(answer.locator('[data-status="awaitingApproval"]')).waitFor({ timeout: 30_000 });
      const card = row.locator('xpath=..').locator('.approval-card');
      const text = await card.innerText();
      assert.match(text, /Remove the background of studio\/sofa\.png/);
      assert.match(text, /Saves studio\/sofa-nobg\.png/);
      assert.match(text, /uses Venice credits/);
      assert.equal(existsSync(path.join(dir, 'sofa-nobg.png')), false, 'nothing is written before Apply');
      assert.equal(await answer.locator('details[data-tool-call-id="call_tr"]').getAttribute('data-status'), 'done', 'the transcript needed no card');
      await shot('assets-chat-remove-background-card');
      await card.getByRole('button', { name: 'Apply' }).click();
      await chat.waitForState(id, 'done');
      assert.ok(isRgbaPng(path.join(dir, 'sofa-nobg.png')));
      const sent = chatRequests(from);
      const tools = new Map(bodyOf(sent[1]).messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id ?? '', m.content ?? '']));
      assert.match(tools.get('call_tr') ?? '', /^Transcript of studio\/talk\.wav \(vtt, 2 s, nvidia\/parakeet-tdt-0\.6b-v3\):\nWEBVTT\n\n00:00:00\.000 --> 00:00:00\.500\nHello from the Venice simulator\./);
      assert.match(tools.get('call_bg') ?? '', /^Saved the image without its background to studio\/sofa-nobg\.png/);
    });
  });

  it('assets: the Venice Assets view lists what was generated with its details; copy link, variations, and a deleted file disappears', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    await setUserSetting('venice.image.saveMetadata', true);
    const generated = await vscode.bridge.run<string[]>(`return vscode.commands.executeCommand('venice.generateImage', { prompt: 'A red fox in snow', model: 'z-image-turbo', style: 'Anime', width: 1024, height: 768, format: 'png', seed: 7 })`);
    const foxPath = decodeURIComponent(new URL(generated[0] ?? '').pathname);
    await vscode.bridge.run(`await vscode.commands.executeCommand('venice.assetsView.focus'); return true`);
    // Room for every group: fold the Chat section above it (unfolded again at the end).
    const chatHeader = page.locator('.pane-header[aria-expanded="true"]', { has: page.locator('.title', { hasText: /^Chat$/ }) }).first();
    if (await chatHeader.count()) await chatHeader.click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Venice Assets' }) });
    const fox = pane.locator('.monaco-list-row', { hasText: path.basename(foxPath) }).first();
    await fox.waitFor({ timeout: 30_000 });
    const rowText = (await fox.innerText()).replace(/\s+/g, ' ');
    assert.match(rowText, /A red fox in snow · z-image-turbo · \d+ (B|KB) · \d{4}-\d\d-\d\d/);
    for (const group of ['Images', 'Transcripts']) await pane.locator('.monaco-list-row', { hasText: group }).first().waitFor({ timeout: 10_000 });
    const nobg = pane.locator('.monaco-list-row', { hasText: 'cat-nobg.png' }).first();
    assert.match((await nobg.innerText()).replace(/\s+/g, ' '), /remove-background/);
    await pane.locator('.monaco-list-row', { hasText: 'talk.srt' }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await shot('assets-gallery');

    assert.ok(!(await menuItems(page, nobg)).includes('Generate Variations'), 'a cut-out has no prompt to vary');
    await contextMenu(page, fox, 'Copy Markdown Link');
    const link = await until('the clipboard', async () => {
      const t = await vscode.bridge.run<string>(`return vscode.env.clipboard.readText()`);
      return t.startsWith('![') ? t : undefined;
    });
    assert.equal(link, `![${path.basename(foxPath)}](images/generated/${path.basename(foxPath)})`);

    const from = sim.requests.length;
    await contextMenu(page, fox, 'Generate Variations');
    const req = await until('POST /image/generate', async () => since(from, '/image/generate')[0]);
    const body = req.body as Record<string, unknown>;
    assert.equal(typeof body.seed, 'number');
    assert.notEqual(body.seed, 7, 'a new seed');
    assert.deepEqual({ ...body, seed: 0 }, { model: 'z-image-turbo', prompt: 'A red fox in snow', width: 1024, height: 768, style_preset: 'Anime', format: 'png', safe_mode: true, seed: 0 });
    console.log(`      variation /image/generate body: ${JSON.stringify(body)}`);
    await until('the variation in the view', async () => (await pane.locator('.monaco-list-row', { hasText: 'a-red-fox-in-snow' }).count()) >= 2);

    // Deleted as the Explorer deletes (a workspace edit); the file watcher reports other deletions.
    await vscode.bridge.run(`const e = new vscode.WorkspaceEdit(); e.deleteFile(vscode.Uri.file(args)); return vscode.workspace.applyEdit(e)`, foxPath);
    assert.equal(existsSync(foxPath), false);
    await until('the deleted file to leave the view', async () => (await pane.locator('.monaco-list-row', { hasText: path.basename(foxPath) }).count()) === 0, 15_000);
    await shot('assets-gallery-after-delete');
    await page.locator('.pane-header[aria-expanded="false"]', { has: page.locator('.title', { hasText: /^Chat$/ }) }).first().click().catch(() => undefined);
  });
});
