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
import { until } from './helpers/wait';
import { contextMenu, runFromPalette } from './helpers/workbench';

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

/**
 * Waits for the quick pick titled `title`, types `filter`, waits until the highlighted row shows
 * `text`, then presses Enter (what a user does).
 */
async function pickRow(page: Page, title: string, text: string, filter = text): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible', timeout: 20_000 });
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(filter);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

/** Text of the notification toasts on screen. */
async function toasts(page: Page): Promise<string> {
  return (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).join('\n');
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
    // Leave one webview (the chat) in the window, as before: later suites address it as the only one.
    await vscode.bridge.run(`
      const c = vscode.workspace.getConfiguration('venice');
      await c.update('chat.model', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('venice.playerView.removeView').then(undefined, () => undefined);
      return true;`);
    for (const f of made) rmSync(f, { recursive: true, force: true });
  });

  it('media: the model quick pick lists the simulator\'s models and picking one sets the chat model', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    // One picker of every model, the types as separators (no step to choose a type first).
    await runFromPalette(page, 'Venice: List Models');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Venice: List Models' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    // Rows show name, id, context, capabilities, privacy and price as text.
    const glm = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'GLM 5.2' }).first();
    await glm.waitFor({ timeout: 20_000 });
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Text — Chat and code models' }).first().waitFor({ timeout: 5_000 });
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

    await page.locator('.quick-input-widget input').fill('bge');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'BGE M3' }).first().waitFor({ timeout: 20_000 });
    await pickRow(page, 'Venice: List Models', 'Kimi K3', 'kimi');
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
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Venice: Generate Image' }).first().waitFor();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('A lighthouse in a storm');
    await page.keyboard.press('Enter');
    await pickRow(page, 'Venice: Image Model', 'Z-Image Turbo', 'turbo');
    await pickRow(page, 'Venice: Image Style', 'Cinematic');
    await pickRow(page, 'Venice: Image Size', '1280 × 768');

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
    // The image preview decoded it: the simulator draws a quarter of the requested size per side.
    const shown = await until('the image preview to show the picture', async () => {
      for (const f of page.frames()) {
        const sizes = await f.evaluate(() => [...document.images].map((i) => `${i.naturalWidth}x${i.naturalHeight}`)).catch(() => [] as string[]);
        if (sizes.includes('320x192')) return sizes;
      }
      return undefined;
    });
    assert.ok(shown.includes('320x192'));
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
    await contextMenu(page, row, 'Upscale Image');
    await pickRow(page, 'Venice: Upscale photo.png', '2×', '2');
    const up = await until('POST /image/upscale', async () => since(from, '/image/upscale')[0]);
    assert.deepEqual(up.body, { image: Buffer.from(original).toString('base64'), scale: 2 });
    console.log(`      /image/upscale body: {"image":"<base64 of photo.png, ${original.length} bytes>","scale":2}`);
    const upscaled = path.join(dir, 'photo-upscaled-2x.png');
    await until('photo-upscaled-2x.png', async () => existsSync(upscaled));
    assert.equal(readFileSync(upscaled).readUInt32BE(16), 512, 'twice as wide');

    from = sim.requests.length;
    await vscode.bridge.run(`await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(args)); return true`, path.join(dir, 'photo.png'));
    await contextMenu(page, row, 'Edit Image…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Venice: Edit photo.png' }).first().waitFor();
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
    // The editor's context menu (shown because there is a selection), as a user would. The menu is
    // built from the focused editor's context, so make sure the editor (not the Explorer) has focus.
    const entry = page.locator('.monaco-menu .action-label', { hasText: 'Read Selection Aloud' }).first();
    for (let attempt = 0; ; attempt++) {
      await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup'); return true`);
      await page.waitForTimeout(300);
      await page.locator('.monaco-editor .view-lines').first().click({ button: 'right', position: { x: 80, y: 45 } });
      try {
        await entry.waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (e) {
        if (attempt > 0) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await page.waitForTimeout(400);
    await entry.hover();
    await entry.click();
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
  it('media: reading still works after the user hid the Player view', async () => {
    const { vscode } = e2e();
    const page = vscode.page;
    await vscode.bridge.run(`return vscode.commands.executeCommand('venice.playerView.removeView')`);
    await until('the Player webview to go away', async () => {
      for (const f of page.frames()) if (await f.locator('#venice-player').count().catch(() => 0)) return undefined;
      return true;
    });
    const r = await vscode.bridge.run<{ state: string }>(`return vscode.commands.executeCommand('venice.readAloud', { text: 'Back again.' })`);
    assert.equal(r.state, 'playing');
    const frame = await playerFrame(page);
    await until('the audio element to play', async () => {
      const s = await audioState(frame);
      return (!s.paused && s.currentTime > 0) || s.ended;
    });
  });

  it('media: an unauthorised model list says so in the picker and offers Set API Key, then Try again works', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    sim.enqueueFault({ path: '/models', fault: { kind: 'status', status: 401, body: { error: 'Authentication failed' } } });
    await runFromPalette(page, 'Venice: List Models');
    // Every type was listed by the first test and is still cached: ask Venice again, as the user would.
    const refresh = page.locator('.quick-input-widget .action-label[aria-label="Refresh the list from Venice"]').first();
    await refresh.waitFor({ state: 'visible', timeout: 20_000 });
    await refresh.click();
    const error = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Venice did not accept your API key' }).first();
    await error.waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Set API Key' }).count(), 1);
    console.log(`      screenshot: ${await vscode.screenshot('media-model-pick-unauthorised')}`);
    await pickRow(page, 'Venice: List Models', 'Try again', 'try');
    // The whole list is back (the error row went away with the reload): the embedding group too
    // (filtered to it, as the list is long).
    await error.waitFor({ state: 'hidden', timeout: 20_000 });
    await page.locator('.quick-input-widget input').fill('bge');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'BGE M3' }).first().waitFor({ timeout: 20_000 });
  });

  it('media: Cancel in the progress notification aborts the image request and writes nothing', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    sim.enqueueFault({ path: '/image/generate', fault: { kind: 'delay', ms: 8000 } });
    await vscode.bridge.run(`globalThis.__veniceMediaPending = Promise.resolve(vscode.commands.executeCommand('venice.generateImage', { prompt: 'Slow painting', folder: 'slow' })).then((v) => ({ value: v ?? null }), (e) => ({ error: String(e && e.message || e) })); return true`);
    const request = await until('POST /image/generate', async () => since(from, '/image/generate')[0]);
    const cancel = page.locator('.notifications-toasts .monaco-button', { hasText: 'Cancel' }).first();
    await cancel.waitFor({ timeout: 10_000 });
    await cancel.click();
    const outcome = await vscode.bridge.run<{ value?: unknown; error?: string }>(`return globalThis.__veniceMediaPending`);
    assert.deepEqual(outcome, { value: null }, 'cancelled quietly');
    assert.equal(await sim.waitForClose(request, 5000), true, 'the request connection was closed');
    assert.equal(existsSync(path.join(workspace, 'slow')) && readdirSync(path.join(workspace, 'slow')).length > 0, false, 'nothing written');
    rmSync(path.join(workspace, 'slow'), { recursive: true, force: true });
  });

  it('media: a blurred image is saved and the user is told why it is blurred', async () => {
    const { vscode } = e2e();
    made.push(path.join(workspace, 'blurred'));
    const uris = await vscode.bridge.run<string[]>(`return vscode.commands.executeCommand('venice.generateImage', { prompt: 'nsfw beach scene', folder: 'blurred' })`);
    assert.equal(uris.length, 1);
    const text = await until('the blur warning', async () => {
      const t = await toasts(vscode.page);
      return /blurred/.test(t) ? t : undefined;
    });
    assert.match(text, /Venice blurred this image because safe mode is on \(venice\.image\.safeMode\)/);
    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); return true`);
  });

  it('media: an answer that is not an image is refused and nothing is written', async () => {
    const { vscode, sim } = e2e();
    const html = Buffer.from('<!DOCTYPE html><html><body>Bad gateway</body></html>').toString('base64');
    sim.enqueueFault({ path: '/image/generate', fault: { kind: 'body', contentType: 'application/json', body: JSON.stringify({ id: 'x', images: [html] }) } });
    const outcome = await vscode.bridge.run<{ value?: unknown; error?: string }>(
      `return vscode.commands.executeCommand('venice.generateImage', { prompt: 'Broken', folder: 'broken' }).then((v) => ({ value: v }), (e) => ({ error: String(e && e.message || e) }))`,
    );
    assert.match(outcome.error ?? '', /not a PNG, JPEG or WebP image \(it looks like an HTML page\); nothing was saved/);
    assert.equal(existsSync(path.join(workspace, 'broken')) && readdirSync(path.join(workspace, 'broken')).length > 0, false);
    rmSync(path.join(workspace, 'broken'), { recursive: true, force: true });
  });

  it('media: a speech answer that is not audio is refused with a clear message and nothing plays', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    sim.enqueueFault({ path: '/audio/speech', fault: { kind: 'body', contentType: 'application/json', body: '{"error":"not audio"}' } });
    const r = await vscode.bridge.run<{ state: string }>(`return vscode.commands.executeCommand('venice.readAloud', { text: 'This will not play.' })`);
    assert.equal(r.state, 'failed', 'nothing started');
    const text = await until('the error notification', async () => {
      const t = await toasts(page);
      return /aloud failed/.test(t) ? t : undefined;
    });
    assert.match(text, /Reading aloud failed: Venice sent application\/json instead of the audio/);
    console.log(`      screenshot: ${await vscode.screenshot('media-speech-not-audio')}`);
    const frame = await playerFrame(page);
    const state = await audioState(frame);
    assert.equal(state.paused, true);
    assert.notEqual(state.state, 'playing');
    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); return true`);
  });
});
