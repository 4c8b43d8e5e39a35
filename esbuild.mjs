// Two programs, two bundles: the extension host (Node, CommonJS, `vscode` external)
// and the webview code (browser, ESM). Minified by default so sizes match what ships.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { writeCodiconsSubset } from './scripts/codicons.mjs';
import { writeToolValidators } from './scripts/tool-validators.mjs';

const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

// Host code that no activation path needs lives in separate files, require()d on first use:
// undici on the first request, markdown-it on the first code-block action or read-aloud, the chat
// (view, turns, tools, terminal tools, checkpoints, mentions) when its view or a chat command is
// first used. Keys are what the source require()s; values are the chunk's entry point. `import
// type` stays free. How to add one: ARCHITECTURE.md, "How to add a lazy feature".
const lazyChunks = {
  './undiciLite': { out: 'undici', entry: 'src/venice/undiciLite.ts' },
  'markdown-it': { out: 'markdown-it', entry: 'node_modules/markdown-it/dist/index.cjs.js' },
  './chatFeature': { out: 'chat', entry: 'src/chatFeature.ts' },
  // The MCP manager with the official SDK and ajv's compiler: on the first chat turn with a server configured.
  './mcpChunk': { out: 'mcp', entry: 'src/mcp/mcpChunk.ts' },
  './studio': { out: 'studio', entry: 'src/assets/studio.ts' },
  // Asset studio (issue 16): each feature's commands, tools and views, loaded on first use.
  './imageStudio': { out: 'imageStudio', entry: 'src/images/imageStudio.ts' },
  './transcribeImpl': { out: 'transcribe', entry: 'src/transcribe/transcribeImpl.ts' },
  './galleryImpl': { out: 'gallery', entry: 'src/gallery/galleryImpl.ts' },
  './completionEngine': { out: 'completions', entry: 'src/completions/completionEngine.ts' },
  // The services' implementations (Venice client, images, speech, semantic index): on their first call.
  './serviceImpls': { out: 'services', entry: 'src/serviceImpls.ts' },
  './imageCommands': { out: 'imageCommands', entry: 'src/images/imageCommands.ts' },
  './modelCommands': { out: 'modelCommands', entry: 'src/models/modelCommands.ts' },
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

// A chunk must not carry its own copy of a module the activation bundle already holds: module state
// (the log channel, the key redactor's secrets) would exist twice and `instanceof` (VeniceError…)
// would fail across copies. So a chunk's import of such a module becomes a lookup in the running
// bundle's `__hostModules` (dist/extension.js, which boot.js registers in require's cache), and the
// bundle is rebuilt to export exactly the namespaces the chunks use. Modules two chunks share and the
// activation bundle does not hold would be copied into both: the build refuses that (list such a
// module in `sharedWithChunks`, which puts it in the activation bundle, or merge the chunks).
/** @type {string[]} */
const sharedWithChunks = [
  'src/shared/chatImages.ts',
  'src/llm/capabilities.ts',
  'src/tools/handlers/outcome.ts',
  // Used by the services chunk and by the chat and studio chunks: a class checked with instanceof, a cache.
  'src/tools/toolError.ts',
  'src/tools/editorFolders.ts',
];
// Pure modules the activation bundle keeps a scrap of (the generated validators' top-level RegExps):
// chunks carry their own copy rather than pull the whole module into the activation bundle.
// The request planner's pure modules (no state, no classes) serve the chat and inline completions.
const copiedIntoChunks = new Set([
  'src/tools/generated/argValidators.ts',
  'src/llm/planner.ts',
  'src/llm/trim.ts',
  'src/llm/cost.ts',
  'src/llm/promptCache.ts',
  // Stateless helpers of the services chunk (dist/services.js) that other chunks use too: no longer
  // in the activation bundle since the services load on first use.
  'src/images/naming.ts',
  'src/llm/tokens.ts',
  'src/llm/modelResolve.ts',
  'src/assets/sidecar.ts',
  'src/assets/sidecarFormat.ts',
  'src/webview/html.ts',
  'src/venice/queue.ts',
  'src/util/gitignore.ts',
  'src/tools/gitignoreRules.ts',
  'src/tools/autoApprove.ts',
  'src/tools/workspaceAccess.ts',
  'src/tools/handlers/workspaceFiles.ts',
  // ...and of the image commands' chunk (dist/imageCommands.js), which the studio chunks use as well.
  'src/images/commands.ts',
  'src/images/request.ts',
  'src/images/checks.ts',
  'src/images/inputImage.ts',
  'src/images/workspaceFiles.ts',
  'src/tools/pathGuard.ts',
  'src/venice/media.ts',
  'src/venice/imageSize.ts',
  'src/models/format.ts',
  // Stateless modules the activation bundle uses a little of (a check, a class whose instanceof is
  // branded: util/brand.ts) and the chunks much more of: exported to the chunks they cost the
  // activation bundle ~18 KB that each window load deserialises and runs for nothing.
  'src/venice/errors.ts',
  'src/tools/sensitive.ts',
  'src/semantic/format.ts',
  'src/speech/text.ts',
  'src/speech/source.ts',
  'src/terminal/executionOutput.ts',
  'src/mcp/config.ts',
  'src/tools/text.ts',
]);

/** Repository-relative, forward slashes: the keys of `__hostModules` and of esbuild's metafile. */
const rel = (p) => path.relative(process.cwd(), p).split(path.sep).join('/');

/**
 * The names `importer` imports from `specifier` (value imports only), or '*' for a namespace import,
 * `export *` or require(): the bundle exports only those, so its tree-shaking keeps working.
 */
function importedNames(importer, specifier) {
  const source = ts.createSourceFile(importer, readFileSync(importer, 'utf8'), ts.ScriptTarget.Latest);
  const names = new Set();
  for (const st of source.statements) {
    if (!ts.isStringLiteral(st.moduleSpecifier ?? {}) || st.moduleSpecifier.text !== specifier) continue;
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (!clause || clause.isTypeOnly) continue;
      if (clause.name) names.add('default');
      const b = clause.namedBindings;
      if (b && ts.isNamespaceImport(b)) return '*';
      for (const el of b?.elements ?? []) if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
    } else if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
      if (!st.exportClause || ts.isNamespaceExport(st.exportClause)) return '*';
      for (const el of st.exportClause.elements) if (!el.isTypeOnly) names.add((el.propertyName ?? el.name).text);
    }
  }
  return names;
}

