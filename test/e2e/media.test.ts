// Issue 5 in the real workbench: the model quick pick driven with the keyboard, image generation
// through its pickers, upscale/edit from the Explorer's context menu, and speech playing in the
// Player webview's <audio> element. Every request body the simulator received is checked exactly.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { RecordedRequest } from '../fixtures/simulator';
import { encodePng } from '../fixtures/simulator/images';
import { e2e } from './context';

interface AudioState {
  state: string;
  part: string;
  paused: boolean;
  ended: boolean;
  currentTime: number;
  src: string;
  status: string;
}

const since = (from: number, pathName: string): RecordedRequest[] => e2e().sim.requests.slice(from).filter((r) => r.path === pathName);

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Runs a palette command the way a user does: F1, type the title, Enter. */
async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Types `filter` into the open quick pick, waits until the highlighted row shows `text`, then presses Enter. */
async function pickRow(page: Page, text: string, filter = text): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.fill(filter);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

async function setting<T>(key: string): Promise<T | undefined> {
  return e2e().vscode.bridge.run<T>(`return vscode.workspace.getConfiguration('venice').get(args)`, key);
}

/** The Player webview's document (VS Code nests every webview in two iframes). */
async function playerFrame(page: Page): Promise<Frame> {
  return until('the Player webview', async () => {
    for (const f of page.frames()) {
      if (await f.locator('#venice-player').count().catch(() => 0)) return f;
    }
    return undefined;
  });
}

async function audioState(frame: Frame): Promise<AudioState> {
  return frame.evaluate(() => {
    const a = document.getElementById('audio') as HTMLAudioElement;
    const root = document.getElementById('venice-player') as HTMLElement;
    return {
      state: root.dataset.state ?? '',
      part: root.dataset.part ?? '',
      paused: a.paused,
      ended: a.ended,
      currentTime: a.currentTime,
      src: a.currentSrc,
      status: document.getElementById('status')?.textContent ?? '',
    };
  });
}

