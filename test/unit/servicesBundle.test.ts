// Activation time is mostly loading dist/extension.js, so the services' implementations (the
// Venice client with its HTTP/SSE code, images, speech, the semantic index) stay out of it: they are
// the lazy chunk dist/services.js (src/serviceImpls.ts), require()d on a service's first call; so
// do the image and model commands (dist/imageCommands.js, dist/modelCommands.js), stubs at activation.
import * as assert from 'node:assert/strict';
import { activationInputs, lazyKeys } from './activationBundle';

describe('services: their implementations stay out of the activation bundle', function () {
  this.timeout(30_000);

  it('src/extension.ts bundles no Venice client, image, speech or semantic-index implementation', async () => {
    const keys = lazyKeys();
    assert.ok(keys.includes('./serviceImpls'), `esbuild.mjs lazyChunks lists ./serviceImpls (found ${keys.join(', ')})`);
    const inputs = await activationInputs();
    const implementations = ['src/venice/client.ts', 'src/venice/http.ts', 'src/venice/sse.ts', 'src/images/service.ts', 'src/speech/service.ts', 'src/semantic/service.ts', 'src/semantic/indexer.ts'];
    assert.deepEqual(inputs.filter((f) => implementations.some((i) => f.endsWith(i))), []);
    assert.ok(inputs.some((f) => f.endsWith('src/services.ts')), 'the composition root (with its stand-ins) is in the activation bundle');
  });

  it('src/extension.ts bundles the image and model command stubs, not the commands', async () => {
    const keys = lazyKeys();
    assert.ok(keys.includes('./imageCommands') && keys.includes('./modelCommands'), `esbuild.mjs lazyChunks lists ./imageCommands and ./modelCommands (found ${keys.join(', ')})`);
    const inputs = await activationInputs();
    assert.deepEqual(inputs.filter((f) => f.endsWith('src/images/commands.ts') || f.endsWith('src/models/commands.ts')), []);
    assert.ok(inputs.some((f) => f.endsWith('src/images/register.ts')) && inputs.some((f) => f.endsWith('src/models/register.ts')), 'the stubs are in the activation bundle');
  });
});
