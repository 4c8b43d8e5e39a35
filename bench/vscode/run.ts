// Parts 2–5 of `npm run bench`, in one real VS Code session (code-server + Chromium through the test
// harness, the built extension installed, the Venice simulator behind a timing proxy):
// rendering a long streamed answer, memory over 100 chats, opening a 2,000-message conversation
// (reloads the window), then activation timings over several window loads (BENCH_ACTIVATION_LOADS,
// default 5; BENCH_VSCODE_ONLY=activation runs only that part). The transport floor (bench/vscode/
// floor.ts) is measured alternately with the rendering runs and the openings: an echo batch before
// each rendering and each opening, an empty view's opening before each conversation opening
// (BENCH_VSCODE_SKIP=floor leaves it out, and the activation floor: an empty extension activated in the
// same window loads as Venice, see bench/vscode/activation.ts). Inline completions (bench/vscode/completions.ts) run before
// activation (BENCH_VSCODE_SKIP=completions leaves them out, BENCH_VSCODE_ONLY=completions runs only
// them). Last, 50 MB of command output into run_command's card (bench/vscode/terminal.ts;
// BENCH_VSCODE_SKIP=terminal, or BENCH_VSCODE_ONLY=terminal for only it). Writes JSON to the path in argv[2].
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../test/fixtures/simulator';
import { ensureHarness } from '../../test/harness/install';
import { REPO } from '../../test/harness/paths';
import { launchVSCode } from '../../test/harness/vscode';
import { activationBench, type ActivationResult } from './activation';
import { completionAnswerer, completionsBench, type CompletionsBench } from './completions';
import { echoBatch, emptyViewOpen, FLOOR_SAMPLES, installFloorExtension, summarizeTrip, type EchoSample, type FloorResult } from './floor';
import { memoryBench, type MemoryResult } from './memory';
import { startTimingProxy } from './proxy';
import { renderBench, summarize, type RenderRun, type RenderSummary } from './render';
import { median, round } from '../lib/stats';
import { chatDocument, command } from './session';
import type { ScrollResult } from './scroll';
import { longChatBench, storeOpenBench, type StoreOpenResult } from './store';
import type { ViewOpenTimes } from './viewOpen';
import { terminalBench, type TerminalRun } from './terminal';

export interface VSCodeBench {
  vscodeVersion: string;
  /** Absent when BENCH_VSCODE_ONLY=activation. */
  render?: { tokens: number; runs: RenderRun[]; summary: RenderSummary[] };
  /** Absent when skipped (BENCH_VSCODE_SKIP=memory). */
  memory?: MemoryResult;
  /** Absent when BENCH_STORE_REPS=0. */
  storeOpen?: StoreOpenResult;
  /** The 10,000-message conversation: opening (medians) and scrolling to its top (each run); absent when BENCH_LONG_REPS=0. */
  longChat?: { open: StoreOpenResult; scrolls: ScrollResult[]; emptyOpen?: ViewOpenTimes & { runs: number }; openRatios: number[] };
  /** Absent when skipped (BENCH_VSCODE_SKIP=activation). */
  activation?: ActivationResult;
  /** Absent when skipped (BENCH_VSCODE_SKIP=floor) or with BENCH_VSCODE_ONLY=activation. */
  floor?: FloorResult;
  /** 50 MB of command output into run_command's card (issue 14); absent when skipped (BENCH_VSCODE_SKIP=terminal). */
  terminal?: TerminalRun[];
  /** Inline completions (issue 17); absent when skipped (BENCH_VSCODE_SKIP=completions) or with BENCH_VSCODE_ONLY=activation. */
  completions?: CompletionsBench;
}

