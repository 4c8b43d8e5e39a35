import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeCachePath, loadWithCodeCache } from '../../../src/util/codeCache';

interface Probe {
  answer: number;
  dir: string;
  helper: string;
}

describe('loadWithCodeCache (how boot.js loads the host bundle)', () => {
  let root: string;
  let file: string;
  let cacheDir: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'venice-codecache-'));
    file = path.join(root, 'main.js');
    cacheDir = path.join(root, 'storage', 'code-cache');
    writeFileSync(path.join(root, 'helper.js'), 'module.exports = "from a relative require";');
    writeFileSync(file, 'exports.answer = 42; module.exports.dir = __dirname; exports.helper = require("./helper.js");');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the file as a CommonJS module: exports, __dirname and relative require work', () => {
    const loaded = loadWithCodeCache<Probe>(file, cacheDir);
    assert.deepEqual({ ...loaded.exports }, { answer: 42, dir: root, helper: 'from a relative require' });
    assert.equal(loaded.cache, 'miss');
  });

  it('registers the loaded module, so a lazy chunk that require()s the file gets this instance and not a second copy', () => {
    writeFileSync(path.join(root, 'chunk.js'), 'module.exports = require("./main.js");');
    const loaded = loadWithCodeCache<Probe>(file, cacheDir);
    const chunk = createRequire(__filename)(path.join(root, 'chunk.js')) as Probe;
    assert.equal(chunk, loaded.exports);
    const cache = createRequire(__filename).cache;
    delete cache[file];
    delete cache[path.join(root, 'chunk.js')];
  });

  it('uses the cache written by the previous load, and only keeps the current one', () => {
    loadWithCodeCache<Probe>(file, cacheDir).save();
    assert.equal(readdirSync(cacheDir).length, 1);
    const second = loadWithCodeCache<Probe>(file, cacheDir);
    assert.equal(second.cache, 'hit');
    assert.equal(second.exports.answer, 42);

    // A new build of the file (other size and time) does not reuse the old cache, and replaces it.
    writeFileSync(file, 'exports.answer = 4242;');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const third = loadWithCodeCache<Probe>(file, cacheDir);
    assert.equal(third.cache, 'miss');
    assert.equal(third.exports.answer, 4242);
    third.save();
    assert.equal(readdirSync(cacheDir).length, 1);
    assert.equal(loadWithCodeCache<Probe>(file, cacheDir).cache, 'hit');
  });

  it('a lazy chunk beside the file loads through its own cache, and saving one file keeps the other\'s cache', () => {
    const chunkFile = path.join(root, 'lazychunk.js');
    writeFileSync(chunkFile, 'exports.host = require("./main.js"); exports.chunk = "lazy";');
    writeFileSync(file, 'exports.answer = 42; exports.load = () => require("./lazychunk.js");');
    const cache = createRequire(__filename).cache;
    try {
      const first = loadWithCodeCache<{ load(): { host: unknown; chunk: string } }>(file, cacheDir);
      first.save();
      const chunk = first.exports.load();
      assert.equal(chunk.chunk, 'lazy');
      assert.equal(chunk.host, first.exports, 'the chunk gets the loaded instance of the file');
      // The chunk's cache is written a little after it loaded; here, by hand.
      loadWithCodeCache(chunkFile, cacheDir).save();
      assert.deepEqual(
        readdirSync(cacheDir).map((f) => f.split('-')[0]).sort(),
        ['lazychunk', 'main'],
      );
      delete cache[chunkFile];
      delete cache[file];
      const again = loadWithCodeCache<{ load(): { chunk: string } }>(file, cacheDir);
      assert.equal(again.cache, 'hit');
      assert.equal(loadWithCodeCache(chunkFile, cacheDir).cache, 'hit');
    } finally {
      delete cache[chunkFile];
      delete cache[file];
    }
  });

  it('without a cache folder loads normally and writes nothing', () => {
    const loaded = loadWithCodeCache<Probe>(file, undefined);
    loaded.save();
    assert.equal(loaded.cache, 'off');
    assert.equal(loaded.exports.answer, 42);
    assert.deepEqual(readdirSync(root).sort(), ['helper.js', 'main.js']);
  });

  it('a corrupt cache file is refused by V8 and the file still loads', () => {
    // Source V8 has not compiled in this process yet (else its in-memory cache answers first).
    writeFileSync(file, `exports.answer = 42; // ${root}`);
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(codeCachePath(file, cacheDir), Buffer.from('not V8 code cache data at all'));
    const loaded = loadWithCodeCache<Probe>(file, cacheDir);
    assert.equal(loaded.cache, 'rejected');
    assert.equal(loaded.exports.answer, 42);
  });

  it("hands node:fs, node:path… to the loaded file without require() (the extension host's module hooks), and the network modules through require() (VS Code's proxy support patches them)", () => {
    writeFileSync(file, 'exports.fs = require("node:fs"); exports.path = require("node:path"); exports.http = require("node:http");');
    const seen: string[] = [];
    const Module = createRequire(__filename)('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = Module._load;
    Module._load = function (request: string, ...rest: unknown[]) {
      seen.push(request);
      return original.call(this, request, ...rest);
    };
    let loaded: { fs: unknown; path: unknown; http: unknown };
    try {
      loaded = loadWithCodeCache<{ fs: unknown; path: unknown; http: unknown }>(file, cacheDir).exports;
    } finally {
      Module._load = original;
    }
    assert.deepEqual(seen, ['node:http']);
    assert.equal(loaded.fs, createRequire(__filename)('node:fs'));
    assert.equal(loaded.path, createRequire(__filename)('node:path'));
  });
});
