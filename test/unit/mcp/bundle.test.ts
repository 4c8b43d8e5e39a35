// The MCP SDK (and ajv's compiler) must never load at activation: only the lazy chunk dist/mcp.js
// holds them, require()d on first use. This bundles src/extension.ts the way esbuild.mjs does (the
// lazy chunks' require() calls left out, test/unit/activationBundle.ts) and looks at what went in.
import * as assert from 'node:assert/strict';
import { activationInputs, lazyKeys } from '../activationBundle';

describe('mcp: the SDK stays out of the activation bundle', function () {
  this.timeout(30_000);

  it('src/extension.ts bundles no MCP SDK, no ajv compiler and no MCP manager; the chunk is a lazy require', async () => {
    const keys = lazyKeys();
    assert.ok(keys.includes('./mcpChunk'), `esbuild.mjs lazyChunks lists ./mcpChunk (found ${keys.join(', ')})`);
    const inputs = await activationInputs();
    const bad = inputs.filter((f) => f.includes('@modelcontextprotocol') || f.includes('ajv/dist/2020') || f.includes('ajv/dist/compile') || /src\/mcp\/(manager|supervisor|connection|feature|serversView)\.ts$/.test(f));
    assert.deepEqual(bad, []);
    assert.ok(inputs.some((f) => f.endsWith('src/mcp/register.ts')), 'the stub is in the activation bundle');
  });
});