const KEY = 'test-key-123';
const RENDER_REPS = Number(process.env.BENCH_RENDER_REPS ?? 3);
const CHATS = Number(process.env.BENCH_CHATS ?? 100);
const ACTIVATION_LOADS = Number(process.env.BENCH_ACTIVATION_LOADS ?? 5);
/** BENCH_VSCODE_ONLY=activation: only the activation part (a couple of minutes instead of many). */
const ONLY_ACTIVATION = process.env.BENCH_VSCODE_ONLY === 'activation';
/** BENCH_VSCODE_ONLY=terminal: only the terminal output part (BENCH_TERMINAL_MB, default 50). */
const ONLY_TERMINAL = process.env.BENCH_VSCODE_ONLY === 'terminal';
/** BENCH_VSCODE_ONLY=completions: only the inline-completions part. */
const ONLY_COMPLETIONS = process.env.BENCH_VSCODE_ONLY === 'completions';
/** Quicker runs while working on the chat view: BENCH_VSCODE_SKIP=memory,activation,floor. */
const SKIP = new Set((process.env.BENCH_VSCODE_SKIP ?? '').split(',').filter(Boolean));
/** Openings of the 2,000-message conversation (each reloads the window); the report gives medians. */
const STORE_REPS = Number(process.env.BENCH_STORE_REPS ?? 3);
/** Openings (each followed by a scroll to the top) of the long conversation, and its length. */
const LONG_REPS = Number(process.env.BENCH_LONG_REPS ?? 2);
const LONG_MESSAGES = Number(process.env.BENCH_LONG_MESSAGES ?? 10_000);
const log = (m: string) => console.log(`[bench] ${m}`);

/** Field by field medians of view openings (longest task: the worst run). */
function medianOpen(runs: ViewOpenTimes[]): ViewOpenTimes & { runs: number } {
  const m = (f: (r: ViewOpenTimes) => number) => median(runs.map(f));
  return {
    runs: runs.length,
    firstPaintMs: m((r) => r.firstPaintMs),
    interactiveMs: m((r) => r.interactiveMs),
    allDrawnMs: m((r) => r.allDrawnMs),
    longTasks: m((r) => r.longTasks),
    longestTaskMs: Math.max(...runs.map((r) => r.longestTaskMs)),
    webviewDocumentMs: m((r) => r.webviewDocumentMs),
    stateMessageMs: m((r) => r.stateMessageMs),
    frameShownMs: m((r) => r.frameShownMs),
    articlePaintedMs: m((r) => r.articlePaintedMs),
    files: runs[0]?.files ?? [],
  };
}

/**
 * BENCH_AB_DIST=dirA,dirB: the long-chat openings alternate between two builds of dist/ (copied
 * into the installed extension before each opening; every opening reloads the window), so a before
 * and an after are measured on the same loaded machine. Unset: the build installed at launch.
 */
function abVariants(vs: { extensionsDir: string }): Array<{ label: string; install(): void }> {
  const dirs = (process.env.BENCH_AB_DIST ?? '').split(',').filter(Boolean);
  if (dirs.length === 0) return [{ label: '', install: () => undefined }];
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(vs.extensionsDir, `venice-community.venice-vscode-${pkg.version}`, 'dist');
  return dirs.map((dir) => ({
    label: ` [${path.basename(dir)}]`,
    install: () => {
      rmSync(target, { recursive: true, force: true });
      cpSync(dir, target, { recursive: true, filter: (f) => !f.endsWith('.map') });
    },
  }));
}

/**
 * The renderings with BENCH_AB_DIST: each repetition renders once with each build (installed, then
 * the window reloaded so both the host and the webview run it), the builds alternating.
 */
async function renderAB(
  vs: Awaited<ReturnType<typeof launchVSCode>>,
  sim: Awaited<ReturnType<typeof startSimulator>>,
  proxy: Awaited<ReturnType<typeof startTimingProxy>>,
  ab: Array<{ label: string; install(): void }>,
  log: (m: string) => void,
  floorBefore: (() => Promise<number>) | undefined,
): Promise<Awaited<ReturnType<typeof renderBench>>> {
  const runs: RenderRun[] = [];
  let tokens = 0;
  for (let i = 0; i < RENDER_REPS; i++) {
    for (const variant of ab) {
      variant.install();
      await vs.reload();
      await command(vs, 'venice.openChat');
      const frame = await chatDocument(vs.page);
      const one = await renderBench(vs, frame, sim, proxy, 1, (m) => log(`${m}${variant.label}`), floorBefore);
      tokens = one.tokens;
      runs.push(...one.runs.map((r) => ({ ...r, variant: variant.label.trim() })));
    }
  }
  for (const variant of ab) {
    const label = variant.label.trim();
    for (const s of summarize(runs.filter((r) => r.variant === label))) {
      log(`render ${s.renderer}/${s.pace} ${label}: median paint lag ${s.medianPaintLagMs} ms (over the floor ${s.medianLagOverFloorMs ?? '-'} ms), message ${s.medianMessageLagMs} ms, DOM ${s.medianDomLagMs} ms, long tasks ${s.medianLongTasks} (longest ${s.maxLongestTaskMs} ms), ${s.runs} runs`);
    }
  }
  return { tokens, runs, summary: summarize(runs) };
}

