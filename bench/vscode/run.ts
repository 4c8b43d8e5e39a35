// Parts 2–5 of `npm run bench`, in one real VS Code session (code-server + Chromium through the test
// harness, the built extension installed, the Venice simulator behind a timing proxy):
// rendering a long streamed answer, memory over 100 chats, opening a 2,000-message conversation
// (reloads the window), then activation timings over several window loads (BENCH_ACTIVATION_LOADS,
// default 5; BENCH_VSCODE_ONLY=activation runs only that part). Writes JSON to the path in argv[2].
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../test/fixtures/simulator';
import { ensureHarness } from '../../test/harness/install';
import { REPO } from '../../test/harness/paths';
import { launchVSCode } from '../../test/harness/vscode';
import { activationBench, type ActivationResult } from './activation';
import { memoryBench, type MemoryResult } from './memory';
import { startTimingProxy } from './proxy';
import { renderBench, type RenderRun, type RenderSummary } from './render';
import { chatDocument, command } from './session';
import { storeOpenBench, type StoreOpenResult } from './store';

export interface VSCodeBench {
  vscodeVersion: string;
  /** Absent when BENCH_VSCODE_ONLY=activation. */
  render?: { tokens: number; runs: RenderRun[]; summary: RenderSummary[] };
  memory?: MemoryResult;
  storeOpen?: StoreOpenResult;
  activation: ActivationResult;
}

const KEY = 'test-key-123';
const RENDER_REPS = Number(process.env.BENCH_RENDER_REPS ?? 3);
const CHATS = Number(process.env.BENCH_CHATS ?? 100);
const ACTIVATION_LOADS = Number(process.env.BENCH_ACTIVATION_LOADS ?? 5);
/** BENCH_VSCODE_ONLY=activation: only the activation part (a couple of minutes instead of many). */
const ONLY_ACTIVATION = process.env.BENCH_VSCODE_ONLY === 'activation';
const log = (m: string) => console.log(`[bench] ${m}`);

async function main(): Promise<void> {
  const out = process.argv[2];
  ensureHarness();
  const sim = await startSimulator({ validKeys: [KEY] });
  const proxy = await startTimingProxy(sim.url);
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'venice-bench-ws-'));
  cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const vs = await launchVSCode({ workspace, userSettings: { 'venice.apiBaseUrl': proxy.url, 'workbench.colorTheme': 'Default Dark Modern' } });
  try {
    await vs.page.addInitScript({ content: readFileSync(path.join(__dirname, '..', 'webview', 'probe.js'), 'utf8') });
    const vscodeVersion = await vs.bridge.run<string>('return vscode.version');
    await command(vs, 'venice.setApiKey', { key: KEY });
    let parts: Pick<VSCodeBench, 'render' | 'memory' | 'storeOpen'> = {};
    if (!ONLY_ACTIVATION) {
      await command(vs, 'venice.openChat');
      const frame = await chatDocument(vs.page);
      log(`VS Code ${vscodeVersion} ready; chat view open`);
      const render = await renderBench(vs, frame, sim, proxy, RENDER_REPS, log);
      const memory = await memoryBench(vs, frame, sim, CHATS, log);
      const storeOpen = await storeOpenBench(vs);
      log(`2,000 messages: first paint ${storeOpen.firstPaintMs} ms, interactive ${storeOpen.interactiveMs} ms, all drawn ${storeOpen.allDrawnMs} ms`);
      parts = { render, memory, storeOpen };
    }
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const activation = await activationBench(vs, path.join(vs.extensionsDir, `venice-community.venice-vscode-${pkg.version}`), ACTIVATION_LOADS, log);
    log(`activation (median of ${activation.samples.length} loads): VS Code ${activation.vscodeReportedMs ?? 'n/a'} ms = code loading ${activation.codeLoadingMs ?? 'n/a'} ms + activate() ${activation.activateMs ?? 'n/a'} ms`);

    const result: VSCodeBench = { vscodeVersion, ...parts, activation };
    writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    await vs.stop();
    await proxy.close();
    await sim.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
