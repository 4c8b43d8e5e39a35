// Loads a CommonJS file through a V8 code cache kept in the extension's own storage, so a window
// load deserialises compiled code instead of parsing ~300 KB of JavaScript again (the extension
// host enables no compile cache for extensions). Scoped to our file: nothing process-wide changes.
// The cache is keyed by the file's path, size and mtime and by V8's version; V8 itself also refuses
// data made for other source or flags, and then the file is compiled as usual and the cache redone.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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

/** Where the cache of `file` (as it is now on disk) lives in `cacheDir`. */
export function codeCachePath(file: string, cacheDir: string): string {
  const st = statSync(file);
  const key = createHash('sha256').update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 32);
  return path.join(cacheDir, `${key}${SUFFIX}`);
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
  run(module.exports, req, module, file, path.dirname(file));
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
        for (const f of readdirSync(cacheDir)) if (f.endsWith(SUFFIX) && path.join(cacheDir, f) !== cacheFile) unlinkSync(path.join(cacheDir, f));
      } catch {
        // A cache that cannot be written only means the next load compiles again.
      }
    },
  };
}