/** @returns {esbuild.Plugin} */
function hostModulesPlugin(hostInputs, used) {
  return {
    name: 'host-modules',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.namespace === 'host-module') return { path: args.path, external: true };
        if (args.pluginData === 'host-modules' || args.kind === 'entry-point' || !/\.(ts|js|mjs|cjs)$|^[^.]*$/.test(path.basename(args.path))) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'host-modules' });
        if (r.errors.length || r.external) return undefined;
        const file = rel(r.path);
        if (!hostInputs.has(file) || copiedIntoChunks.has(file)) return undefined;
        const names = args.kind === 'import-statement' ? importedNames(args.importer, args.path) : '*';
        const before = used.get(file);
        used.set(file, before === '*' || names === '*' ? '*' : new Set([...(before ?? []), ...names]));
        return { path: file, namespace: 'host-module' };
      });
      build.onLoad({ filter: /.*/, namespace: 'host-module' }, (args) => ({
        contents: `module.exports = require("./extension.js").__hostModules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

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
      if (args.namespace.startsWith('external-once')) return { path: args.path, external: true };
      if (args.kind !== 'import-statement') return undefined;
      // Packages may import a built-in's default export (the MCP SDK: `import process from 'node:process'`).
      const fromPackage = args.path.startsWith('node:') && args.importer.includes('node_modules');
      return { path: args.path, namespace: fromPackage ? 'external-once-default' : 'external-once' };
    });
    build.onLoad({ filter: /.*/, namespace: 'external-once' }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
    build.onLoad({ filter: /.*/, namespace: 'external-once-default' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)}; export { default } from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

/** @type {esbuild.BuildOptions} */
const host = {
  // boot.js is package.json's "main": it loads extension.js through a V8 code cache (src/boot.ts).
  entryPoints: { boot: 'src/boot.ts', extension: 'src/extension.ts' },
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

// markdown-it imports only decodeHTML and decodeHTMLStrict from `entities`, for one whole character
// reference at a time. The package's decoding table (47 KB, a third of webview.js, built into typed
// arrays each time the view opened) is replaced by the page's own HTML parser:
// webview-ui/chat/render/entities.ts (tested against the package in test/unit/webview/entities.test.ts).
/** @type {esbuild.Plugin} */
const entitiesByThePageParserPlugin = {
  name: 'entities-by-the-page-parser',
  setup(build) {
    build.onResolve({ filter: /^entities$/ }, (args) =>
      args.importer.includes(`${path.sep}markdown-it${path.sep}`) ? { path: path.resolve('webview-ui/chat/render/entities.ts') } : undefined,
    );
  },
};

/**
 * codicons' stylesheet, as imported by webview-ui/chat/main.ts, is the subset written before each
 * build (scripts/codicons.mjs): the icons the webview names, and their glyphs in the font beside it.
 */
const codiconsSubsetPlugin = {
  name: 'codicons-subset',
  setup(build) {
    let css = '';
    build.onStart(async () => {
      css = path.resolve(await writeCodiconsSubset('node_modules/.cache/venice-codicons'));
    });
    build.onResolve({ filter: /^@vscode\/codicons\/dist\/codicon\.css$/ }, () => ({ path: css }));
  },
};

/** @type {esbuild.BuildOptions} */
const webview = {
  entryPoints: webviewEntries,
  plugins: [entitiesByThePageParserPlugin, codiconsSubsetPlugin],
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
  // dist/codicon.ttf: the page preloads it by that name (src/chat/chatViewProvider.ts).
  assetNames: '[name]',
};

/** The inputs (repository-relative) of the activation bundle in a metafile. */
function activationInputs(metafile) {
  const out = Object.entries(metafile.outputs).find(([f]) => f.endsWith('extension.js'));
  // Only modules with code in the bundle: a module tree-shaken away there has no state to share.
  return new Set(Object.entries(out?.[1].inputs ?? {}).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));
}

/** The activation bundle's entry: src/extension.ts, plus `__hostModules` with what chunks import from it. */
function hostEntryPlugin(used) {
  const names = [...used.keys()].sort();
  // Getters, so a chunk sees what the bundle's module sees now (live bindings, like an import).
  const exportsOf = (f, i) => {
    const n = used.get(f);
    if (n === '*') return `m${i}`;
    return `{ ${[...n].map((x) => `get ${x}() { return m${i}_${x}; }`).join(', ')} }`;
  };
  const entry = [
    `export * from './src/extension.ts';`,
    ...names.map((f, i) => {
      const n = used.get(f);
      const spec = JSON.stringify(`./${f}`);
      return n === '*' ? `import * as m${i} from ${spec};` : `import { ${[...n].map((x) => `${x} as m${i}_${x}`).join(', ')} } from ${spec};`;
    }),
    `export const __hostModules = { ${names.map((f, i) => `${JSON.stringify(f)}: ${exportsOf(f, i)}`).join(', ')} };`,
  ].join('\n');
  return {
    name: 'host-entry',
    setup(build) {
      build.onResolve({ filter: /^host-entry:/ }, () => ({ path: 'src/extension.ts', namespace: 'host-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'host-entry' }, () => ({ contents: entry, loader: 'ts', resolveDir: process.cwd() }));
    },
  };
}

/**
 * The host build, in three passes: the activation bundle (to learn which modules it holds; with
 * `sharedWithChunks` in it), the lazy chunks (their imports of those modules become `__hostModules`
 * lookups), then the activation bundle again, exporting what the chunks use.
 * @returns {Promise<esbuild.Metafile[]>}
 */
async function buildHost() {
  const activation = (used, extra) => esbuild.build({ ...host, ...extra, entryPoints: { boot: 'src/boot.ts', extension: 'host-entry:extension' }, plugins: [hostEntryPlugin(used), ...host.plugins] });
  /** @type {Map<string, Set<string> | '*'>} module → the names chunks import from it */
  const used = new Map(sharedWithChunks.map((f) => [f, '*']));
  const first = await activation(used, { write: false, sourcemap: false });
  const chunks = await Promise.all(
    Object.values(lazyChunks).map((c) =>
      esbuild.build({ ...host, entryPoints: { [c.out]: c.entry }, plugins: [lazyChunkPlugin, hostModulesPlugin(activationInputs(first.metafile), used), oneModulePerExternalPlugin] }),
    ),
  );
  const owner = new Map();
  /** @type {string[]} */
  const twice = [];
  for (const [i, c] of chunks.entries()) {
    for (const [file, info] of Object.entries(c.metafile.outputs)) {
      if (file.endsWith('.map')) continue;
      for (const input of Object.keys(info.inputs)) {
        if (!input.startsWith('src/') || copiedIntoChunks.has(input)) continue;
        const other = owner.get(input);
        if (other !== undefined && other !== i) twice.push(`${input} (${Object.values(lazyChunks)[other].out}, ${Object.values(lazyChunks)[i].out}, ${info.inputs[input].bytesInOutput} B)`);
        else owner.set(input, i);
      }
    }
  }
  if (twice.length) throw new Error(`esbuild: modules in two lazy chunks (add each to sharedWithChunks, or to copiedIntoChunks if it holds no state, or merge the chunks):\n  ${twice.join('\n  ')}`);
  const main = await activation(used, {});
  const missing = [...used.keys()].filter((f) => !activationInputs(main.metafile).has(f));
  if (missing.length) throw new Error(`esbuild: the activation bundle no longer holds ${missing.join(', ')}`);
  return [main.metafile, ...chunks.map((c) => c.metafile)];
}

// Codicons' stylesheet and font are bundled into webview.css (webview-ui/chat/main.ts imports it,
// the '.ttf' file loader puts the font beside it); a copy left from an older build is removed.
rmSync('dist/codicons', { recursive: true, force: true });
for (const f of existsSync('dist') ? readdirSync('dist') : []) if (/^codicon-.*\.ttf$/.test(f)) rmSync(path.join('dist', f));
// Tool argument validators are compiled from their schemas before bundling (no ajv compiler shipped).
if (await writeToolValidators()) console.log('esbuild: regenerated src/tools/generated/argValidators.ts');
if (watch) {
  // The host build has passes esbuild's watch cannot chain: a watched build of the activation bundle
  // that writes nothing triggers the real one.
  const trigger = await esbuild.context({
    ...host,
    write: false,
    sourcemap: false,
    plugins: [
      ...host.plugins,
      {
        name: 'rebuild-host',
        setup: (b) =>
          b.onEnd(async (r) => {
            if (!r.errors.length) await buildHost().catch((e) => console.error(e.message));
          }),
      },
    ],
  });
  const web = await esbuild.context(webview);
  await Promise.all([trigger.watch(), web.watch()]);
  console.log('esbuild: watching host and webview bundles');
} else {
  const metafiles = [...(await buildHost()), (await esbuild.build(webview)).metafile];
  for (const m of metafiles) {
    for (const [file, info] of Object.entries(m.outputs)) {
      if (!file.endsWith('.map')) console.log(`${file.padEnd(28)} ${(info.bytes / 1024).toFixed(1)} KB`);
    }
  }
}
