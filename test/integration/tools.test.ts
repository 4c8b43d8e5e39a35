// The editor tools inside the real VS Code extension host: real documents, real undo, real files in
// the temp workspace, and symlinks planted at test time. The tool host is bundled into this file
// (a second copy of src/tools and the feature tools, not the installed extension's), composed as
// src/extension.ts composes it, with a fake approval card and a fake Venice client for generate_image.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { generateImageTool } from '../../src/images/tool';
import { VeniceImageService } from '../../src/images/service';
import { ModelCatalog } from '../../src/llm/modelCatalog';
import { SemanticIndexService } from '../../src/semantic/service';
import { searchCodebaseTool } from '../../src/semantic/tool';
import { createToolHost } from '../../src/tools';
import { REVIEW_SCHEME } from '../../src/tools/review';
import type { ApprovalRequest, ToolHost, ToolOutcome } from '../../src/tools/types';
import type { VeniceApi } from '../../src/venice/api';
import type { GenerateImageRequest } from '../../src/venice/types';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4]);
const HTML = new TextEncoder().encode('<!doctype html><html><body>502 Bad Gateway</body></html>');

type Answer = boolean | ((req: ApprovalRequest) => Promise<boolean> | boolean);

interface FakeImages {
  calls: GenerateImageRequest[];
  reply: Uint8Array;
  /** Wait for the abort signal, then reject (a generation the user stops). */
  hang: boolean;
}

