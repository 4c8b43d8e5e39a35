// Loads a CommonJS file through a V8 code cache kept in the extension's own storage, so a window
// load deserialises compiled code instead of parsing ~200 KB of JavaScript again (the extension
// host enables no compile cache for extensions). Scoped to our files: nothing process-wide changes.
// The lazy chunks the file require()s from its own folder (dist/chat.js…, see esbuild.mjs) load the
// same way, each with its own cache, written a few seconds after that chunk was first loaded.
// The cache is keyed by the file's path, size and mtime and by V8's version; V8 itself also refuses
// data made for other source or flags, and then the file is compiled as usual and the cache redone.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'off';

export interface CachedLoad<T> {
  exports: T;
  cache: CodeCacheState;
  /** Reading, compiling and running the file, in milliseconds. */
  ms: number;
  /** Of which compiling (or deserialising the cache). */
  compileMs: number;
  /** Writes the code cache when it was missing or stale (after the code has run, so it covers more). */
  save(): void;
}

const SUFFIX = '.v8cache';
/** A chunk's cache is written this long after the chunk was loaded (once the code it ran then is compiled). */
const SAVE_CHUNK_AFTER_MS = 3_000;

/** The name every cache of `file` starts with: one file's caches replace each other, not another file's. */
function cachePrefix(file: string): string {
  return `${path.basename(file, '.js')}-`;
}

/** Where the cache of `file` (as it is now on disk) lives in `cacheDir`. */
export function codeCachePath(file: string, cacheDir: string): string {
  const st = statSync(file);
  const key = createHash('sha256').update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 32);
  return path.join(cacheDir, `${cachePrefix(file)}${key}${SUFFIX}`);
}

/** A cache file of `file` other than `current`, or one from before caches were named by file. */
function isStale(name: string, file: string, current: string): boolean {
  if (!name.endsWith(SUFFIX) || name === current) return false;
  return name.startsWith(cachePrefix(file)) || /^[0-9a-f]{32}\.v8cache$/.test(name);
}

/**
 * Built-in modules handed over by process.getBuiltinModule() instead of require(): in the extension
 * host every require() goes through VS Code's interceptors and Node's module hooks, which resolve
 * even `node:fs` as a file URL (a CPU profile of one activation showed it). Only modules VS Code does
 * not replace for extensions: its proxy support patches http, https, net and tls, which keep going
 * through require().
 */
const DIRECT_BUILTINS = new Set(['node:fs', 'node:fs/promises', 'node:path', 'node:os', 'node:crypto']);

/**
 * The require() the loaded file gets: `./name.js` files beside it (the lazy chunks) load through
 * the code cache as well; the built-ins above come straight from Node; everything else is Node's
 * own require.
 */
function requireFor(file: string, cacheDir: string | undefined, req: NodeJS.Require): NodeJS.Require {
  const dir = path.dirname(file);
  const sibling = (id: string): string | undefined => {
    if (!cacheDir || !/^\.\/[\w.-]+\.js$/.test(id)) return undefined;
    const target = path.join(dir, id.slice(2));
    return existsSync(target) ? target : undefined;
  };
  const wrapped = ((id: string): unknown => {
    const builtin = DIRECT_BUILTINS.has(id) ? process.getBuiltinModule?.(id) : undefined;
    if (builtin) return builtin;
    const target = sibling(id);
    if (!target) return req(id);
    const known = req.cache[target];
    if (known) return known.exports;
    const loaded = loadWithCodeCache<unknown>(target, cacheDir);
    if (loaded.cache === 'miss' || loaded.cache === 'rejected') setTimeout(() => loaded.save(), SAVE_CHUNK_AFTER_MS).unref();
    return loaded.exports;
  }) as NodeJS.Require;
  return Object.assign(wrapped, { resolve: req.resolve, cache: req.cache, main: req.main, extensions: req.extensions });
}

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Loads `file` like require() would (own module object, require relative to it); `cacheDir` undefined: no cache. */
export function loadWithCodeCache<T>(file: string, cacheDir: string | undefined): CachedLoad<T> {
  const started = performance.now();
  const source = readFileSync(file, 'utf8');
  const cacheFile = cacheDir ? codeCachePath(file, cacheDir) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  // Node's own CommonJS wrapper, on the first line so line numbers in stack traces stay right.
  const compileStart = performance.now();
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const compileMs = performance.now() - compileStart;
  const cache: CodeCacheState = !cacheFile ? 'off' : !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  const module = { id: file, filename: file, loaded: false, children: [], paths: [], exports: {} as T };
  const req = createRequire(file);
  const run = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  run(module.exports, requireFor(file, cacheDir, req), module, file, path.dirname(file));
  module.loaded = true;
  // Lazy chunks take the modules this file already holds from it (`require("./extension.js")`, see
  // esbuild.mjs): registered like require() would, so they find this instance instead of a second one.
  req.cache[file] = module as unknown as NodeJS.Module;
  return {
    exports: module.exports,
    cache,
    ms: performance.now() - started,
    compileMs,
    save() {
      if (!cacheFile || !cacheDir || cache === 'hit') return;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        // Caches of earlier versions of the file are of no further use.
        for (const f of readdirSync(cacheDir)) if (isStale(f, file, path.basename(cacheFile))) unlinkSync(path.join(cacheDir, f));
      } catch {
        // A cache that cannot be written only means the next load compiles again.
      }
    },
  };
}
