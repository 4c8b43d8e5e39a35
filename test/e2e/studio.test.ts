// The asset studio in the real workbench: Venice: Generate Video from the palette (pickers, the price
// question, the progress notification while the simulator's job takes a few polls, the .mp4 written
// and opened in VS Code's video preview), image-to-video from the Explorer's menu, a scripted
// Venice: Generate Music that saves the clip (with its sidecar) and plays it in the Player, what the
// user is told when a job fails or the balance is empty, and a queued job resumed after a reload.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { RecordedRequest } from '../fixtures/simulator';
import { encodePng } from '../fixtures/simulator/images';
import { e2e } from './context';
import { until as pollUntil } from './helpers/wait';
import { contextMenu, runFromPalette } from './helpers/workbench';

const since = (from: number, pathName: string): RecordedRequest[] => e2e().sim.requests.slice(from).filter((r) => r.path === pathName);

/** The shared poll, with this suite's longer default (queued jobs poll at Venice's pace). */
const until = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> => pollUntil(what, fn, timeoutMs);

async function typeInto(page: Page, title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible', timeout: 20_000 });
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

async function pickRow(page: Page, title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible', timeout: 20_000 });
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

async function toasts(page: Page): Promise<string> {
  return (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).join('\n');
}

/** The modal price question: its text, then a screenshot, then the Generate button. */
async function acceptPrice(page: Page, price: string, shot?: string): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  if (shot) await page.screenshot({ path: shot });
  await dialog.locator('.monaco-button', { hasText: `Generate for ${price}` }).first().click();
  return text;
}

async function activeTab(): Promise<{ path: string; viewType: string } | undefined> {
  return e2e().vscode.bridge.run<{ path: string; viewType: string } | undefined>(
    `const t = vscode.window.tabGroups.activeTabGroup.activeTab; const i = t && t.input; return i && i.uri ? { path: i.uri.fsPath, viewType: i.viewType || '' } : undefined`,
  );
}

async function playerFrame(page: Page): Promise<Frame> {
  return until('the Player webview', async () => {
    for (const f of page.frames()) if (await f.locator('#venice-player').count().catch(() => 0)) return f;
    return undefined;
  });
}

describe('asset studio: video and music', function () {
  this.timeout(180_000);
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
    made.push(path.join(workspace, 'videos'), path.join(workspace, 'audio'));
  });

  afterEach(async function () {
    const { vscode, sim } = e2e();
    if (this.currentTest?.state === 'failed') await vscode.page.screenshot({ path: `/tmp/video-failed-${(this.currentTest.title.slice(0, 40)).replace(/[^a-z0-9]+/gi, '-')}.png` });
    sim.setBalance(50, 100);
    await vscode.page.keyboard.press('Escape');
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.closeQuickOpen'); await vscode.commands.executeCommand('notifications.clearAll'); await vscode.commands.executeCommand('venice.stopReading'); await vscode.commands.executeCommand('workbench.action.closeAllEditors'); return true`);
  });

  after(async () => {
    const { vscode } = e2e();
    await vscode.bridge.run(`
      const c = vscode.workspace.getConfiguration('venice');
      await c.update('audio.saveMetadata', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('venice.playerView.removeView').then(undefined, () => undefined);
      return true;`);
    for (const f of made) rmSync(f, { recursive: true, force: true });
  });

  it('studio: Generate Video asks, shows the price, waits through the polls with a progress notification, writes the .mp4 and previews it', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    sim.enqueueMediaJob({ polls: 2, averageMs: 6000, bytes: 300_000 });
    await runFromPalette(page, 'Venice: Generate Video');
    await typeInto(page, 'Venice: Generate Video', 'A gondola gliding through Venice at dawn');
    await pickRow(page, 'Venice: Video Model', 'Wan 2.7 Text to Video');
    await pickRow(page, 'Venice: Video Length', '10s');
    await pickRow(page, 'Venice: Video Resolution', '720p');
    await pickRow(page, 'Venice: Video Aspect Ratio', '16:9');
    const question = await acceptPrice(page, '$0.70', '/tmp/video-quote.png');
    assert.match(question, /Generate this video for \$0\.70\?/);
    assert.match(question, /wan-2-7-text-to-video, 10s, 720p, 16:9/);
    assert.match(question, /charged when the job is queued/);
    assert.deepEqual(since(from, '/video/quote')[0]?.body, { model: 'wan-2-7-text-to-video', duration: '10s', resolution: '720p', aspect_ratio: '16:9' });

    const progress = page.locator('.notifications-toasts .notification-list-item', { hasText: 'Venice: generating a video' });
    await progress.first().waitFor({ state: 'visible', timeout: 20_000 });
    await until('the estimate in the progress notification', async () => /expects about \d+ s more|queued at Venice/.test(await progress.first().innerText()));
    await page.screenshot({ path: '/tmp/video-progress.png' });
    assert.equal(await progress.first().locator('.monaco-button', { hasText: 'Cancel' }).count(), 1, 'the wait can be cancelled');

    const dir = path.join(workspace, 'videos', 'generated');
    const file = await until('the .mp4', async () => (existsSync(dir) ? readdirSync(dir).find((f) => /^a-gondola-gliding-through-venice-at-dawn-\d{8}-\d{6}\.mp4$/.test(f)) : undefined));
    const bytes = readFileSync(path.join(dir, file));
    assert.equal(bytes.byteLength, 300_000);
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    assert.deepEqual(readdirSync(dir), [file], 'no temp file left behind');
    assert.deepEqual(since(from, '/video/queue')[0]?.body, { model: 'wan-2-7-text-to-video', duration: '10s', resolution: '720p', aspect_ratio: '16:9', prompt: 'A gondola gliding through Venice at dawn' });
    assert.equal(since(from, '/video/retrieve').length, 3, 'two PROCESSING answers, then the video');
    await until('POST /video/complete', async () => since(from, '/video/complete').length === 1);
    const tab = await until('the video preview', async () => (await activeTab())?.path === path.join(dir, file) && activeTab());
    assert.ok(tab && /video/i.test(tab.viewType), `opened in the video preview (${tab && tab.viewType})`);
    await until('the saved message', async () => (await toasts(page)).includes(`Saved videos/generated/${file}.`));
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/video-result.png' });
  });

  it('studio: Generate Video on an image in the Explorer animates it (image-to-video)', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    const pics = path.join(workspace, 'pics');
    made.push(pics);
    mkdirSync(pics, { recursive: true });
    writeFileSync(path.join(pics, 'harbor.png'), encodePng(300, 300, [40, 90, 160]));
    sim.enqueueMediaJob({ polls: 0 });
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.view.explorer'); await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(args)); return true`, path.join(pics, 'harbor.png'));
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'harbor.png' }).first();
    await row.waitFor({ timeout: 20_000 });
    await contextMenu(page, row, 'Generate Video');
    await typeInto(page, 'Venice: Generate Video from harbor.png', 'The boats rock gently');
    await pickRow(page, 'Venice: Video Model', 'Wan 2.7 Image to Video');
    await pickRow(page, 'Venice: Video Length', '5s');
    const question = await acceptPrice(page, '$0.45');
    assert.match(question, /First frame: harbor\.png/);
    const body = (await until('POST /video/queue', async () => since(from, '/video/queue')[0]?.body)) as Record<string, unknown>;
    assert.equal(body.model, 'wan-2-7-image-to-video');
    assert.equal(body.duration, '5s');
    assert.match(String(body.image_url), /^data:image\/png;base64,iVBORw0KGgo/);
    assert.equal(body.aspect_ratio, undefined, 'the model takes no aspect ratio');
    const dir = path.join(workspace, 'videos', 'generated');
    await until('the .mp4', async () => readdirSync(dir).find((f) => f.startsWith('the-boats-rock-gently-')));
  });

  it('studio: a scripted Generate Music asks nothing, saves the clip with its sidecar and plays it in the Player', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const from = sim.requests.length;
    sim.enqueueMediaJob({ polls: 1, averageMs: 3000 });
    await vscode.bridge.run(`await vscode.workspace.getConfiguration('venice').update('audio.saveMetadata', true, vscode.ConfigurationTarget.Global); return true`);
    const uri = await vscode.bridge.run<string>(`return vscode.commands.executeCommand('venice.generateMusic', { prompt: 'A wooden door creaking open', model: 'elevenlabs-sound-effects-v2', durationSeconds: 3 })`);
    const file = decodeURIComponent(new URL(uri).pathname);
    assert.ok(file.startsWith(path.join(workspace, 'audio', 'generated')), file);
    assert.match(path.basename(file), /^a-wooden-door-creaking-open-\d{8}-\d{6}\.mp3$/);
    assert.equal(readFileSync(file)[0], 0xff, 'MPEG audio frames');
    assert.deepEqual(since(from, '/audio/quote')[0]?.body, { model: 'elevenlabs-sound-effects-v2', duration_seconds: 3 });
    assert.deepEqual(since(from, '/audio/queue')[0]?.body, { model: 'elevenlabs-sound-effects-v2', duration_seconds: 3, prompt: 'A wooden door creaking open' });
    assert.equal(since(from, '/audio/complete').length, 1);
    const sidecar = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as Record<string, unknown>;
    assert.equal(sidecar.prompt, 'A wooden door creaking open');
    assert.equal(sidecar.model, 'elevenlabs-sound-effects-v2');
    assert.equal(sidecar.format, 'mp3');
    assert.equal(sidecar.audio, path.basename(file));
    assert.equal(sidecar.priceUsd, 0.012);
    assert.match(String(sidecar.createdAt), /^\d{4}-\d\d-\d\dT/);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no question for a scripted call');
    const frame = await playerFrame(page);
    const state = await until('the Player to play the clip', async () => {
      const s = await frame.evaluate(() => ({ state: (document.getElementById('venice-player') as HTMLElement).dataset.state ?? '', src: (document.getElementById('audio') as HTMLAudioElement).currentSrc, title: document.getElementById('title')?.textContent ?? '' }));
      return s.src.startsWith('blob:') && (s.state === 'playing' || s.state === 'blocked' || s.state === 'ended') ? s : undefined;
    });
    assert.match(state.title, /A wooden door creaking open/);
    await page.screenshot({ path: '/tmp/video-music-player.png' });
  });

  it('studio: a failed job says what happened and what to do, writes nothing; an empty balance is said before anything is queued', async () => {
    const { vscode, sim } = e2e();
    const page = vscode.page;
    const dir = path.join(workspace, 'videos', 'generated');
    const before = existsSync(dir) ? readdirSync(dir).length : 0;
    sim.enqueueMediaJob({ polls: 1, averageMs: 3000, fail: { status: 422, body: { error: { message: 'The selected model provider rejected this request due to its content policies. Credits have been refunded.', type: 'provider_content_policy', credits_refunded: true } } } });
    await runFromPalette(page, 'Venice: Generate Video');
    await typeInto(page, 'Venice: Generate Video', 'A forbidden scene');
    await pickRow(page, 'Venice: Video Model', 'Wan 2.7 Text to Video');
    await pickRow(page, 'Venice: Video Length', '5s');
    await pickRow(page, 'Venice: Video Resolution', '480p');
    await pickRow(page, 'Venice: Video Aspect Ratio', '9:16');
    await acceptPrice(page, '$0.21');
    const message = await until('the failure message', async () => {
      const t = await toasts(page);
      return t.includes('The video job failed') ? t : undefined;
    });
    assert.match(message, /content policy/);
    assert.match(message, /Venice refunds failed generations/);
    assert.match(message, /Change the prompt \(or the model\) and try again/);
    await page.screenshot({ path: '/tmp/video-failed-job.png' });
    assert.equal(existsSync(dir) ? readdirSync(dir).length : 0, before, 'nothing written');

    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); return true`);
    const from = sim.requests.length;
    sim.setBalance(0, 0);
    const r = await vscode.bridge.run<{ error?: string }>(`return vscode.commands.executeCommand('venice.generateMusic', { prompt: 'calm piano' }).then(() => ({}), (e) => ({ error: String(e && e.message || e) }))`);
    assert.match(r.error ?? '', /balance is empty\. Add credit at venice\.ai/);
    assert.equal(since(from, '/audio/queue')[0]?.status, 402);
  });

  it('studio: a queued job survives a window reload and is saved when Venice finishes', async () => {
    const { vscode, sim } = e2e();
    const from = sim.requests.length;
    sim.enqueueMediaJob({ polls: 10_000, averageMs: 60_000, bytes: 50_000 });
    await vscode.bridge.run(`globalThis.__veniceStudioPending = Promise.resolve(vscode.commands.executeCommand('venice.generateVideo', { prompt: 'Slow sunset over the lagoon', duration: '5s' })).then(() => 1, () => 0); return true`);
    await until('the job to be queued', async () => since(from, '/video/queue')[0]?.status === 200);
    await until('a first poll', async () => since(from, '/video/retrieve').length >= 1);
    await vscode.reload();
    sim.finishMediaJobs();
    await vscode.bridge.run(`await vscode.extensions.getExtension('venice-community.venice-vscode').activate(); return true`);
    const dir = path.join(workspace, 'videos', 'generated');
    const file = await until('the resumed video', async () => (existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('slow-sunset-over-the-lagoon-')) : undefined), 60_000);
    assert.equal(readFileSync(path.join(dir, file)).byteLength, 50_000);
    await until('POST /video/complete', async () => since(from, '/video/complete').length === 1);
    const tab = await until('the resumed video preview', async () => (await activeTab())?.path === path.join(dir, file) && activeTab());
    assert.ok(tab);
    await vscode.page.screenshot({ path: '/tmp/video-resumed.png' });
  });
});
