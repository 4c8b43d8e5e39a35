// The extension's main file (package.json "main"): a few lines that load the host bundle
// (dist/extension.js) through a V8 code cache in the extension's global storage, then hand over to
// its activate(). Kept apart from the bundle so VS Code's "code loading" is only this file.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { loadWithCodeCache } from './util/codeCache';
import type * as Host from './extension';

/**
 * The cache is written just after the activate call (off its path): V8 then puts into it the
 * functions activation ran and not the ones that ran in the seconds after (status bar reads, MCP
 * and model queries), which compile on their first call. A cache written 3 s after activation was
 * 169 KB for the 90 KB bundle, and each window load deserialises all of it inside the activate call.
 */
const SAVE_CACHE_AFTER_MS = 0;

let host: typeof Host | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saveCache: (() => void) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // The extension host builds this extension's `vscode` API object on its first require(): done
  // here and timed, so the activation log line tells VS Code's part apart from the bundle's own
  // loading (the bundle's require then gets the same object back).
  const apiStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timed on purpose, see above
  require('vscode');
  const vscodeApiMs = performance.now() - apiStart;
  const storage = context.globalStorageUri;
  const cacheDir = storage.scheme === 'file' ? path.join(storage.fsPath, 'code-cache') : undefined;
  const loaded = loadWithCodeCache<typeof Host>(path.join(__dirname, 'extension.js'), cacheDir);
  host = loaded.exports;
  if (loaded.cache === 'miss' || loaded.cache === 'rejected') {
    saveCache = () => {
      saveCache = undefined;
      loaded.save();
    };
    saveTimer = setTimeout(() => saveCache?.(), SAVE_CACHE_AFTER_MS);
  }
  host.activate(context, { ms: loaded.ms, compileMs: loaded.compileMs, cache: loaded.cache, vscodeApiMs });
}

export async function deactivate(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  // A window closed or reloaded within seconds still leaves a cache for the next one.
  saveCache?.();
  // Returned, so VS Code waits for the host to close its connections.
  await host?.deactivate();
}