async function main(): Promise<void> {
  const out = process.argv[2];
  ensureHarness();
  const sim = await startSimulator({ validKeys: [KEY], defaultChat: completionAnswerer });
  const proxy = await startTimingProxy(sim.url);
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'venice-bench-ws-'));
  cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const vs = await launchVSCode({ workspace, userSettings: { 'venice.apiBaseUrl': proxy.url, 'workbench.colorTheme': 'Default Dark Modern', 'venice.completions.enabled': false } });
  try {
    await vs.page.addInitScript({ content: readFileSync(path.join(__dirname, '..', 'webview', 'probe.js'), 'utf8') });
    const vscodeVersion = await vs.bridge.run<string>('return vscode.version');
    await command(vs, 'venice.setApiKey', { key: KEY });
    let parts: Pick<VSCodeBench, 'render' | 'memory' | 'storeOpen' | 'longChat' | 'floor' | 'terminal'> = {};
    if (ONLY_TERMINAL) {
      parts = { terminal: await terminalBench(vs, sim, log) };
    } else if (!ONLY_ACTIVATION && !ONLY_COMPLETIONS) {
      const withFloor = !SKIP.has('floor');
      if (withFloor) {
        await installFloorExtension(vs);
        log('bench floor extension installed (empty view, echo view)');
      }
      const renderTrip: EchoSample[] = [];
      const openTrip: EchoSample[] = [];
      const echo = async (into: EchoSample[]): Promise<number> => {
        const batch = await echoBatch(vs);
        into.push(...batch);
        return summarizeTrip(batch)?.oneWayMedianMs ?? Number.NaN;
      };
      await command(vs, 'venice.openChat');
      const frame = await chatDocument(vs.page);
      log(`VS Code ${vscodeVersion} ready; chat view open`);
      const ab = abVariants(vs);
      const render = ab.length > 1 ? await renderAB(vs, sim, proxy, ab, log, withFloor ? () => echo(renderTrip) : undefined) : await renderBench(vs, frame, sim, proxy, RENDER_REPS, log, withFloor ? () => echo(renderTrip) : undefined);
      const memory = SKIP.has('memory') ? undefined : await memoryBench(vs, frame, sim, CHATS, log);
      const storeRuns: StoreOpenResult[] = [];
      const emptyRuns: ViewOpenTimes[] = [];
      // Alternating, so load from elsewhere on the machine weighs on the floor and the product alike.
      for (let i = 0; i < STORE_REPS * ab.length; i++) {
        const variant = ab[i % ab.length];
        variant.install();
        if (withFloor) {
          const trip = await echo(openTrip);
          const e = await emptyViewOpen(vs);
          log(`empty view #${i + 1}: document ${e.webviewDocumentMs} ms, first paint ${e.firstPaintMs} ms (article ${e.articlePaintedMs}, frame shown ${e.frameShownMs}), interactive ${e.interactiveMs} ms (message trip just before: ${trip} ms)`);
          emptyRuns.push(e);
        }
        const r = await storeOpenBench(vs);
        if (STORE_REPS > 1) log(`2,000 messages #${i + 1}${variant.label}: document ${r.webviewDocumentMs} ms, state ${r.stateMessageMs} ms, first paint ${r.firstPaintMs} ms (article ${r.articlePaintedMs}, frame shown ${r.frameShownMs}), interactive ${r.interactiveMs} ms; files ${r.files.map((f) => `${f.name} (${f.initiator}) ${f.startMs}-${f.endMs}`).join(', ')}`);
        storeRuns.push(r);
      }
      const longRuns: Array<Awaited<ReturnType<typeof longChatBench>>> = [];
      const longEmpty: ViewOpenTimes[] = [];
      for (let i = 0; i < LONG_REPS * ab.length; i++) {
        const variant = ab[i % ab.length];
        variant.install();
        if (withFloor) longEmpty.push(await emptyViewOpen(vs));
        const r = await longChatBench(vs, LONG_MESSAGES);
        log(`${LONG_MESSAGES} messages #${i + 1}${variant.label}: empty view ${longEmpty[longEmpty.length - 1]?.interactiveMs ?? '-'} ms, document ${r.open.webviewDocumentMs} ms, state ${r.open.stateMessageMs} ms, first paint ${r.open.firstPaintMs} ms (article ${r.open.articlePaintedMs}, frame shown ${r.open.frameShownMs}), interactive ${r.open.interactiveMs} ms, all drawn ${r.open.allDrawnMs} ms; scroll to the top ${r.scroll.durationMs} ms over ${r.scroll.distancePx} px, ${r.scroll.frames} frames, longest gap ${r.scroll.longestFrameGapMs} ms, longest task ${r.scroll.longestTaskMs} ms (worst: ${r.scroll.worstTasks.map((t) => `${t.durationMs} ms at ${t.atMs} ms in ${t.source}`).join(', ') || 'none'})${r.scroll.reachedFirst ? '' : ' (did not reach the first message)'}`);
        longRuns.push(r);
      }
      const longChat: VSCodeBench['longChat'] = longRuns.length
        ? {
            open: { messages: LONG_MESSAGES, fileBytes: longRuns[0].open.fileBytes, ...medianOpen(longRuns.map((r) => r.open)) },
            scrolls: longRuns.map((r) => r.scroll),
            emptyOpen: longEmpty.length ? medianOpen(longEmpty) : undefined,
            openRatios: longEmpty.map((e, i) => round(longRuns[i].open.interactiveMs / e.interactiveMs, 2)),
          }
        : undefined;
      // Closed, so the echo view is not restored (and the bench extension not activated) by later reloads.
      await command(vs, 'workbench.action.closePanel');
      const storeOpen: StoreOpenResult | undefined = storeRuns.length ? { messages: storeRuns[0].messages, fileBytes: storeRuns[0].fileBytes, ...medianOpen(storeRuns) } : undefined;
      if (storeOpen) log(`2,000 messages: first paint ${storeOpen.firstPaintMs} ms, interactive ${storeOpen.interactiveMs} ms, all drawn ${storeOpen.allDrawnMs} ms`);
      const floor: FloorResult | undefined = withFloor
        ? { samplesPerBatch: FLOOR_SAMPLES, renderTrip: summarizeTrip(renderTrip), openTrip: summarizeTrip(openTrip), emptyOpen: emptyRuns.length ? medianOpen(emptyRuns) : undefined, openRatios: emptyRuns.map((e, i) => round(storeRuns[i].interactiveMs / e.interactiveMs, 2)) }
        : undefined;
      if (floor?.renderTrip) log(`floor: host → webview ${floor.renderTrip.oneWayMedianMs} ms median (p90 ${floor.renderTrip.oneWayP90Ms} ms), round trip ${floor.renderTrip.roundTripMedianMs} ms, ${floor.renderTrip.samples} samples`);
      if (floor?.emptyOpen) log(`floor: empty view interactive ${floor.emptyOpen.interactiveMs} ms (median of ${floor.emptyOpen.runs})`);
      // Last of the chat view's parts: its terminals and its long run stay out of the measurements above.
      const terminal = SKIP.has('terminal') ? undefined : await terminalBench(vs, sim, log);
      parts = { render, memory, storeOpen, longChat, floor, terminal };
    }
    const completions = ONLY_ACTIVATION || ONLY_TERMINAL || SKIP.has('completions') ? undefined : await completionsBench(vs, proxy, log);
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    const activation = SKIP.has('activation') || ONLY_TERMINAL || ONLY_COMPLETIONS ? undefined : await activationBench(vs, path.join(vs.extensionsDir, `venice-community.venice-vscode-${pkg.version}`), ACTIVATION_LOADS, !SKIP.has('floor'), log);
    if (activation) log(`activation (median of ${activation.samples.length} loads): VS Code ${activation.vscodeReportedMs ?? 'n/a'} ms (code loading ${activation.codeLoadingMs ?? 'n/a'} ms by the marks, activate call ${activation.activateCallMs ?? 'n/a'} ms, of which activate() ${activation.activateMs ?? 'n/a'} ms); empty extension ${activation.floor?.vscodeReportedMs ?? 'n/a'} ms; ours ${activation.oursMs ?? 'n/a'} ms`);

    const result: VSCodeBench = { vscodeVersion, ...parts, activation, completions };
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
