// W1: the editor tools in Restricted Mode, in a second real VS Code whose folder is NOT trusted.
// The tool host (src/tools and the feature tools, bundled on their own by helpers/toolHostEntry.ts)
// is loaded into that window's extension host through the test bridge; the bridge is allowed to run
// in Restricted Mode by a user setting. Then trust is granted through the real Workspace Trust
// editor, and the tools come back without a reload.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO } from '../harness/paths';
import { launchVSCode, type VSCodeSession } from '../harness/vscode';

interface Probe {
  trusted: boolean;
  offered: string[];
  outcomes: Array<{ name: string; ok: boolean; content: string }>;
  asked: number;
  written: string[];
}

// Runs in the untrusted window's extension host: offer the tools, then call every changing one.
const PROBE = `
  const fs = require('node:fs');
  const path = require('node:path');
  const tools = require(args.bundle);
  const subscriptions = [];
  const client = { generateImage: async () => { throw new Error('must not be called'); }, modelTraits: async () => ({}) };
  const host = tools.createToolHost({ client, context: { subscriptions } });
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const model = { id: 'm', type: 'text', model_spec: { capabilities: { supportsFunctionCalling: true } } };
  let asked = 0;
  if (!args.callTools) {
    for (const d of subscriptions) d.dispose();
    return { trusted: vscode.workspace.isTrusted, offered: host.definitions(model).map((d) => d.function.name), outcomes: [], asked, written: [] };
  }
  const ctx = { signal: new AbortController().signal, requestApproval: async () => { asked++; return true; } };
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, 'notes.txt')));
  const editor = await vscode.window.showTextDocument(doc);
  editor.selection = new vscode.Selection(0, 0, 0, 8);
  const calls = [
    ['create_file', { path: 'restricted-pwn.txt', content: 'x' }],
    ['edit_file', { path: 'notes.txt', oldText: 'milk', newText: 'pwned' }],
    ['insert_text', { text: 'pwned' }],
    ['replace_selection', { text: 'pwned' }],
    ['generate_image', { prompt: 'x', path: 'restricted.png' }],
    ['read_file', { path: 'notes.txt' }],
  ];
  const outcomes = [];
  for (const [name, a] of calls) {
    const o = await host.run({ id: name, name, arguments: JSON.stringify(a) }, ctx);
    outcomes.push({ name, ok: o.ok, content: o.content });
  }
  const written = ['restricted-pwn.txt', 'restricted.png'].filter((f) => fs.existsSync(path.join(root, f)));
  if (doc.getText().includes('pwned')) written.push('notes.txt (buffer)');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  for (const d of subscriptions) d.dispose();
  return { trusted: vscode.workspace.isTrusted, offered: host.definitions(model).map((d) => d.function.name), outcomes, asked, written };
`;

describe('tools in Restricted Mode (W1, a second, untrusted VS Code)', function () {
  this.timeout(180_000);
  let session: VSCodeSession | undefined;
  let workspace: string;
  let bundleDir: string;
  let bundle: string;

  before(async () => {
    bundleDir = mkdtempSync(path.join(os.tmpdir(), 'venice-tools-bundle-'));
    bundle = path.join(bundleDir, 'tools.js');
    await esbuild.build({
      entryPoints: [path.join(REPO, 'test', 'e2e', 'helpers', 'toolHostEntry.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      external: ['vscode'],
      logLevel: 'warning',
    });
    workspace = mkdtempSync(path.join(os.tmpdir(), 'venice-untrusted-ws-'));
    cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    session = await launchVSCode({
      workspace,
      trusted: false,
      userSettings: {
        // Lets the test bridge (not the product) run in Restricted Mode, so it can probe the tools.
        'extensions.supportUntrustedWorkspaces': { 'venice-tests.venice-test-bridge': { supported: true } },
      },
    });
  });

  after(async () => {
    await session?.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it('offers only read-only tools, and changing tools called anyway say why and change nothing', async () => {
    const r = await session!.bridge.run<Probe>(PROBE, { bundle, callTools: true });
    assert.equal(r.trusted, false, 'the window is in Restricted Mode');
    assert.deepEqual(r.offered, ['get_editor_context', 'read_file', 'list_files', 'search_workspace', 'search_codebase', 'get_diagnostics', 'open_file']);
    for (const o of r.outcomes.slice(0, 5)) {
      assert.equal(o.ok, false, o.name);
      assert.match(o.content, /not available in Restricted Mode: this workspace is not trusted/, o.name);
    }
    assert.equal(r.outcomes[5].ok, true, 'reading still works');
    assert.equal(r.asked, 0, 'no approval card was even shown');
    assert.deepEqual(r.written, []);
    assert.equal(existsSync(path.join(workspace, 'restricted-pwn.txt')), false);
  });

  it('after the user trusts the folder, the changing tools are offered again without a reload', async () => {
    const s = session!;
    await s.bridge.run("setTimeout(() => vscode.commands.executeCommand('workbench.trust.manage'), 10); return true");
    const trust = s.page.getByRole('button', { name: /^Trust$/ }).first();
    await trust.waitFor({ timeout: 30_000 });
    await trust.click();
    await s.page.waitForTimeout(500);
    // Some versions confirm in a dialog; accept it if it is there.
    const confirm = s.page.getByRole('button', { name: /^(Trust|Yes, I trust the authors)/ });
    if (await confirm.count()) await confirm.first().click().catch(() => undefined);
    const deadline = Date.now() + 20_000;
    let r: Probe | undefined;
    while (Date.now() < deadline) {
      r = await s.bridge.run<Probe>(PROBE, { bundle, callTools: false });
      if (r.trusted) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    assert.equal(r?.trusted, true, 'trust was granted');
    assert.equal(r?.offered.length, 12);
  });
});