describe('tools in VS Code', function () {
  this.timeout(30_000);
  const root = (vscode.workspace.workspaceFolders ?? [])[0]?.uri.fsPath ?? '';
  const scratchName = `tools-scratch-${process.pid}`;
  const scratch = path.join(root, scratchName);
  const rel = (p: string): string => `${scratchName}/${p}`;
  const abs = (p: string): string => path.join(scratch, p);
  let outside: string;
  let host: ToolHost;
  let asks: ApprovalRequest[] = [];
  const subscriptions: vscode.Disposable[] = [];
  const images: FakeImages = { calls: [], reply: PNG, hang: false };
  let seq = 0;

  const fakeClient = {
    async modelTraits() {
      return { default: 'z-image-turbo' };
    },
    async generateImage(req: GenerateImageRequest, opts?: { signal?: AbortSignal }) {
      images.calls.push(req);
      if (images.hang) {
        await new Promise<void>((_, reject) => opts?.signal?.addEventListener('abort', () => reject(new Error('The request was cancelled.')), { once: true }));
      }
      return { images: [images.reply], meta: { status: 200 } };
    },
  } as unknown as VeniceApi;

  async function call(name: string, args: unknown, answer: Answer = true, signal?: AbortSignal): Promise<ToolOutcome> {
    return host.run(
      { id: `call_${++seq}`, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
      {
        signal: signal ?? new AbortController().signal,
        requestApproval: async (req) => {
          asks.push(req);
          return typeof answer === 'function' ? answer(req) : answer;
        },
      },
    );
  }

  async function openAt(p: string, line: number, character: number, endLine = line, endCharacter = character): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs(p)));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    editor.selection = new vscode.Selection(line, character, endLine, endCharacter);
    return editor;
  }

  async function setAutoApprove(value: string[] | undefined): Promise<void> {
    await vscode.workspace.getConfiguration('venice').update('tools.autoApprove', value, vscode.ConfigurationTarget.Global);
  }

  before(async () => {
    assert.ok(root, 'a workspace folder is open');
    mkdirSync(scratch, { recursive: true });
    outside = mkdtempSync(path.join(os.tmpdir(), 'venice-outside-'));
    writeFileSync(path.join(outside, 'victim.txt'), 'secret outside\n');
    // T5: links planted inside the workspace, pointing out of it.
    symlinkSync(outside, abs('link'), 'dir');
    symlinkSync(path.join(outside, 'victim.txt'), abs('file.txt'), 'file');
    symlinkSync(path.join(outside, 'created.txt'), abs('new.txt'), 'file');
    const context = { subscriptions } as unknown as vscode.ExtensionContext;
    const semantic = new SemanticIndexService(fakeClient, context);
    subscriptions.push(semantic);
    // VS Code's user data is placed inside the workspace here (as in a home-folder workspace), so the
    // test can show that writes into it always ask: globalStorageUri is <user data>/User/globalStorage/<id>.
    const globalStorage = vscode.Uri.file(abs('userdata/User/globalStorage/venice-community.venice-vscode'));
    host = createToolHost(subscriptions, [generateImageTool(new VeniceImageService(fakeClient, new ModelCatalog(fakeClient))), searchCodebaseTool(semantic)], globalStorage);
  });

  beforeEach(() => {
    asks = [];
    images.calls = [];
    images.reply = PNG;
    images.hang = false;
  });

  afterEach(async () => {
    // A dirty editor would make "close all" open a save dialog and block the shared session.
    for (const d of vscode.workspace.textDocuments) if (d.isDirty && d.uri.scheme === 'file' && d.uri.fsPath.startsWith(scratch)) await d.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await setAutoApprove(undefined);
    for (const d of subscriptions) d.dispose();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(path.join(root, 'images', 'generated', 'tools-test'), { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  describe('read-only tools run without asking', () => {
    it('get_editor_context reports the file, language, selection and cursor (1-based)', async () => {
      writeFileSync(abs('ctx.ts'), 'const a = 1;\nconst greeting = "hi";\n');
      await openAt('ctx.ts', 1, 6, 1, 14);
      const out = await call('get_editor_context', '');
      assert.equal(out.ok, true, out.content);
      const c = JSON.parse(out.content) as { file: string; language: string; selection: { text: string; start: { line: number } }; cursor: { line: number; character: number } };
      assert.equal(c.file, rel('ctx.ts'));
      assert.equal(c.language, 'typescript');
      assert.equal(c.selection.text, 'greeting');
      assert.equal(c.selection.start.line, 2);
      assert.deepEqual(c.cursor, { line: 2, character: 15 });
      assert.equal(asks.length, 0);
    });

    it('read_file returns the file with a line header, a range, and a summary', async () => {
      const all = await call('read_file', { path: 'src/app.ts' });
      assert.equal(all.ok, true, all.content);
      assert.match(all.content, /^src\/app\.ts: lines 1–7 of 7\nimport \{ greet \} from '\.\/greet';/);
      assert.equal(all.summary, 'Read src/app.ts (7 lines)');
      const part = await call('read_file', { path: 'src/app.ts', startLine: 3, endLine: 4 });
      assert.equal(part.content, "src/app.ts: lines 3–4 of 7\nexport function main(names: string[]): string[] {\n  return names.map((name) => greet(name));");
      assert.equal(asks.length, 0);
    });

    it('read_file caps a long file and says how to continue', async () => {
      writeFileSync(abs('long.txt'), Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`).join('\n'));
      const out = await call('read_file', { path: rel('long.txt') });
      assert.match(out.content, /lines 1–2000 of 2500/);
      assert.match(out.content, /\[Truncated at 2000 lines: call read_file with startLine 2001 to read on\.\]$/);
      assert.match(out.summary, /truncated/);
    });

    it('T6: read_file of .env asks first, naming the file; declined, the secret is not returned', async () => {
      const declined = await call('read_file', { path: '.env' }, false);
      assert.equal(asks.length, 1);
      assert.match(asks[0].title, /Send \.env to Venice\?/);
      assert.match(asks[0].warning ?? '', /environment variables/);
      assert.equal(declined.ok, false);
      assert.equal(declined.rejected, true);
      assert.doesNotMatch(declined.content, /fixture-secret/);
      const shared = await call('read_file', { path: '.env' }, true);
      assert.match(shared.content, /fixture-secret-do-not-send/);
    });

    it('list_files lists workspace files, filters by glob, and refuses globs that leave the workspace', async () => {
      const all = await call('list_files', {});
      assert.equal(all.ok, true);
      const names = all.content.split('\n');
      for (const f of ['README.md', 'notes.txt', 'src/app.ts', 'src/greet.ts']) assert.ok(names.includes(f), `${f} listed`);
      const src = await call('list_files', { glob: 'src/**/*.ts' });
      assert.deepEqual(src.content.split('\n'), ['src/app.ts', 'src/greet.ts']);
      assert.equal(src.summary, 'Listed 2 files matching src/**/*.ts');
      for (const glob of ['../**', '/etc/*', '~/*']) {
        const bad = await call('list_files', { glob });
        assert.equal(bad.ok, false, glob);
      }
    });

    it('list_files leaves out what search.exclude hides (node_modules)', async () => {
      mkdirSync(abs('node_modules/pkg'), { recursive: true });
      writeFileSync(abs('node_modules/pkg/index.js'), 'module.exports = 1;\n');
      writeFileSync(abs('kept.js'), 'x\n');
      const out = await call('list_files', { glob: `${scratchName}/**/*.js` });
      assert.deepEqual(out.content.split('\n'), [rel('kept.js')]);
    });

    it('T5: list_files leaves out files reached through a symlink leading outside', async () => {
      const out = await call('list_files', { glob: `${scratchName}/**` });
      assert.doesNotMatch(out.content, /victim\.txt/);
    });

    it('search_workspace finds matching lines, and skips secret files (saying so)', async () => {
      const out = await call('search_workspace', { query: 'greet', glob: 'src/**' });
      assert.equal(out.ok, true, out.content);
      assert.match(out.content, /^src\/app\.ts:1: import \{ greet \} from '\.\/greet';$/m);
      assert.match(out.content, /^src\/greet\.ts:1: export function greet/m);
      const secret = await call('search_workspace', { query: 'FIXTURE_API_TOKEN' });
      assert.doesNotMatch(secret.content, /fixture-secret/);
      assert.match(secret.content, /Skipped 1 file that may hold secrets \(\.env\)/);
      const badRegex = await call('search_workspace', { query: '(', isRegex: true });
      assert.equal(badRegex.ok, false);
      assert.match(badRegex.content, /not a valid regular expression/);
    });

    it('get_diagnostics reports the problems VS Code has for a file', async () => {
      const collection = vscode.languages.createDiagnosticCollection('venice-tools-test');
      try {
        const uri = vscode.Uri.file(path.join(root, 'notes.txt'));
        collection.set(uri, [new vscode.Diagnostic(new vscode.Range(2, 2, 2, 6), 'milk is spelled oddly', vscode.DiagnosticSeverity.Warning)]);
        const out = await call('get_diagnostics', { path: 'notes.txt' });
        assert.equal(out.content, 'notes.txt:3:3 warning: milk is spelled oddly');
        assert.equal(out.summary, '1 problem in notes.txt');
      } finally {
        collection.dispose();
      }
    });

    it('open_file shows the file at the line', async () => {
      const out = await call('open_file', { path: 'notes.txt', line: 3 });
      assert.equal(out.ok, true, out.content);
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, path.join(root, 'notes.txt'));
      assert.equal(editor?.selection.active.line, 2);
      assert.equal(asks.length, 0);
    });
  });

  describe('changing tools ask, apply as one undo step, and say what happened', () => {
    it('insert_text lands at the cursor of the active editor after approval', async () => {
      writeFileSync(abs('insert.txt'), 'line1\nline2\n');
      const editor = await openAt('insert.txt', 1, 0);
      const out = await call('insert_text', { text: 'INSERTED\n' });
      assert.equal(out.ok, true, out.content);
      assert.equal(editor.document.getText(), 'line1\nINSERTED\nline2\n');
      assert.equal(asks.length, 1);
      assert.equal(asks[0].title, `Insert 1 line at ${rel('insert.txt')}:2:1`);
      assert.equal(asks[0].detail, 'INSERTED\n');
      assert.equal(out.summary, `Inserted 1 line at ${rel('insert.txt')}:2`);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), 'line1\nline2\n', 'one undo removes the insertion');
      await editor.document.save();
    });

    it('insert_text rejected leaves the document untouched and says so', async () => {
      writeFileSync(abs('insert-no.txt'), 'keep\n');
      const editor = await openAt('insert-no.txt', 0, 0);
      const out = await call('insert_text', { text: 'nope' }, false);
      assert.equal(out.ok, false);
      assert.equal(out.rejected, true);
      assert.match(out.content, /rejected/);
      assert.equal(editor.document.getText(), 'keep\n');
      assert.equal(editor.document.isDirty, false);
    });

    it('insert_text at {path, line, character} writes the file and saves it', async () => {
      writeFileSync(abs('at.txt'), 'abc\ndef\n');
      const out = await call('insert_text', { text: 'X', path: rel('at.txt'), line: 2, character: 2 });
      assert.equal(out.ok, true, out.content);
      assert.equal(readFileSync(abs('at.txt'), 'utf8'), 'abc\ndXef\n');
      const past = await call('insert_text', { text: 'X', path: rel('at.txt'), line: 9 });
      assert.equal(past.ok, false);
      assert.match(past.content, /past the end/);
    });

    it('replace_selection replaces the selection, with a diff in the approval card', async () => {
      writeFileSync(abs('replace.txt'), 'alpha\nbeta\ngamma\n');
      const editor = await openAt('replace.txt', 1, 0, 1, 4);
      const out = await call('replace_selection', { text: 'BETA' });
      assert.equal(out.ok, true, out.content);
      assert.equal(editor.document.getText(), 'alpha\nBETA\ngamma\n');
      assert.match(asks[0].detail, /^-beta$/m);
      assert.match(asks[0].detail, /^\+BETA$/m);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), 'alpha\nbeta\ngamma\n');
      await editor.document.save();
    });

    it('replace_selection with nothing selected asks nothing and says so', async () => {
      writeFileSync(abs('empty-sel.txt'), 'x\n');
      await openAt('empty-sel.txt', 0, 0);
      const out = await call('replace_selection', { text: 'y' });
      assert.equal(out.ok, false);
      assert.match(out.content, /Nothing is selected/);
      assert.equal(asks.length, 0);
    });

    it('edit_file after approval changes the file on disk, and ONE undo restores it', async () => {
      const original = 'function add(a, b) {\n  return a - b;\n}\n';
      writeFileSync(abs('edit.js'), original);
      const out = await call('edit_file', { path: rel('edit.js'), oldText: '  return a - b;', newText: '  // fixed\n  return a + b;' });
      assert.equal(out.ok, true, out.content);
      assert.equal(readFileSync(abs('edit.js'), 'utf8'), 'function add(a, b) {\n  // fixed\n  return a + b;\n}\n');
      assert.equal(out.summary, `Edited ${rel('edit.js')} (−1 +2 lines at line 2)`);
      assert.equal(asks[0].title, `Edit ${rel('edit.js')} (line 2: −1 +2 lines)`);
      assert.match(asks[0].detail, new RegExp(`^--- a/${scratchName}/edit\\.js\\n\\+\\+\\+ b/${scratchName}/edit\\.js\\n@@ -1,3 \\+1,4 @@`));
      assert.match(asks[0].detail, /^- {2}return a - b;$/m);
      assert.match(asks[0].detail, /^\+ {2}return a \+ b;$/m);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(abs('edit.js')));
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), original, 'one undo restores the whole edit');
      await doc.save();
      assert.equal(readFileSync(abs('edit.js'), 'utf8'), original);
    });

    it('edit_file "Review" opens VS Code\'s diff editor with the proposed text, closed once decided', async () => {
      writeFileSync(abs('review.ts'), 'export const x = 1;\n');
      let seen: { proposed: string; left: string } | undefined;
      const out = await call('edit_file', { path: rel('review.ts'), oldText: 'x = 1', newText: 'x = 2' }, async (req) => {
        await req.review?.();
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        assert.ok(tab?.input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
        const input = tab.input as vscode.TabInputTextDiff;
        assert.equal(input.modified.scheme, REVIEW_SCHEME);
        seen = { proposed: (await vscode.workspace.openTextDocument(input.modified)).getText(), left: input.original.fsPath };
        return false;
      });
      assert.equal(out.rejected, true);
      assert.deepEqual(seen, { proposed: 'export const x = 2;\n', left: abs('review.ts') });
      const reviewTabs = (): vscode.Tab[] =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === REVIEW_SCHEME);
      for (let i = 0; i < 30 && reviewTabs().length; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(reviewTabs().map((t) => t.label), [], 'the review tab is closed after the decision');
    });

    it('edit_file rejected leaves the file untouched and the outcome says so', async () => {
      writeFileSync(abs('keep.txt'), 'one\ntwo\n');
      const out = await call('edit_file', { path: rel('keep.txt'), oldText: 'two', newText: 'TWO' }, false);
      assert.equal(out.ok, false);
      assert.equal(out.rejected, true);
      assert.match(out.content, /The user rejected this change \(edit .*keep\.txt\)\. Nothing was changed\./);
      assert.equal(readFileSync(abs('keep.txt'), 'utf8'), 'one\ntwo\n');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === abs('keep.txt'));
      assert.ok(!doc || (!doc.isDirty && doc.getText() === 'one\ntwo\n'));
    });

    it('edit_file says when oldText is missing or not unique, without asking', async () => {
      writeFileSync(abs('dup.txt'), 'x = 1\ny = 2\nx = 1\n');
      const missing = await call('edit_file', { path: rel('dup.txt'), oldText: 'z = 3', newText: 'z = 4' });
      assert.match(missing.content, /oldText was not found in .*dup\.txt/);
      const twice = await call('edit_file', { path: rel('dup.txt'), oldText: 'x = 1', newText: 'x = 9' });
      assert.match(twice.content, /oldText occurs 2 times in .*dup\.txt \(at lines 1, 3\); it must occur exactly once/);
      assert.equal(asks.length, 0);
      assert.equal(readFileSync(abs('dup.txt'), 'utf8'), 'x = 1\ny = 2\nx = 1\n');
    });

    it('edit_file keeps CRLF line endings when the model sends LF', async () => {
      writeFileSync(abs('crlf.txt'), 'a\r\nb\r\nc\r\n');
      const out = await call('edit_file', { path: rel('crlf.txt'), oldText: 'a\nb', newText: 'A\nB' });
      assert.equal(out.ok, true, out.content);
      assert.equal(readFileSync(abs('crlf.txt'), 'utf8'), 'A\r\nB\r\nc\r\n');
    });

    it('create_file creates a new file (and its folders) after approval, showing it as an addition', async () => {
      const out = await call('create_file', { path: rel('made/deep/new.ts'), content: 'export const made = true;\n' });
      assert.equal(out.ok, true, out.content);
      assert.equal(readFileSync(abs('made/deep/new.ts'), 'utf8'), 'export const made = true;\n');
      assert.equal(out.summary, `Created ${rel('made/deep/new.ts')} (1 line)`);
      assert.match(asks[0].detail, /^--- \/dev\/null\n\+\+\+ b\/.*new\.ts\n@@ -0,0 \+1,1 @@\n\+export const made = true;/);
    });

    it('create_file rejected creates nothing', async () => {
      const out = await call('create_file', { path: rel('never.ts'), content: 'x' }, false);
      assert.equal(out.rejected, true);
      assert.equal(existsSync(abs('never.ts')), false);
    });

    it('create_file never overwrites silently: the overwrite asks (even when auto-approved) with a diff', async () => {
      writeFileSync(abs('exists.txt'), 'original\n');
      await setAutoApprove(['create_file']);
      try {
        const refused = await call('create_file', { path: rel('exists.txt'), content: 'replaced\n' }, false);
        assert.equal(asks.length, 1, 'asked although create_file is auto-approved');
        assert.match(asks[0].title, /^Overwrite .*exists\.txt\?/);
        assert.match(asks[0].warning ?? '', /already exists/);
        assert.match(asks[0].detail, /^-original$/m);
        assert.equal(refused.ok, false);
        assert.match(refused.content, /already exists and the user did not approve overwriting it/);
        assert.equal(readFileSync(abs('exists.txt'), 'utf8'), 'original\n');
        const approved = await call('create_file', { path: rel('exists.txt'), content: 'replaced\n' }, true);
        assert.equal(approved.ok, true, approved.content);
        assert.equal(readFileSync(abs('exists.txt'), 'utf8'), 'replaced\n');
      } finally {
        await setAutoApprove(undefined);
      }
    });

    it('generate_image asks first, then writes the checked image atomically into the workspace', async () => {
      const out = await call('generate_image', { prompt: 'a red fox', path: 'images/generated/tools-test/fox.png' });
      assert.equal(out.ok, true, out.content);
      assert.match(asks[0].title, /Generate an image into images\/generated\/tools-test\/fox\.png/);
      assert.match(asks[0].detail, /Prompt: a red fox/);
      assert.equal(images.calls[0].prompt, 'a red fox');
      assert.equal(images.calls[0].format, 'png');
      const dir = path.join(root, 'images', 'generated', 'tools-test');
      assert.deepEqual(readdirSync(dir), ['fox.png'], 'no temp file is left behind');
      assert.deepEqual(new Uint8Array(readFileSync(path.join(dir, 'fox.png'))), PNG);
      assert.equal(out.summary, 'Generated images/generated/tools-test/fox.png');
    });

    it('generate_image without a path names a new file in the images folder, with the extension of the real bytes', async () => {
      const prompt = `tools test default ${process.pid}`;
      const out = await call('generate_image', { prompt });
      assert.equal(out.ok, true, out.content);
      const dir = path.join(root, 'images', 'generated');
      const made = readdirSync(dir).filter((f) => f.startsWith(`tools-test-default-${process.pid}-`));
      try {
        assert.equal(made.length, 1, made.join(', '));
        // The setting asks for webp; the fake sends PNG bytes, so the name follows the bytes.
        assert.match(made[0], /^tools-test-default-\d+-\d{8}-\d{6}\.png$/);
        assert.match(out.content, /sent png instead of webp/);
      } finally {
        for (const f of made) rmSync(path.join(dir, f), { force: true });
      }
    });

    it('T8: generate_image refuses an oversized image (over 30 MB, the one cap of images/checks.ts) and writes nothing', async () => {
      const big = new Uint8Array(31 * 1024 * 1024);
      big.set(PNG);
      images.reply = big;
      const out = await call('generate_image', { prompt: 'x', path: 'images/generated/tools-test/big.png' });
      assert.equal(out.ok, false);
      assert.match(out.content, /is 31\.0 MB, over the 30 MB limit; nothing was saved/);
      assert.equal(existsSync(path.join(root, 'images', 'generated', 'tools-test', 'big.png')), false);
    });

    it('T8: generate_image refuses bytes that are not an image and writes nothing; rejected, it calls nothing', async () => {
      images.reply = HTML;
      const html = await call('generate_image', { prompt: 'x', path: 'images/generated/tools-test/html.png' });
      assert.equal(html.ok, false);
      assert.match(html.content, /not a PNG, JPEG or WebP image \(it looks like an HTML page\); nothing was saved/);
      assert.equal(existsSync(path.join(root, 'images', 'generated', 'tools-test', 'html.png')), false);
      const before = images.calls.length;
      const rejected = await call('generate_image', { prompt: 'x', path: 'images/generated/tools-test/no.png' }, false);
      assert.equal(rejected.rejected, true);
      assert.equal(images.calls.length, before, 'no request after a rejection');
      const traversal = await call('generate_image', { prompt: 'x', path: '../../x.png' });
      assert.match(traversal.content, /Refused path/);
      const exe = await call('generate_image', { prompt: 'x', path: 'images/x.png.exe' });
      assert.match(exe.content, /must end in \.png/);
    });
  });

  describe('T4/T5: paths outside the workspace write nothing', () => {
    const traversal = ['../../.ssh/id_rsa', '..\\..\\outside.txt', '%2e%2e/%2e%2e/etc/passwd', '/etc/passwd', '/tmp/venice-pwn.txt', 'C:\\Users\\x\\.aws\\credentials', '\\\\?\\C:\\x', '~/.bashrc', 'file:///tmp/venice-pwn.txt', 'src/../../outside.txt', 'a\u0000b.txt'];
    for (const p of traversal) {
      it(`create_file, edit_file, read_file and open_file refuse ${JSON.stringify(p)} without asking`, async () => {
        const created = await call('create_file', { path: p, content: 'pwned' });
        assert.equal(created.ok, false);
        assert.match(created.content, /Refused path/);
        const edited = await call('edit_file', { path: p, oldText: 'a', newText: 'b' });
        assert.equal(edited.ok, false);
        assert.match(edited.content, /Refused path/);
        // U4's "openFile /etc/passwd": the read tools refuse the same paths.
        for (const name of ['read_file', 'open_file']) {
          const read = await call(name, { path: p });
          assert.equal(read.ok, false, name);
          assert.match(read.content, /Refused path/, name);
        }
        assert.equal(asks.length, 0);
        assert.equal(vscode.window.activeTextEditor, undefined, 'nothing was opened');
      });
    }

    it('a sibling-prefix folder (../<workspace>-evil) is outside, and nothing is created there', async () => {
      const sibling = `${path.basename(root)}-evil`;
      const out = await call('create_file', { path: `../${sibling}/x.txt`, content: 'pwned' });
      assert.match(out.content, /Refused path/);
      assert.equal(existsSync(path.join(path.dirname(root), sibling)), false);
      assert.equal(existsSync('/tmp/venice-pwn.txt'), false);
      assert.equal(existsSync(path.join(path.dirname(root), 'outside.txt')), false);
    });

    it('T5: writes through symlinks leading outside are refused and the outside files are unchanged or absent', async () => {
      const attempts: Array<[string, unknown]> = [
        ['create_file', { path: rel('link/pwn.txt'), content: 'pwned' }],
        ['edit_file', { path: rel('file.txt'), oldText: 'secret outside', newText: 'pwned' }],
        ['create_file', { path: rel('file.txt'), content: 'pwned' }],
        ['create_file', { path: rel('new.txt'), content: 'pwned' }],
        ['insert_text', { text: 'pwned', path: rel('file.txt'), line: 1 }],
        ['generate_image', { prompt: 'x', path: rel('link/pwn.png') }],
      ];
      for (const [name, args] of attempts) {
        const out = await call(name, args);
        assert.equal(out.ok, false, `${name} ${JSON.stringify(args)}`);
        assert.match(out.content, /Refused path: .*symbolic link/, `${name} ${JSON.stringify(args)}`);
      }
      assert.equal(asks.length, 0);
      assert.equal(images.calls.length, 0);
      assert.equal(readFileSync(path.join(outside, 'victim.txt'), 'utf8'), 'secret outside\n');
      assert.deepEqual(readdirSync(outside), ['victim.txt'], 'pwn.txt and created.txt were not created');
    });

    it('T5: reads through symlinks leading outside are refused too', async () => {
      for (const [name, args] of [
        ['read_file', { path: rel('link/victim.txt') }],
        ['read_file', { path: rel('file.txt') }],
        ['open_file', { path: rel('file.txt') }],
      ] as const) {
        const out = await call(name, args);
        assert.equal(out.ok, false, name);
        assert.doesNotMatch(out.content, /secret outside/);
      }
      const search = await call('search_workspace', { query: 'secret outside' });
      assert.match(search.content, /^No matches for "secret outside"/);
      assert.doesNotMatch(search.content, /victim\.txt|file\.txt/);
    });

    it('T5: a symlink planted while the approval card is open is not followed', async () => {
      writeFileSync(abs('swap.txt'), 'secret outside\n');
      const out = await call('edit_file', { path: rel('swap.txt'), oldText: 'secret outside', newText: 'pwned' }, () => {
        rmSync(abs('swap.txt'));
        symlinkSync(path.join(outside, 'victim.txt'), abs('swap.txt'), 'file');
        return true;
      });
      assert.equal(out.ok, false, out.content);
      assert.equal(readFileSync(path.join(outside, 'victim.txt'), 'utf8'), 'secret outside\n');
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === abs('swap.txt'));
      if (doc?.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert', doc.uri);
    });

    it('insert_text refuses an active editor showing a file outside the workspace', async () => {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(outside, 'victim.txt')));
      await vscode.window.showTextDocument(doc);
      const out = await call('insert_text', { text: 'pwned' });
      assert.equal(out.ok, false);
      assert.match(out.content, /outside the workspace/);
      assert.equal(doc.getText(), 'secret outside\n');
      assert.equal(asks.length, 0);
    });
  });

  describe('T6: sensitive paths always ask, even with auto-approve', () => {
    after(async () => {
      rmSync(path.join(root, '.VSCode'), { recursive: true, force: true });
      rmSync(path.join(root, '.vscode', 'tasks.json'), { force: true });
    });

    it('with edit_file and create_file auto-approved, ordinary files skip the card', async () => {
      await setAutoApprove(['edit_file', 'create_file']);
      try {
        const out = await call('create_file', { path: rel('auto.txt'), content: 'auto\n' }, false);
        assert.equal(out.ok, true, out.content);
        assert.equal(asks.length, 0);
      } finally {
        await setAutoApprove(undefined);
      }
    });

    it('.vscode/, .VSCode/ (case-folded), .git/, .env and package.json ask with a warning', async () => {
      await setAutoApprove(['edit_file', 'create_file', 'insert_text']);
      try {
        for (const p of ['.vscode/tasks.json', '.VSCode/Settings.json', '.git/hooks/pre-commit', '.env.local', 'package.json', 'team.code-workspace']) {
          asks = [];
          const out = await call('create_file', { path: p, content: '{"evil": true}' }, false);
          assert.equal(asks.length, 1, `${p} asked`);
          assert.match(asks[0].warning ?? '', /Sensitive file/, p);
          assert.equal(out.rejected, true, p);
          assert.equal(existsSync(path.join(root, p)), false, `${p} not created`);
        }
        asks = [];
        const env = await call('edit_file', { path: '.env', oldText: 'FIXTURE_API_TOKEN', newText: 'X' }, false);
        assert.equal(env.rejected, true);
        assert.match(asks[0].warning ?? '', /environment variables/);
        assert.match(readFileSync(path.join(root, '.env'), 'utf8'), /FIXTURE_API_TOKEN/);
        asks = [];
        const settings = await call('edit_file', { path: '.vscode/settings.json', oldText: 'venice.apiBaseUrl', newText: 'x' }, false);
        assert.equal(settings.rejected, true);
        assert.match(asks[0].warning ?? '', /\.vscode/);
      } finally {
        await setAutoApprove(undefined);
      }
    });

    it("the workspace's own venice.tools.autoApprove (hostile .vscode/settings.json) is ignored", async () => {
      const inspected = vscode.workspace.getConfiguration('venice').inspect<string[]>('tools.autoApprove');
      assert.ok(inspected?.workspaceValue?.includes('edit_file'), 'the fixture workspace tries to auto-approve edits');
      writeFileSync(abs('ws-auto.txt'), 'a\n');
      const out = await call('edit_file', { path: rel('ws-auto.txt'), oldText: 'a', newText: 'b' }, false);
      assert.equal(asks.length, 1, 'asked anyway');
      assert.equal(out.rejected, true);
    });
  });

  describe('issue 18: active-editor writes, editor context and VS Code folders', () => {
    it('insert_text and replace_selection in an editor showing notes.md -> .vscode/tasks.json ask with a warning, even auto-approved', async () => {
      mkdirSync(abs('.vscode'), { recursive: true });
      writeFileSync(abs('.vscode/tasks.json'), '{"version": "2.0.0"}\n');
      symlinkSync(abs('.vscode/tasks.json'), abs('notes.md'), 'file');
      await setAutoApprove(['insert_text', 'replace_selection']);
      try {
        const editor = await openAt('notes.md', 0, 1, 0, 8);
        assert.equal(path.basename(editor.document.uri.fsPath), 'notes.md', 'the editor shows the link, not its target');
        for (const [tool, args] of [['insert_text', { text: 'pwned' }], ['replace_selection', { text: '"pwned"' }]] as const) {
          asks = [];
          const out = await call(tool, args, false);
          assert.equal(asks.length, 1, `${tool} asked`);
          assert.match(asks[0].warning ?? '', /Sensitive file: files in \.vscode\//, tool);
          assert.equal(out.rejected, true);
        }
        assert.equal(readFileSync(abs('.vscode/tasks.json'), 'utf8'), '{"version": "2.0.0"}\n');
        // An ordinary source file in the editor is still auto-approved.
        writeFileSync(abs('plain.ts'), 'const a = 1;\n');
        const plain = await openAt('plain.ts', 0, 0);
        asks = [];
        const ok = await call('insert_text', { text: '// ok\n' }, false);
        assert.equal(ok.ok, true, ok.content);
        assert.equal(asks.length, 0);
        assert.equal(plain.document.getText(), '// ok\nconst a = 1;\n');
      } finally {
        await setAutoApprove(undefined);
      }
    });

    it('get_editor_context asks before sending the selection of a file outside the workspace', async () => {
      writeFileSync(path.join(outside, 'private.txt'), 'outside secret text\n');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(outside, 'private.txt')));
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      editor.selection = new vscode.Selection(0, 0, 0, 19);
      const declined = await call('get_editor_context', '', false);
      assert.equal(asks.length, 1);
      assert.match(asks[0].warning ?? '', /outside the workspace/);
      assert.equal(declined.ok, true);
      assert.ok(!declined.content.includes('outside secret text'), declined.content);
      assert.match(declined.content, /withheld/);
      asks = [];
      const shared = await call('get_editor_context', '', true);
      assert.equal(asks.length, 1);
      assert.match(shared.content, /outside secret text/);
    });

    it("create_file into VS Code's user data folder asks with a warning even when auto-approved", async () => {
      await setAutoApprove(['create_file']);
      try {
        const out = await call('create_file', { path: rel('userdata/User/snippets/notes.md'), content: 'x\n' }, false);
        assert.equal(asks.length, 1);
        assert.match(asks[0].warning ?? '', /inside VS Code's own folder/);
        assert.equal(out.rejected, true);
        assert.equal(existsSync(abs('userdata/User/snippets/notes.md')), false);
      } finally {
        await setAutoApprove(undefined);
      }
    });

    it('a path with a bidi override or a zero-width space is refused before anything is asked', async () => {
      for (const p of [rel('\u202Egnp.js'), rel('a\u200B.ts')]) {
        const out = await call('create_file', { path: p, content: 'x' });
        assert.equal(out.ok, false);
        assert.match(out.content, /^Refused path: the path contains control characters or invisible characters \(U\+(202E|200B)\)/);
      }
      assert.equal(asks.length, 0);
    });
  });

  describe('bad calls run nothing (T1, T2, T3)', () => {
    it('invalid JSON, schema violations and unknown names change no file and ask nothing', async () => {
      writeFileSync(abs('victim.txt'), 'unchanged\n');
      const editor = await openAt('victim.txt', 0, 0);
      const calls: Array<[string, string]> = [
        ['create_file', `{"path":"${rel('bad1.txt')}",`],
        ['create_file', `{}{"path":"${rel('bad2.txt')}","content":"x"}`],
        ['create_file', `"${rel('bad3.txt')}"`],
        ['create_file', JSON.stringify({ path: rel('bad4.txt'), content: 'x', mode: '0777' })],
        ['create_file', JSON.stringify({ path: rel('bad5.txt'), content: 'x'.repeat(1_000_001) })],
        ['insert_text', JSON.stringify({ text: 'x', path: rel('victim.txt'), line: -1 })],
        ['run_shell', '{"command":"touch /tmp/venice-pwn"}'],
        ['insert_text ', '{"text":"pwned"}'],
        ['Insert_Text', '{"text":"pwned"}'],
        ['__proto__', '{}'],
        ['constructor', '{}'],
        ['workbench.action.files.save', '{}'],
      ];
      for (const [name, raw] of calls) {
        const out = await call(name, raw);
        assert.equal(out.ok, false, `${name} ${raw.slice(0, 60)}`);
        if (name === 'create_file' || name === 'insert_text') assert.match(out.content, /Nothing was run/);
        else assert.match(out.content, /Unknown tool .* Valid tools: get_editor_context/);
      }
      assert.equal(asks.length, 0);
      assert.equal(editor.document.getText(), 'unchanged\n');
      assert.equal(editor.document.isDirty, false);
      for (let i = 1; i <= 5; i++) assert.equal(existsSync(abs(`bad${i}.txt`)), false);
      assert.equal(existsSync('/tmp/venice-pwn'), false);
    });
  });

  describe('Stop (C5)', () => {
    it('a stopped turn starts no tool', async () => {
      const stop = new AbortController();
      stop.abort();
      const out = await call('create_file', { path: rel('stopped.txt'), content: 'x' }, true, stop.signal);
      assert.equal(out.ok, false);
      assert.match(out.content, /Stopped by the user/);
      assert.equal(existsSync(abs('stopped.txt')), false);
      assert.equal(asks.length, 0);
    });

    it('Stop during image generation cancels the request and writes no file, not even a partial one', async () => {
      images.hang = true;
      const stop = new AbortController();
      const pending = call('generate_image', { prompt: 'slow', path: 'images/generated/tools-test/slow.png' }, true, stop.signal);
      await new Promise((r) => setTimeout(r, 200));
      stop.abort();
      const out = await pending;
      assert.equal(out.ok, false);
      const dir = path.join(root, 'images', 'generated', 'tools-test');
      assert.ok(!existsSync(dir) || !readdirSync(dir).some((f) => f.includes('slow')), 'nothing written');
    });
  });

  describe('definitions in this (trusted) window', () => {
    it('offers every tool to a function-calling model, none to others', () => {
      assert.equal(vscode.workspace.isTrusted, true);
      const model = { id: 'm', type: 'text', model_spec: { capabilities: { supportsFunctionCalling: true } } };
      assert.equal(host.definitions(model).length, 12);
      assert.deepEqual(host.definitions({ ...model, model_spec: { capabilities: { supportsFunctionCalling: false } } }), []);
    });
  });
});
