// The asset studio is its own bundle (dist/studio.js), so every module it imports is a second copy.
// Modules with state must come from the main bundle through StudioHost instead: a second log channel,
// a key redactor that knows no key, or an error class that `instanceof` does not recognise would be
// bugs. This builds the chunk's module graph and checks none of them is in it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const REPO = path.resolve(__dirname, '..', '..', '..');
const STATEFUL = ['src/log.ts', 'src/util/redact.ts', 'src/secrets.ts', 'src/venice/client.ts', 'src/venice/http.ts', 'src/venice/errors.ts', 'src/ui/showError.ts', 'src/services.ts', 'src/speech/service.ts', 'src/llm/modelCatalog.ts'];

describe('assets: the studio chunk', function () {
  this.timeout(30_000);
  it('imports none of the main bundle\'s stateful modules (they come through StudioHost)', async () => {
    // Built as esbuild.mjs builds it (minified, so unused imports are shaken out); what has code in the output counts.
    const r = await esbuild.build({ absWorkingDir: REPO, entryPoints: ['src/assets/studio.ts'], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], minify: true, write: false, metafile: true, outdir: 'out-studio-check', logLevel: 'silent' });
    const output = Object.values(r.metafile.outputs).find((o) => o.entryPoint);
    const inputs = Object.entries(output?.inputs ?? {}).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f);
    assert.ok(inputs.includes('src/video/command.ts') && inputs.includes('src/music/command.ts'), 'the chunk holds the video and music flows');
    assert.deepEqual(inputs.filter((f) => STATEFUL.includes(f)), []);
  });
});