describe('media: models, images and voice in the workbench', function () {
  this.timeout(120_000);
  let workspace: string;
  const made: string[] = [];

  before(async () => {
    const { vscode, validKey } = e2e();
    workspace = vscode.workspace;
    await vscode.bridge.run(
      `await vscode.extensions.getExtension('venice-community.venice-vscode').activate();
       return vscode.commands.executeCommand('venice.setApiKey', { key: args });`,
      validKey,
    );
  });

  afterEach(async function () {
    const { vscode } = e2e();
    if (this.currentTest?.state === 'failed') console.log(`      failure screenshot: ${await vscode.screenshot(`media-failed-${this.currentTest.title.slice(7, 40).replace(/[^a-z0-9]+/gi, '-')}`)}`);
    await vscode.page.keyboard.press('Escape');
    await vscode.page.keyboard.press('Escape');
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.closeQuickOpen'); return true`);
    await vscode.bridge.run(`await vscode.commands.executeCommand('venice.stopReading'); await vscode.commands.executeCommand('workbench.action.closeAllEditors'); return true`);
  });

  after(async () => {
    const { vscode } = e2e();
    await vscode.bridge.run(`
      const c = vscode.workspace.getConfiguration('venice');
      await c.update('chat.model', undefined, vscode.ConfigurationTarget.Global);
      return true;`);
    for (const f of made) rmSync(f, { recursive: true, force: true });
  });

  it('media: the model quick pick lists the simulator\'s models and picking one sets the chat model', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    await runFromPalette(page, 'Venice: List Models');
    await pickRow(page, 'Text');
    // Rows show name, id, context, capabilities, privacy and price as text.
    const glm = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'GLM 5.2' }).first();
    await glm.waitFor({ timeout: 20_000 });
    const rowText = (await glm.innerText()).replace(/\s+/g, ' ');
    assert.match(rowText, /zai-org-glm-5-2 · 200K context · 24K max output/);
    assert.match(rowText, /tools, web search, reasoning, code · private · \$1\.40 in \/ \$4\.40 out per 1M tokens/);
    const deprecated = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Claude Sonnet 4.5' }).first();
    await page.locator('.quick-input-widget input').fill('claude');
    assert.match((await deprecated.innerText()).replace(/\s+/g, ' '), /(deprecated|retired)\b.*2026-1[012]-\d\d \(then kimi-k3\)/);
    await page.locator('.quick-input-widget input').fill('');
    const shot = await vscode.screenshot('media-model-pick');
    console.log(`      screenshot: ${shot}`);
    assert.equal(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Hermes 3 405B' }).count(), 0, 'the offline model is not offered');

    await pickRow(page, 'Kimi K3', 'kimi');
    assert.equal(await until('chat.model to change', async () => ((await setting<string>('chat.model')) === 'kimi-k3' ? true : undefined)), true);
    const listed = since(from, '/models');
    assert.ok(listed.some((r) => r.method === 'GET' && r.query.type === 'text'), 'GET /models?type=text');
  });

  it('media: generating an image through the pickers writes a valid image into images/generated and opens it', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    made.push(path.join(workspace, 'images'));
    await runFromPalette(page, 'Venice: Generate Image');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('A lighthouse in a storm');
    await page.keyboard.press('Enter');
    await pickRow(page, 'Z-Image Turbo', 'turbo');
    await pickRow(page, 'Cinematic');
    await pickRow(page, '1280 × 768');

    const body = await until('POST /image/generate', async () => since(from, '/image/generate')[0]?.body);
    assert.deepEqual(body, { model: 'z-image-turbo', prompt: 'A lighthouse in a storm', width: 1280, height: 768, style_preset: 'Cinematic', format: 'webp', safe_mode: true });
    console.log(`      /image/generate body: ${JSON.stringify(body)}`);
    const dir = path.join(workspace, 'images', 'generated');
    const file = await until('the image file', async () => readdirSync(dir).find((f) => /^a-lighthouse-in-a-storm-\d{8}-\d{6}\.webp$/.test(f)));
    const bytes = readFileSync(path.join(dir, file));
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(bytes.subarray(8, 12).toString('latin1'), 'WEBP');
    const open = await until('the image editor', async () =>
      vscode.bridge.run<string | null>(`const t = vscode.window.tabGroups.activeTabGroup.activeTab; return t && t.input && t.input.uri ? t.input.uri.fsPath : null`).then((p) => p ?? undefined),
    );
    assert.equal(open, path.join(dir, file));
    await page.waitForTimeout(800);
    console.log(`      screenshot: ${await vscode.screenshot('media-image-generated')}`);
  });

  it('media: a scripted generation sends exactly the arguments given and returns the written URIs', async () => {
    const { vscode, sim } = e2e();
    const from = sim.requests.length;
    made.push(path.join(workspace, 'art'));
    const uris = await vscode.bridge.run<string[]>(
      `return vscode.commands.executeCommand('venice.generateImage', { prompt: 'Blue cat', model: 'qwen-image', aspectRatio: '16:9', variants: 2, seed: 11, negativePrompt: 'dogs', format: 'jpeg', folder: 'art' })`,
    );
    const body = since(from, '/image/generate')[0]?.body;
    assert.deepEqual(body, { model: 'qwen-image', prompt: 'Blue cat', negative_prompt: 'dogs', aspect_ratio: '16:9', variants: 2, format: 'jpeg', safe_mode: true, seed: 11 });
    console.log(`      /image/generate body: ${JSON.stringify(body)}`);
    assert.equal(uris.length, 2);
    for (const u of uris) {
      const p = decodeURIComponent(new URL(u).pathname);
      assert.ok(p.startsWith(path.join(workspace, 'art')), p);
      assert.match(p, /blue-cat-\d{8}-\d{6}-[12]\.jpg$/);
      assert.deepEqual([...readFileSync(p).subarray(0, 3)], [0xff, 0xd8, 0xff]);
    }
  });

  it('media: upscale and edit from the Explorer context menu write new files beside the original', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const dir = path.join(workspace, 'pics');
    mkdirSync(dir, { recursive: true });
    made.push(dir);
    const original = encodePng(256, 256, [200, 40, 90]);
    writeFileSync(path.join(dir, 'photo.png'), original);
    await vscode.bridge.run(`
      await vscode.commands.executeCommand('workbench.view.explorer');
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(args));
      return true;`, path.join(dir, 'photo.png'));
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'photo.png' }).first();
    await row.waitFor({ timeout: 20_000 });

    let from = sim.requests.length;
    await row.click({ button: 'right' });
    await page.locator('.monaco-menu .action-label', { hasText: 'Upscale Image' }).first().click();
    await pickRow(page, '2×', '2');
    const up = await until('POST /image/upscale', async () => since(from, '/image/upscale')[0]);
    assert.deepEqual(up.body, { image: Buffer.from(original).toString('base64'), scale: 2 });
    console.log(`      /image/upscale body: {"image":"<base64 of photo.png, ${original.length} bytes>","scale":2}`);
    const upscaled = path.join(dir, 'photo-upscaled-2x.png');
    await until('photo-upscaled-2x.png', async () => existsSync(upscaled));
    assert.equal(readFileSync(upscaled).readUInt32BE(16), 512, 'twice as wide');

    from = sim.requests.length;
    await vscode.bridge.run(`await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(args)); return true`, path.join(dir, 'photo.png'));
    await row.click({ button: 'right' });
    await page.locator('.monaco-menu .action-label', { hasText: 'Edit Image…' }).first().click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('Make it night');
    await page.keyboard.press('Enter');
    const edit = await until('POST /image/edit', async () => since(from, '/image/edit')[0]);
    assert.deepEqual(edit.body, { image: Buffer.from(original).toString('base64'), prompt: 'Make it night', safe_mode: true });
    console.log(`      /image/edit body: {"image":"<base64 of photo.png>","prompt":"Make it night","safe_mode":true}`);
    const edited = await until('the edited file', async () => readdirSync(dir).find((f) => /^photo-edited-\d{8}-\d{6}\.png$/.test(f)));
    assert.deepEqual([...readFileSync(path.join(dir, edited)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.deepEqual(readFileSync(path.join(dir, 'photo.png')), Buffer.from(original), 'the original is untouched');
    await page.waitForTimeout(500);
    console.log(`      screenshot: ${await vscode.screenshot('media-edited')}`);
  });

  it('media: reading a selection requests speech with the configured voice and the player plays it', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const notes = path.join(workspace, 'read-me.md');
    writeFileSync(notes, '# Reading test\n\nHello from **Venice**. This sentence is read aloud.\n');
    made.push(notes);
    await vscode.bridge.run(`
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(args));
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(2, 0, 2, doc.lineAt(2).text.length);
      return true;`, notes);
    const from = sim.requests.length;
    await runFromPalette(page, 'Venice: Read Selection Aloud');
    const req = await until('POST /audio/speech', async () => since(from, '/audio/speech')[0]);
    assert.deepEqual(req.body, { model: 'tts-kokoro', input: 'Hello from Venice. This sentence is read aloud.', voice: 'af_sky', response_format: 'mp3', speed: 1 });
    console.log(`      /audio/speech body: ${JSON.stringify(req.body)}`);

    const frame = await playerFrame(page);
    const playing = await until('the audio element to play', async () => {
      const s = await audioState(frame);
      return (!s.paused && s.currentTime > 0) || s.ended ? s : undefined;
    });
    assert.match(playing.src, /^blob:/, 'played from memory');
    const shot = await vscode.screenshot('media-reading');
    console.log(`      screenshot: ${shot} (state ${playing.state}, part ${playing.part}, t=${playing.currentTime.toFixed(2)} s)`);
    const finished = await until('playback to finish', async () => {
      const s = await audioState(frame);
      return s.state === 'ended' ? s : undefined;
    });
    assert.equal(finished.status, 'Finished reading.');
  });

  it('media: long text is read in parts ≤ 4096 fetched one ahead, and Stop stops it', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const sentence = 'The gondolier sings softly while the boat glides under the old stone bridge.';
    const text = Array.from({ length: 120 }, (_, i) => `${sentence.replace('The', `Verse ${i + 1}: the`)}`).join(' ');
    const from = sim.requests.length;
    const result = await vscode.bridge.run<{ parts: number; state: string }>(`return vscode.commands.executeCommand('venice.readAloud', { text: args })`, text);
    assert.ok(result.parts >= 3, `${result.parts} parts`);
    const frame = await playerFrame(page);
    await until('part 1 playing', async () => {
      const s = await audioState(frame);
      return s.state === 'playing' && s.part === `1/${result.parts}`;
    });
    const second = await until('part 2 requested while part 1 plays', async () => (since(from, '/audio/speech').length >= 2 ? since(from, '/audio/speech') : undefined));
    const inputs = second.map((r) => (r.body as { input: string }).input);
    assert.ok((inputs[0]?.length ?? 0) <= 800, 'a short first part starts quickly');
    for (const i of inputs) assert.ok(i.length <= 4096);
    assert.match(inputs[0] ?? '', /^Verse 1: the gondolier/);
    assert.match(inputs[1] ?? '', /^Verse \d+: the gondolier/, 'part 2 starts at a sentence');
    assert.equal(since(from, '/audio/speech').length, 2, 'part 3 is not fetched before part 2 plays');
    console.log(`      screenshot: ${await vscode.screenshot('media-reading-long')}`);

    const stop = await vscode.bridge.run<{ stopped: boolean }>(`return vscode.commands.executeCommand('venice.stopReading')`);
    assert.equal(stop.stopped, true);
    const stopped = await until('the player to stop', async () => {
      const s = await audioState(frame);
      return s.state === 'stopped' ? s : undefined;
    });
    assert.equal(stopped.paused, true);
    const count = since(from, '/audio/speech').length;
    await page.waitForTimeout(1500);
    assert.equal(since(from, '/audio/speech').length, count, 'nothing more is fetched after Stop');
  });
});
