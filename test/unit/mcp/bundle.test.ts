// The MCP SDK (and ajv's compiler) must never load at activation: only the lazy chunk dist/mcp.js
// holds them, require()d on first use. This bundles src/extension.ts the way esbuild.mjs does (the
// lazy chunks' require() calls left out) and looks at what went in.
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';

const ROOT = path.resolve(__dirname, '../../..');

/** The keys of esbuild.mjs's lazyChunks, read from the file itself so this test follows it. */
function lazyKeys(): string[] {
  const source = readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
  const block = source.slice(source.indexOf('const lazyChunks = {'), source.indexOf('};', source.indexOf('const lazyChunks = {')));
  return [...block.matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]);
}

describe('mcp: the SDK stays out of the activation bundle', function () {
  this.timeout(30_000);

  it('src/extension.ts bundles no MCP SDK, no ajv compiler and no MCP manager; the chunk is a lazy require', async () => {
    const keys = lazyKeys();
    assert.ok(keys.includes('./mcpChunk'), `esbuild.mjs lazyChunks lists ./mcpChunk (found ${keys.join(', ')})`);
    const result = await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/extension.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      write: false,
      metafile: true,
      outdir: path.join(ROOT, 'out/bundle-test'),
      logLevel: 'silent',
      plugins: [
        {
          name: 'lazy',
          setup(build) {
            build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'require-call' && keys.includes(args.path) ? { path: args.path, external: true } : undefined));
          },
        },
      ],
    });
    const inputs = Object.keys(result.metafile.inputs);
    const bad = inputs.filter((f) => f.includes('@modelcontextprotocol') || f.includes('ajv/dist/2020') || f.includes('ajv/dist/compile') || /src\/mcp\/(manager|supervisor|connection|feature|serversView)\.ts$/.test(f));
    assert.deepEqual(bad, []);
    assert.ok(inputs.some((f) => f.endsWith('src/mcp/register.ts')), 'the stub is in the activation bundle');
  });
});
