// W1 for media: in a second real VS Code whose folder is NOT trusted (Restricted Mode), the commands
// that write into the workspace refuse with a clear message, ask Venice nothing and write nothing,
// and they are not offered in the Command Palette.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../harness/paths';
import { launchVSCode, type VSCodeSession } from '../harness/vscode';
import { encodePng } from '../fixtures/simulator/images';
import { e2e } from './context';

interface Outcome {
  value?: unknown;
  error?: string;
}

describe('media in Restricted Mode (W1, a second, untrusted VS Code)', function () {
  this.timeout(180_000);
  let session: VSCodeSession | undefined;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'venice-media-untrusted-'));
    cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'photo.png'), encodePng(256, 256, [5, 6, 7]));
    session = await launchVSCode({
      workspace,
      trusted: false,
      // The simulator is the user-level URL here too: if anything were sent, it would be recorded.
      userSettings: {
        'venice.apiBaseUrl': e2e().sim.url,
        'extensions.supportUntrustedWorkspaces': { 'venice-tests.venice-test-bridge': { supported: true } },
      },
    });
  });

  after(async () => {
    await session?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('media: generate, upscale, edit and save speech refuse in Restricted Mode, send nothing and write nothing', async () => {
    const s = session!;
    const { sim } = e2e();
    const from = sim.requests.length;
    const before = readdirSync(workspace).sort();
    const run = (command: string, args: unknown): Promise<Outcome> =>
      s.bridge.run<Outcome>(
        `await vscode.extensions.getExtension('venice-community.venice-vscode').activate();
         return vscode.commands.executeCommand(args.command, args.args).then((v) => ({ value: v ?? null }), (e) => ({ error: String(e && e.message || e) }));`,
        { command, args },
      );
    const trusted = await s.bridge.run<boolean>('return vscode.workspace.isTrusted');
    assert.equal(trusted, false, 'the window is in Restricted Mode');
    const photo = path.join(workspace, 'photo.png');
    const outcomes = {
      generate: await run('venice.generateImage', { prompt: 'A restricted cat' }),
      upscale: await run('venice.upscaleImage', { uri: photo, scale: 2 }),
      edit: await run('venice.editImage', { uri: photo, prompt: 'x' }),
      save: await run('venice.saveSpeech', { text: 'Hello' }),
    };
    for (const [name, o] of Object.entries(outcomes)) assert.match(o.error ?? '', /off in Restricted Mode\. Trust this workspace to use it\./, name);
    assert.deepEqual(readdirSync(workspace).sort(), before, 'nothing written');
    assert.equal(existsSync(path.join(workspace, 'images')), false);
    assert.equal(sim.requests.length - from, 0, 'Venice was not asked');
  });

  it('media: the writing commands are not offered in the Command Palette', async () => {
    const page = session!.page;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const rows = async (filter: string): Promise<string[]> => {
      await input.fill(`>${filter}`);
      await page.waitForTimeout(600); // the palette filters as you type
      return page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    };
    // Reading aloud writes nothing, so it stays available; it also shows the palette has Venice's commands.
    assert.ok((await rows('Venice: Read Selection Aloud')).some((r) => r.includes('Venice: Read Selection Aloud')));
    for (const hidden of ['Venice: Generate Image', 'Venice: Upscale Image', 'Venice: Edit Image', 'Venice: Save Speech to File']) {
      assert.ok(!(await rows(hidden)).some((r) => r.includes(hidden)), `${hidden} is hidden`);
    }
    console.log(`      screenshot: ${await session!.screenshot('media-restricted-palette')}`);
    await page.keyboard.press('Escape');
  });
});
