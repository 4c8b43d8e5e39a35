// `npm run test:electron`: the same in-extension-host suites (test/integration) in desktop VS Code,
// downloaded by @vscode/test-electron. For machines that can download VS Code; this project's CI
// uses the code-server harness (`npm test`) because its machines reach only the npm registry.
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { REPO } from './paths';
import { startSimulator } from '../fixtures/simulator';

async function main(): Promise<void> {
  const src = path.join(REPO, 'test', 'integration');
  const entries = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(src, f));
  const outdir = path.join(REPO, 'out', 'integration');
  await esbuild.build({ entryPoints: [...entries, path.join(__dirname, 'electron-index.ts')], bundle: true, platform: 'node', format: 'cjs', outdir, outbase: REPO, external: ['vscode', 'mocha'] });
  const sim = await startSimulator({ validKeys: ['test-key-123'] });
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'venice-electron-'));
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'venice.apiBaseUrl': sim.url }));
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'venice-ws-'));
  cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(outdir, 'test', 'harness', 'electron-index.js'),
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { VENICE_SIM_URL: sim.url, VENICE_TEST_VALID_KEY: 'test-key-123', VENICE_TEST_WORKSPACE: workspace, VENICE_TEST_REPO: REPO },
    });
  } finally {
    await sim.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
