// Part 2: rendering a long streamed answer in the real chat view. The simulator streams ~20,000
// tokens of Markdown and code as fast as it can (and again paced at 5,000 tokens/s); we measure from
// the last byte leaving the timing proxy to the last token painted in the webview, and the long
// tasks (>50 ms) of the webview's main thread meanwhile. The same streams are then rendered by a
// naive renderer (bench/webview/naive.ts) that re-parses the whole message per delta.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Frame } from 'playwright-core';
import type { ChatStep, Simulator } from '../../test/fixtures/simulator';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, round, sleep } from '../lib/stats';
import { longAnswer, SENTINEL } from './content';
import type { TimingProxy } from './proxy';
import { answerFinished, evalIn, newChat, send, until } from './session';

export type Renderer = 'product' | 'naive';
export type Pace = 'max' | '5k';

export interface RenderRun {
  renderer: Renderer;
  pace: Pace;
  tokens: number;
  /** Tokens per second the stream actually left the proxy at. */
  streamTokensPerSecond: number;
  streamMs: number;
  /** Last byte sent -> the host's message with the last token reached the webview (0: not seen). */
  messageLagMs: number;
  /** Last byte sent -> last token in the DOM. */
  domLagMs: number;
  /** Last byte sent -> the frame that drew the last token had been painted. */
  paintLagMs: number;
  longTasks: number;
  longTaskTotalMs: number;
  longestTaskMs: number;
  /** Where each long task ran (PerformanceLongTaskTiming.name: 'self' is the chat webview's own frame). */
  longTaskSources: string[];
  /** Full re-renders the naive renderer did (0 for the product). */
  naiveRenders: number;
  /** Median host → webview trip of the echo batch measured just before this run (absent without the floor). */
  floorOneWayMs?: number;
  /** The build it ran with (BENCH_AB_DIST), e.g. "[old]". */
  variant?: string;
}

export interface RenderSummary {
  renderer: Renderer;
  pace: Pace;
  runs: number;
  streamTokensPerSecond: number;
  medianPaintLagMs: number;
  medianMessageLagMs: number;
  medianDomLagMs: number;
  medianLongTasks: number;
  medianLongTaskTotalMs: number;
  maxLongestTaskMs: number;
  /** Long tasks of all runs by where they ran, e.g. { self: 1, 'cross-origin-ancestor': 2 }. */
  longTaskSources: Record<string, number>;
  /** Median over runs of (paint lag − the floor measured just before the run); absent without the floor. */
  medianLagOverFloorMs?: number;
}

interface ProbeState {
  longtasks: Array<{ start: number; duration: number; name: string }>;
  sentinelSeenAt: number;
  sentinelPaintedAt: number;
  sentinelMessageAt: number;
}

/**
 * BENCH_RENDER_TRACE=dir: a Chromium trace of each rendering (send → last token painted), for
 * chrome://tracing or DevTools; BENCH_RENDER_TRACES=N traces only the first N, BENCH_RENDER_TRACE_JS=1
 * adds V8's JS samples (which slow the page far more).
 * Tracing slows what it watches: traced runs show where the time goes, not how long it takes.
 */
const TRACE_DIR = process.env.BENCH_RENDER_TRACE ?? '';
const TRACE_MAX = Number(process.env.BENCH_RENDER_TRACES ?? Infinity);
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'toplevel', ...(process.env.BENCH_RENDER_TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : [])];
let traces = 0;

const TOKENS = Number(process.env.BENCH_RENDER_TOKENS ?? 20_000);
/** Only these renderer/pace cases, e.g. "product/5k,product/max" (default: all four). */
const CASES = (process.env.BENCH_RENDER_CASES ?? '').split(',').filter(Boolean);

/** Steps for the simulator: one chunk per token; for 5k tokens/s a 10 ms pause every 50 tokens. */
function steps(tokens: string[], pace: Pace): ChatStep[] {
  if (pace === 'max') return tokens;
  const out: ChatStep[] = [];
  tokens.forEach((t, i) => {
    if (i > 0 && i % 50 === 0) out.push({ delayMs: 10 });
    out.push(t);
  });
  return out;
}

export async function naiveRendererSource(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [path.join(__dirname, '..', 'webview', 'naive.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'error',
    loader: { '.css': 'empty' },
  });
  return out.outputFiles[0].text;
}

