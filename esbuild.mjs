// Two programs, two bundles: the extension host (Node, CommonJS, `vscode` external)
// and the webview code (browser, ESM). Minified by default so sizes match what ships.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, existsSync } from 'node:fs';
import { writeToolValidators } from './scripts/tool-validators.mjs';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

// Heavy host modules that no activation path needs are separate files, require()d on first use:
// undici on the first request, markdown-it on the first code-block action or read-aloud. Keys are
// what the source require()s; values are the chunk's entry point. `import type` stays free.
const lazyChunks = {
  './undiciLite': { out: 'undici', entry: 'src/venice/undiciLite.ts' },
  'markdown-it': { out: 'markdown-it', entry: 'node_modules/markdown-it/dist/index.cjs.js' },
  './completionEngine': { out: 'completions', entry: 'src/completions/completionEngine.ts' },
};

/** @type {esbuild.Plugin} */
const lazyChunkPlugin = {
  name: 'lazy-chunks',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(lazyChunks).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      // Only require() calls become chunk loads; a static import would load it at activation anyway.
      if (args.kind !== 'require-call') return undefined;
      return { path: `./${lazyChunks[args.path].out}.js`, external: true };
    });
  },
};

// `import * as vscode from 'vscode'` compiles to `__toESM(require('vscode'))` in every module that
// imports it, and each call copies every property of VS Code's API object (41 copies cost ~10 ms per
// load in the extension host, where that object is large; a stub in plain Node hides it). Node's
// built-in modules likewise cost one require() per importing module, each through the extension
// host's require hooks. So every `import` of these goes through one bundled module per name,
// required and wrapped once. (require() calls stay as they are.)
/** @type {esbuild.Plugin} */
const oneModulePerExternalPlugin = {
  name: 'one-module-per-external',
  setup(build) {
    build.onResolve({ filter: /^(vscode|node:.+)$/ }, (args) => {
      if (args.namespace === 'external-once') return { path: args.path, external: true };
      if (args.kind !== 'import-statement') return undefined;
      return { path: args.path, namespace: 'external-once' };
    });
    build.onLoad({ filter: /.*/, namespace: 'external-once' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
  },
};

/** @type {esbuild.BuildOptions} */
const host = {
  // boot.js is package.json's "main": it loads extension.js through a V8 code cache (src/boot.ts).
  entryPoints: { boot: 'src/boot.ts', extension: 'src/extension.ts', ...Object.fromEntries(Object.values(lazyChunks).map((c) => [c.out, c.entry])) },
  plugins: [lazyChunkPlugin, oneModulePerExternalPlugin],
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

// webview-hljs: highlight.js for the chat view, a module of its own that webview.js import()s on demand.
const webviewEntries = { webview: 'webview-ui/chat/main.ts', 'webview-hljs': 'webview-ui/chat/render/hljs.ts' };
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
// Tool argument validators are compiled from their schemas before bundling (no ajv compiler shipped).
if (await writeToolValidators()) console.log('esbuild: regenerated src/tools/generated/argValidators.ts');
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
