// Codicons for the chat webview, cut down to the icons its code names. The full set is a 126 KB font
// and a 32 KB stylesheet of 600+ glyph rules; the page fetches both through VS Code's webview
// service worker as it opens, and its icons stay invisible until the font is in (`font-display:
// block`). The chat names a few dozen icons, as string literals ('copy', codicon: 'check', …), so
// every such literal that is a codicon name is kept: one that is not an icon costs a glyph, never
// a missing icon.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import subsetFont from 'subset-font';

const CODICONS = 'node_modules/@vscode/codicons/dist';
/** `.codicon-name:before { content: "\ea60" }`: one glyph rule. */
const GLYPH_RULE = /\.codicon-([a-z0-9-]+):before\s*\{\s*content:\s*"\\([0-9a-f]+)"\s*\}\s*/g;

/** Every codicon name in codicons' stylesheet, with its code point. */
export function codiconGlyphs(css = readFileSync(path.join(CODICONS, 'codicon.css'), 'utf8')) {
  const glyphs = new Map();
  for (const m of css.matchAll(GLYPH_RULE)) glyphs.set(m[1], Number.parseInt(m[2], 16));
  return glyphs;
}

/** Where the webview's own code is: its folder and the host's modules it shares. */
const WEBVIEW_SOURCES = ['webview-ui', 'src/shared'];

/** The codicon names the webview's code and styles mention: quoted literals and `codicon-<name>` classes. */
export function usedCodicons(dirs = WEBVIEW_SOURCES, glyphs = codiconGlyphs()) {
  const used = new Set();
  const files = dirs.flatMap((d) => readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|css)$/.test(f)).map((f) => path.join(d, f)));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`]([a-z0-9-]+)['"`]|codicon-([a-z0-9-]+)/g)) {
      const name = m[1] ?? m[2];
      if (glyphs.has(name)) used.add(name);
    }
  }
  return used;
}

/**
 * Writes `codicon.css` (the base and modifier rules, and the glyph rules of the used icons) and
 * `codicon.ttf` (those glyphs only) into `outDir`; returns the stylesheet's path.
 */
export async function writeCodiconsSubset(outDir, dirs = WEBVIEW_SOURCES) {
  const css = readFileSync(path.join(CODICONS, 'codicon.css'), 'utf8');
  const glyphs = codiconGlyphs(css);
  const used = usedCodicons(dirs, glyphs);
  const points = [...new Set([...used].map((n) => glyphs.get(n)))];
  const font = await subsetFont(readFileSync(path.join(CODICONS, 'codicon.ttf')), String.fromCodePoint(...points), { targetFormat: 'truetype' });
  const subsetCss = css.replace(GLYPH_RULE, (rule, name) => (used.has(name) ? rule : '')).replace(/url\("\.\/codicon\.ttf\?[^"]*"\)/, 'url("./codicon.ttf")');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'codicon.ttf'), font);
  writeFileSync(path.join(outDir, 'codicon.css'), subsetCss);
  return path.join(outDir, 'codicon.css');
}