async function renderOnce(vs: VSCodeSession, frame: Frame, sim: Simulator, proxy: TimingProxy, tokens: string[], renderer: Renderer, pace: Pace): Promise<RenderRun> {
  await newChat(vs, frame);
  sim.enqueueChat({ steps: steps(tokens, pace) });
  await evalIn(frame, `window.__veniceBench.watch(${JSON.stringify(SENTINEL)})`);
  if (renderer === 'naive') await evalIn(frame, 'window.__veniceNaive.enable()');
  const seen = proxy.exchanges.length;
  const browser = TRACE_DIR && traces < TRACE_MAX ? vs.page.context().browser() : null;
  if (browser) await browser.startTracing(vs.page, { path: path.join(TRACE_DIR, `render-${renderer}-${pace}-${++traces}.json`), categories: TRACE_CATEGORIES });
  try {
    const sentAt = await send(frame, `Benchmark: stream ${tokens.length} tokens (${renderer}, ${pace})`);
    const state = await answerFinished(frame);
    if (state !== 'done') throw new Error(`the benchmark answer ended as "${state}"`);
    const probe = await until('the last token to be painted', async () => {
      const s = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()');
      return s.sentinelPaintedAt ? s : undefined;
    }, 30_000);
    await sleep(300); // let a long task that is still running finish and be reported
    const after = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()');
    const chat = proxy.exchanges.slice(seen).find((e) => e.path.endsWith('/chat/completions') && e.method === 'POST');
    if (!chat?.lastByteAt) throw new Error('the proxy saw no finished chat stream');
    const tasks = after.longtasks.filter((t) => t.start + t.duration >= sentAt && t.start <= probe.sentinelPaintedAt);
    const naiveRenders = renderer === 'naive' ? await evalIn<number>(frame, 'window.__veniceNaive.renders()') : 0;
    const streamMs = chat.lastByteAt - chat.firstByteAt;
    return {
      renderer,
      pace,
      tokens: tokens.length,
      streamTokensPerSecond: Math.round(tokens.length / (Math.max(1, streamMs) / 1000)),
      streamMs,
      messageLagMs: probe.sentinelMessageAt ? probe.sentinelMessageAt - chat.lastByteAt : 0,
      domLagMs: probe.sentinelSeenAt - chat.lastByteAt,
      paintLagMs: probe.sentinelPaintedAt - chat.lastByteAt,
      longTasks: tasks.length,
      longTaskTotalMs: round(tasks.reduce((s, t) => s + t.duration, 0), 0),
      longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.duration)), 0),
      longTaskSources: tasks.map((t) => t.name || 'unknown'),
      naiveRenders,
    };
  } finally {
    if (browser) await browser.stopTracing();
    if (renderer === 'naive') await evalIn(frame, 'window.__veniceNaive.disable()');
  }
}

function countBy(names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) out[n] = (out[n] ?? 0) + 1;
  return out;
}

export function summarize(runs: RenderRun[]): RenderSummary[] {
  const out: RenderSummary[] = [];
  for (const renderer of ['product', 'naive'] as const) {
    for (const pace of ['max', '5k'] as const) {
      const rs = runs.filter((r) => r.renderer === renderer && r.pace === pace);
      if (!rs.length) continue;
      out.push({
        renderer,
        pace,
        runs: rs.length,
        streamTokensPerSecond: Math.round(median(rs.map((r) => r.streamTokensPerSecond))),
        medianPaintLagMs: median(rs.map((r) => r.paintLagMs)),
        medianMessageLagMs: median(rs.map((r) => r.messageLagMs)),
        medianDomLagMs: median(rs.map((r) => r.domLagMs)),
        medianLongTasks: median(rs.map((r) => r.longTasks)),
        medianLongTaskTotalMs: median(rs.map((r) => r.longTaskTotalMs)),
        maxLongestTaskMs: Math.max(...rs.map((r) => r.longestTaskMs)),
        longTaskSources: countBy(rs.flatMap((r) => r.longTaskSources ?? [])),
        medianLagOverFloorMs: rs.every((r) => r.floorOneWayMs !== undefined) ? round(median(rs.map((r) => r.paintLagMs - (r.floorOneWayMs ?? 0))), 1) : undefined,
      });
    }
  }
  return out;
}

/**
 * `floorBefore` (when the floor is measured) runs before every rendering and returns the median
 * host → webview trip it measured, so load on the machine weighs on both alike.
 */
export async function renderBench(
  vs: VSCodeSession,
  frame: Frame,
  sim: Simulator,
  proxy: TimingProxy,
  reps: number,
  log: (m: string) => void,
  floorBefore?: () => Promise<number>,
): Promise<{ tokens: number; runs: RenderRun[]; summary: RenderSummary[] }> {
  const tokens = longAnswer(TOKENS);
  await evalIn(frame, await naiveRendererSource());
  const runs: RenderRun[] = [];
  // Interleaved, so a burst of load from elsewhere on the machine hits both renderers alike.
  for (let i = 0; i < reps; i++) {
    for (const pace of ['max', '5k'] as const) {
      for (const renderer of ['product', 'naive'] as const) {
        if (CASES.length && !CASES.includes(`${renderer}/${pace}`)) continue;
        const floorOneWayMs = floorBefore ? await floorBefore() : undefined;
        const r: RenderRun = { ...(await renderOnce(vs, frame, sim, proxy, tokens, renderer, pace)), floorOneWayMs };
        log(`render ${renderer}/${pace}: paint lag ${r.paintLagMs} ms${floorOneWayMs === undefined ? '' : ` (floor just before: ${floorOneWayMs} ms)`} (message ${r.messageLagMs} ms, DOM ${r.domLagMs} ms), ${r.longTasks} long tasks (${r.longTaskTotalMs} ms, longest ${r.longestTaskMs} ms${r.longTaskSources.length ? `; in ${r.longTaskSources.join(', ')}` : ''}), stream ${r.streamTokensPerSecond} tokens/s`);
        runs.push(r);
      }
    }
  }
  return { tokens: tokens.length, runs, summary: summarize(runs) };
}
