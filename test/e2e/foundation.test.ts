// Issue 2: the extension in a real VS Code — activation, the API key through the real commands,
// and a hostile workspace that tries to redirect the key (its .vscode/settings.json points
// venice.apiBaseUrl at the capture server; see run-vscode-tests.ts).
import { until } from './helpers/wait';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { e2e } from './context';

interface KeyResult {
  saved: boolean;
  verified: boolean;
  message: string;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.size < 5_000_000) out.push(p);
  }
  return out;
}

describe('foundation: extension, API key and base URL', function () {
  this.timeout(60_000);

  it('activates lazily and registers its commands', async () => {
    const { vscode } = e2e();
    const r = await vscode.bridge.run<{ active: boolean; commands: string[] }>(`
      const ext = vscode.extensions.getExtension('venice-community.venice-vscode');
      await ext.activate();
      const all = await vscode.commands.getCommands(true);
      return { active: ext.isActive, commands: all.filter((c) => c.startsWith('venice.')) };
    `);
    assert.equal(r.active, true);
    for (const id of ['venice.setApiKey', 'venice.clearApiKey']) assert.ok(r.commands.includes(id), `${id} registered`);
    const log = vscode.exthostLog();
    const lines = log.split('\n').filter((l) => l.includes('venice-community.venice-vscode'));
    assert.ok(lines.length, 'activation is in the extension host log');
    console.log(`      extension host log: ${lines.filter((l) => /_doActivateExtension/.test(l)).map((l) => l.trim()).join('\n        ')}`);
    // Anything else in the log that points into our bundle is an error worth reading.
    const all = log.split('\n');
    all.forEach((l, i) => {
      if (/venice-vscode-[\d.]+\/dist\//.test(l)) console.log(`      log context: ${all.slice(Math.max(0, i - 4), i + 1).join('\n        ')}`);
    });
    assert.doesNotMatch(log, /Activating extension 'venice-community\.venice-vscode'.*\bdue to \*/);
  });

  it('rejects a bad key without saving it, and says so', async () => {
    const { vscode, sim } = e2e();
    const before = sim.requests.length;
    const r = await vscode.bridge.run<KeyResult>(`return vscode.commands.executeCommand('venice.setApiKey', { key: 'wrong-key-000' })`);
    assert.equal(r.saved, false);
    assert.match(r.message, /rejected/i);
    const sent = sim.requests.slice(before);
    assert.ok(sent.length >= 1, 'the key was checked against the API');
    assert.ok(!r.message.includes('wrong-key-000'), 'the key is not echoed');
  });

  it('saves a working key in SecretStorage, never in settings, and uses it on the user-level URL only', async () => {
    const { vscode, sim, capture, validKey } = e2e();
    const before = sim.requests.length;
    const r = await vscode.bridge.run<KeyResult>(`return vscode.commands.executeCommand('venice.setApiKey', { key: ${JSON.stringify(validKey)} })`);
    assert.equal(r.saved, true, r.message);
    assert.equal(r.verified, true, r.message);
    const sent = sim.requests.slice(before);
    assert.ok(sent.some((q) => q.headers.authorization === `Bearer ${validKey}`), 'the simulator (user-level base URL) got the key');
    assert.equal(capture.hits.length, 0, 'the workspace-configured server got nothing');
    // Not in any settings file, log, or extension storage.
    const places = [
      ...filesUnder(path.join(vscode.userDataDir, 'User')).filter((f) => !/\.vscdb/.test(f)),
      ...filesUnder(path.join(vscode.userDataDir, 'logs')),
      ...filesUnder(path.join(vscode.workspace)),
    ];
    for (const f of places) assert.ok(!readFileSync(f, 'utf8').includes(validKey), `key found in ${f}`);
  });

  it('keeps the key across a window reload (SecretStorage)', async () => {
    const { vscode, sim, validKey } = e2e();
    await vscode.reload();
    const before = sim.requests.length;
    const r = await vscode.bridge.run<KeyResult>(`
      const ext = vscode.extensions.getExtension('venice-community.venice-vscode');
      await ext.activate();
      return vscode.commands.executeCommand('venice.setApiKey', { key: ${JSON.stringify(validKey)} });
    `);
    assert.equal(r.saved, true);
    assert.ok(sim.requests.slice(before).every((q) => q.headers.authorization !== undefined));
  });

  it('clears the key; then a request offers "Set API Key" and sends nothing', async () => {
    const { vscode, sim } = e2e();
    const r = await vscode.bridge.run<{ cleared: boolean; environmentKeyInUse: boolean }>(`return vscode.commands.executeCommand('venice.clearApiKey')`);
    assert.equal(r.cleared, true);
    assert.equal(r.environmentKeyInUse, false);
    const before = sim.requests.length;
    const err = await vscode.bridge.run<string>(`
      try { await vscode.commands.executeCommand('venice.generateImage', { prompt: 'a lighthouse' }); return 'no error'; }
      catch (e) { return String(e && e.message); }
    `);
    assert.match(err, /API key/i, `the scripted call says a key is needed (got: ${err})`);
    assert.equal(sim.requests.slice(before).filter((q) => q.path.includes('/image/generate')).length, 0, 'nothing was sent without a key');
    // Run from the UI, the same need is shown with the button that fixes it.
    const page = vscode.page;
    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); return true`);
    await vscode.bridge.run(`void vscode.commands.executeCommand('venice.readAloud', { text: 'Hello there.' }); return true`);
    // Toasts can be folded into the notification center when several arrive: look in the center, which lists them all.
    // The center is opened again on each look: opened before the notice arrived (the speech service loads on
    // first use), it can stay empty.
    const item = page
      .locator('.notifications-center .notification-list-item')
      .filter({ hasText: /no Venice API key/i })
      .filter({ has: page.getByRole('button', { name: 'Set API Key' }) })
      .first();
    await until('the "no Venice API key" notice with its Set API Key button', async () => {
      await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.showList'); return true`);
      return (await item.isVisible()) || undefined;
    }, 20_000, 500);
    await vscode.screenshot('foundation-no-key');
    assert.equal(sim.requests.slice(before).filter((q) => q.path.includes('/audio/speech')).length, 0);
    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.hideList'); await vscode.commands.executeCommand('notifications.clearAll'); return true`);
  });

  it('sets the key through the Command Palette and its password box', async () => {
    const { vscode, sim, validKey } = e2e();
    const page = vscode.page;
    const before = sim.requests.length;
    await page.keyboard.press('F1');
    await page.keyboard.type('Venice: Set API Key');
    await page.keyboard.press('Enter');
    const box = page.locator('.quick-input-widget input[type="password"]');
    await box.waitFor({ timeout: 20_000 });
    await box.fill(validKey);
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts').getByText('Venice API key saved. It works.').waitFor({ timeout: 20_000 });
    await vscode.screenshot('foundation-key-saved');
    assert.ok(sim.requests.slice(before).some((q) => q.headers.authorization === `Bearer ${validKey}`));
  });
});
