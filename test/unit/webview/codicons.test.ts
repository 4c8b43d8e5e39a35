// The chat page ships only the codicons its code names (scripts/codicons.mjs): an icon the code
// uses but the subset lacks would show as an empty box, so the subset is checked against every
// string our webview bundle holds, and the font against the glyphs it must draw.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { codiconGlyphs, usedCodicons, writeCodiconsSubset } from '../../../scripts/codicons.mjs';

describe('chat webview codicons subset', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'codicons-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every codicon name our webview code holds (its own modules, without the libraries)', async function () {
    this.timeout(30_000);
    const out = await esbuild.build({ entryPoints: ['webview-ui/chat/main.ts'], bundle: true, write: false, format: 'esm', platform: 'browser', packages: 'external', loader: { '.css': 'empty' }, logLevel: 'silent' });
    const all = codiconGlyphs();
    const named = new Set([...out.outputFiles[0].text.matchAll(/['"`]([a-z0-9-]+)['"`]/g)].map((m) => m[1]).filter((n) => all.has(n)));
    for (const icon of ['copy', 'check', 'send', 'loading', 'file', 'terminal', 'git-compare', 'warning', 'person']) assert.ok(named.has(icon), `the scan sees ${icon}`);
    const kept = usedCodicons();
    assert.deepEqual([...named].filter((n) => !kept.has(n)), [], 'icons the code names but the subset would drop');
  });

  it('writes a stylesheet with the base rules and only the used glyphs, and a font a tenth of the full one', async function () {
    this.timeout(30_000);
    const cssPath = await writeCodiconsSubset(dir);
    const css = readFileSync(cssPath, 'utf8');
    assert.match(css, /src: url\("\.\/codicon\.ttf"\)/, 'the font beside it, by a fixed name the page preloads');
    assert.match(css, /\.codicon\[class\*='codicon-'\]/, 'the base rule');
    assert.match(css, /\.codicon-modifier-spin/, 'the modifiers');
    assert.match(css, /\.codicon-copy:before/);
    assert.doesNotMatch(css, /\.codicon-azure:before/, 'an icon nobody uses');
    const font = readFileSync(path.join(dir, 'codicon.ttf'));
    const full = readFileSync('node_modules/@vscode/codicons/dist/codicon.ttf');
    assert.equal(font.readUInt32BE(0), 0x00010000, 'a TrueType font');
    assert.ok(font.length * 10 < full.length, `${font.length} bytes against ${full.length}`);
  });
});
