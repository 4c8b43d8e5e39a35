// Two programs, two bundles: the extension host (Node, CommonJS, `vscode` external)
// and the webview code (browser, ESM). Minified by default so sizes match what ships.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

/** @type {esbuild.BuildOptions} */
const host = {
  entryPoints: { extension: 'src/extension.ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'dist',
  external: ['vscode'],
  minify: !dev,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const webviewEntries = { webview: 'webview-ui/chat/main.ts' };
if (existsSync('webview-ui/audio/main.ts')) webviewEntries.audio = 'webview-ui/audio/main.ts';

/** @type {esbuild.BuildOptions} */
const webview = {
  entryPoints: webviewEntries,
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  outdir: 'dist',
  minify: !dev,
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  loader: { '.ttf': 'file' },
};

function copyCodicons() {
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);
  }
}

copyCodicons();
if (watch) {
  const contexts = await Promise.all([esbuild.context(host), esbuild.context(webview)]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching host and webview bundles');
} else {
  const results = await Promise.all([esbuild.build(host), esbuild.build(webview)]);
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (!file.endsWith('.map')) console.log(`${file.padEnd(28)} ${(info.bytes / 1024).toFixed(1)} KB`);
    }
  }
}
