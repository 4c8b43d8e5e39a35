// Models, images and speech through the installed extension's real commands, inside the real
// extension host, against the Venice simulator (the user-level venice.apiBaseUrl). Files land in
// the real temp workspace; every file and setting a test makes is removed again.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sniffAudioType, sniffImageType } from '../../src/venice/media';
import { imageSize } from '../../src/images/checks';
import { encodePng } from '../fixtures/simulator/images';

interface ModelLike {
  id: string;
  type: string;
  model_spec: Record<string, unknown>;
}

function fsPath(uri: string): string {
  return vscode.Uri.parse(uri).fsPath;
}

async function rejects(p: Thenable<unknown>, re: RegExp): Promise<void> {
  await assert.rejects(Promise.resolve(p), (e: unknown) => {
    assert.match(e instanceof Error ? e.message : String(e), re);
    return true;
  });
}

describe('media commands in VS Code', function () {
  this.timeout(60_000);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const scratchName = `media-scratch-${process.pid}`;
  const scratch = path.join(root, scratchName);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('venice');
  let outside: string;

  before(async () => {
    await vscode.extensions.getExtension('venice-community.venice-vscode')?.activate();
    await vscode.commands.executeCommand('venice.setApiKey', { key: process.env.VENICE_TEST_VALID_KEY });
    mkdirSync(scratch, { recursive: true });
    outside = mkdtempSync(path.join(os.tmpdir(), 'media-outside-'));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('venice.stopReading');
  });

  after(async () => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
    for (const key of ['image.saveMetadata', 'speech.voice', 'speech.model', 'speech.format', 'image.outputFolder']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });

  describe('venice.listModels', () => {
    it('returns the model list of a type without showing UI', async () => {
      const text = await vscode.commands.executeCommand<ModelLike[]>('venice.listModels', { type: 'text' });
      assert.ok(Array.isArray(text));
      assert.ok(text.some((m) => m.id === 'zai-org-glm-5-2'));
      assert.ok(text.every((m) => m.type === 'text'));
      const tts = await vscode.commands.executeCommand<ModelLike[]>('venice.listModels', { type: 'tts' });
      const kokoro = tts.find((m) => m.id === 'tts-kokoro');
      assert.ok(Array.isArray(kokoro?.model_spec.voices) && (kokoro.model_spec.voices as string[]).includes('af_sky'));
    });

    it('refuses an unknown type with a clear message', async () => {
      await rejects(vscode.commands.executeCommand('venice.listModels', { type: 'music' }), /"type" must be one of text, image, tts, embedding, upscale, inpaint/);
    });
  });

  describe('venice.generateImage', () => {
    it('writes a valid image into the output folder, named from the prompt, and opens it', async () => {
      const uris = await vscode.commands.executeCommand<string[]>('venice.generateImage', { prompt: 'A red gondola at blue hour', format: 'png', folder: `${scratchName}/gen` });
      assert.equal(uris.length, 1);
      const file = fsPath(uris[0] ?? '');
      assert.equal(path.dirname(file), path.join(scratch, 'gen'));
      assert.match(path.basename(file), /^a-red-gondola-at-blue-hour-\d{8}-\d{6}\.png$/);
      const bytes = readFileSync(file);
      assert.equal(sniffImageType(bytes), 'png');
      assert.deepEqual(imageSize(bytes), { width: 256, height: 256 });
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
      assert.equal(tab?.uri?.fsPath, file, 'the image is open in the editor');
      assert.deepEqual(readdirSync(path.join(scratch, 'gen')).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
    });

    it('writes each variant, never overwriting, with a JSON sidecar when asked', async () => {
      await config().update('image.saveMetadata', true, vscode.ConfigurationTarget.Global);
      const args = { prompt: 'Twin towers of cheese', variants: 2, seed: 7, style: 'Anime', format: 'webp', folder: `${scratchName}/variants` };
      const first = await vscode.commands.executeCommand<string[]>('venice.generateImage', args);
      const second = await vscode.commands.executeCommand<string[]>('venice.generateImage', args);
      await config().update('image.saveMetadata', undefined, vscode.ConfigurationTarget.Global);
      assert.equal(first.length, 2);
      assert.match(path.basename(fsPath(first[1] ?? '')), /-2\.webp$/);
      const all = new Set([...first, ...second].map(fsPath));
      assert.equal(all.size, 4, 'four distinct files (same second, same prompt: numbered, not overwritten)');
      for (const f of all) assert.equal(sniffImageType(readFileSync(f)), 'webp');
      const sidecar = JSON.parse(readFileSync(`${fsPath(first[0] ?? '')}.json`, 'utf8')) as Record<string, unknown>;
      assert.equal(sidecar.prompt, 'Twin towers of cheese');
      assert.equal(sidecar.model, 'z-image-turbo');
      assert.equal(sidecar.seed, 7);
      assert.equal(sidecar.style, 'Anime');
    });

    it('refuses output folders outside the workspace and writes nothing', async () => {
      const before = readdirSync(outside).length;
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', folder: '../escape' }), /must stay inside the workspace; "\.\." is not allowed/);
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', folder: outside }), /absolute paths are not allowed/);
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', folder: '~/pics' }), /home-directory paths/);
      symlinkSync(outside, path.join(scratch, 'link-out'));
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', folder: `${scratchName}/link-out` }), /outside the workspace through a symbolic link/);
      assert.equal(readdirSync(outside).length, before, 'nothing written outside');
    });

    it('says so when the output folder is a file, and writes nothing', async () => {
      writeFileSync(path.join(scratch, 'not-a-folder'), 'x');
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', folder: `${scratchName}/not-a-folder` }), /The folder ".*not-a-folder" is a file, not a folder/);
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', folder: `${scratchName}/not-a-folder/sub` }), /is below a file, not a folder/);
      assert.equal(readFileSync(path.join(scratch, 'not-a-folder'), 'utf8'), 'x');
    });

    it('ignores a workspace-relative setting that tries to escape, with a message naming the setting', async () => {
      await config().update('image.outputFolder', '../../tmp', vscode.ConfigurationTarget.Global);
      try {
        await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x' }), /venice\.image\.outputFolder "\.\.\/\.\.\/tmp" must stay inside the workspace/);
      } finally {
        await config().update('image.outputFolder', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('refuses bad arguments before asking Venice', async () => {
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', size: '1024x1024' }), /Unknown option for venice.generateImage: size/);
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', model: 'qwen-image', width: 1024, height: 1024, folder: scratchName }), /takes an aspect ratio/);
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x'.repeat(1600), model: 'qwen-image', folder: scratchName }), /1600 characters long; this model accepts at most 1500/);
    });

    it('reports Venice\'s own refusal (an unknown style) as the error', async () => {
      await rejects(vscode.commands.executeCommand('venice.generateImage', { prompt: 'x', style: 'Crayon Nightmare', folder: scratchName }), /Invalid style_preset/);
    });
  });

  describe('venice.upscaleImage and venice.editImage', () => {
    let source: string;
    before(() => {
      source = path.join(scratch, 'photo.png');
      writeFileSync(source, encodePng(256, 256, [10, 120, 200]));
    });

    it('upscales into name-upscaled-2x.png beside the original, then numbers the next one', async () => {
      const first = await vscode.commands.executeCommand<string>('venice.upscaleImage', { uri: vscode.Uri.file(source), scale: 2 });
      assert.equal(fsPath(first), path.join(scratch, 'photo-upscaled-2x.png'));
      assert.deepEqual(imageSize(readFileSync(fsPath(first))), { width: 512, height: 512 });
      const second = await vscode.commands.executeCommand<string>('venice.upscaleImage', { uri: `${scratchName}/photo.png`, scale: 2 });
      assert.equal(fsPath(second), path.join(scratch, 'photo-upscaled-2x-1.png'));
      assert.equal(readFileSync(source).length, encodePng(256, 256, [10, 120, 200]).length, 'the original is untouched');
    });

    it('edits into name-edited-<stamp>.png beside the original', async () => {
      const out = await vscode.commands.executeCommand<string>('venice.editImage', { uri: vscode.Uri.file(source), prompt: 'Make the sky a sunset' });
      assert.match(path.basename(fsPath(out)), /^photo-edited-\d{8}-\d{6}\.png$/);
      assert.equal(sniffImageType(readFileSync(fsPath(out))), 'png');
    });

    it('says why an image cannot be used, and sends nothing', async () => {
      const tiny = path.join(scratch, 'tiny.png');
      writeFileSync(tiny, encodePng(64, 64, [1, 1, 1]));
      await rejects(vscode.commands.executeCommand('venice.upscaleImage', { uri: vscode.Uri.file(tiny), scale: 2 }), /64×64 pixels; Venice needs at least 65,536 pixels/);
      const fake = path.join(scratch, 'fake.png');
      writeFileSync(fake, '<svg onload="alert(1)"></svg>');
      await rejects(vscode.commands.executeCommand('venice.editImage', { uri: vscode.Uri.file(fake), prompt: 'x' }), /not a PNG, JPEG or WebP image \(it looks like an SVG drawing\)/);
      await rejects(vscode.commands.executeCommand('venice.upscaleImage', { uri: vscode.Uri.file(source), scale: 3 }), /"scale" must be 2 or 4/);
      const outsideImage = path.join(outside, 'o.png');
      writeFileSync(outsideImage, encodePng(256, 256, [1, 1, 1]));
      await rejects(vscode.commands.executeCommand('venice.upscaleImage', { uri: vscode.Uri.file(outsideImage), scale: 2 }), /must be inside the open workspace folder/);
      assert.deepEqual(readdirSync(outside), ['o.png']);
    });
  });

  describe('speech', () => {
    it('readAloud with no text and no selection says so and returns nothing', async () => {
      const r = await vscode.commands.executeCommand('venice.readAloud');
      assert.equal(r, undefined);
    });

    it('readAloud starts playback of the given text with the configured voice', async () => {
      const r = await vscode.commands.executeCommand<{ parts: number; model: string; voice: string; format: string; state: string }>('venice.readAloud', { text: '# Hello\n\nThis is **Venice** reading.' });
      assert.equal(r.parts, 1);
      assert.equal(r.model, 'tts-kokoro');
      assert.equal(r.voice, 'af_sky');
      assert.equal(r.format, 'mp3');
      assert.ok(['playing', 'blocked'].includes(r.state), r.state);
      const stopped = await vscode.commands.executeCommand<{ stopped: boolean }>('venice.stopReading');
      assert.equal(stopped.stopped, true);
    });

    it('chooseVoice sets model and voice, and refuses a voice the model does not have', async () => {
      try {
        const r = await vscode.commands.executeCommand<{ model: string; voice: string; format: string }>('venice.chooseVoice', { model: 'tts-orpheus', voice: 'tara' });
        assert.deepEqual(r, { model: 'tts-orpheus', voice: 'tara', format: 'wav' });
        assert.equal(config().get('speech.voice'), 'tara');
        assert.equal(config().get('speech.format'), 'wav', 'Orpheus has no mp3: the format follows the model');
        await rejects(vscode.commands.executeCommand('venice.chooseVoice', { model: 'tts-kokoro', voice: 'alloy' }), /"alloy" is not available for tts-kokoro/);
        assert.equal(config().get('speech.voice'), 'tara', 'unchanged');
      } finally {
        for (const key of ['speech.voice', 'speech.model', 'speech.format']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('saveSpeech writes real audio into the workspace, never over an existing file', async () => {
      const a = await vscode.commands.executeCommand<string[]>('venice.saveSpeech', { text: 'Saved words.', path: `${scratchName}/speech/hello.mp3` });
      const b = await vscode.commands.executeCommand<string[]>('venice.saveSpeech', { text: 'Saved words.', path: `${scratchName}/speech/hello` });
      assert.equal(fsPath(a[0] ?? ''), path.join(scratch, 'speech', 'hello.mp3'));
      assert.equal(fsPath(b[0] ?? ''), path.join(scratch, 'speech', 'hello-1.mp3'));
      assert.equal(sniffAudioType(readFileSync(fsPath(a[0] ?? ''))), 'mp3');
      await rejects(vscode.commands.executeCommand('venice.saveSpeech', { text: 'x', path: `${scratchName}/speech/hello.wav` }), /ends in \.wav, but the audio format is mp3/);
      await rejects(vscode.commands.executeCommand('venice.saveSpeech', { text: 'x', path: '../../evil.mp3' }), /must stay inside the workspace/);
      assert.equal(existsSync(path.join(root, '..', '..', 'evil.mp3')), false);
    });
  });
});
