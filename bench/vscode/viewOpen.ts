// Opening a sidebar webview view the way a user does, timed by the probe (bench/webview/probe.js):
// the window is reloaded with the Explorer showing, then the view's activity-bar icon is clicked.
// Venice's chat (with a 2,000-message conversation) and the bench's empty view are opened by this
// one function, so their times share the clock, the path and the "interactive" definition.
import type { Frame } from 'playwright-core';
import type { VSCodeSession } from '../../test/harness/vscode';
import * as path from 'node:path';
import { sleep } from '../lib/stats';
import { command, evalIn, until } from './session';

export interface ViewOpenTimes {
  /** Click -> the first `article[data-message-id]` painted, in a frame VS Code shows. */
  firstPaintMs: number;
  /** Click -> painted and no long task running (the end of the last long task before all articles were drawn, or first paint if later). */
  interactiveMs: number;
  /** Click -> every expected article in the DOM. */
  allDrawnMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Click -> the webview's inner document started loading. */
  webviewDocumentMs: number;
  /** Click -> the host's first `state` message arrived (NaN when the view gets none). */
  stateMessageMs: number;
  /**
   * Click -> VS Code showed the page's frame, painted (NaN when not seen). VS Code keeps a webview's
   * page hidden until its load event (style sheets, scripts, fonts) or for 200 ms after writing it,
   * so a message drawn earlier is not seen earlier: first paint and interactive count from here at
   * the earliest.
   */
  frameShownMs: number;
  /** Click -> the first article painted in the page (whether or not the frame was shown yet). */
  articlePaintedMs: number;
  /** The files the page fetched: name, who asked (link, script, css…), and when it had them, in ms after its document started (of several openings: the first one's). */
  files: Array<{ name: string; initiator: string; startMs: number; endMs: number }>;
}

interface ProbeState {
  longtasks: Array<{ start: number; duration: number }>;
  articles: number;
  firstArticlePaintedAt: number;
  lastArticleAt: number;
  documentStartAt: number;
  firstStateMessageAt: number;
  frameShownPaintedAt: number;
}

const TRACE_DIR = process.env.BENCH_OPEN_TRACE ?? '';
/** BENCH_OPEN_TRACES=N: only the first N openings are traced (tracing slows what it watches). */
const TRACE_MAX = Number(process.env.BENCH_OPEN_TRACES ?? Infinity);
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'toplevel', 'disabled-by-default-v8.compile'];
let traces = 0;

/** Reloads with the Explorer showing (so the view opens only on the click), clicks the icon, times the opening. */
export async function openViewByClick(vs: VSCodeSession, iconLabelPrefix: string, findFrame: (timeoutMs: number) => Promise<Frame>, articles: number): Promise<ViewOpenTimes> {
  // The Explorer is restored after the reload; a closed panel stays closed, so no other webview loads meanwhile.
  await command(vs, 'workbench.view.explorer');
  await command(vs, 'workbench.action.closePanel');
  await sleep(500);
  await vs.reload();
  await sleep(2_000); // let the restored workbench settle before timing
  const icon = vs.page.locator(`.activitybar [aria-label^="${iconLabelPrefix}"]`).first();
  const box = await icon.boundingBox();
  if (!box) throw new Error(`the "${iconLabelPrefix}" activity-bar icon is not visible`);
  // BENCH_OPEN_TRACE=dir: a Chromium trace of each opening (click → everything drawn), for chrome://tracing or DevTools.
  const browser = TRACE_DIR && traces < TRACE_MAX ? vs.page.context().browser() : null;
  if (browser) await browser.startTracing(vs.page, { path: path.join(TRACE_DIR, `open-${iconLabelPrefix.replace(/\W+/g, '-')}-${articles}-${++traces}.json`), categories: TRACE_CATEGORIES });
  const clickedAt = Date.now();
  await vs.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const frame = await findFrame(60_000);
  const state = await until(
    `${articles} article(s) drawn`,
    async () => {
      const s = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()');
      return s.articles >= articles && s.firstArticlePaintedAt ? s : undefined;
    },
    // A long conversation is drawn in the background, a slice per frame: minutes on a loaded machine.
    Math.max(120_000, articles * 30),
    50,
  ).catch(async (err: unknown) => {
    // What the page had got by then tells a state never sent from one never drawn.
    const s = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()').catch(() => undefined);
    throw new Error(`${String(err)}; the page had ${s?.articles ?? '?'} article(s), its first state message ${s?.firstStateMessageAt ? `${s.firstStateMessageAt - clickedAt} ms after the click` : 'never came'}`);
  });
  await sleep(500); // let a long task that is still running finish and be reported
  if (browser) await browser.stopTracing();
  const after = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()');
  const outer = frame.parentFrame();
  const shownAt = outer ? (await evalIn<ProbeState>(outer, 'window.__veniceBench.state()')).frameShownPaintedAt : 0;
  const files = await evalIn<ViewOpenTimes['files']>(
    frame,
    `performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('?')[0].split('/').pop(), initiator: e.initiatorType, startMs: Math.round(e.startTime), endMs: Math.round(e.responseEnd) }))`,
  );
  const tasks = after.longtasks.filter((t) => t.start + t.duration >= clickedAt && t.start <= state.lastArticleAt);
  const lastTaskEnd = Math.max(0, ...tasks.map((t) => t.start + t.duration));
  const seenAt = Math.max(state.firstArticlePaintedAt, shownAt);
  return {
    firstPaintMs: seenAt - clickedAt,
    interactiveMs: Math.round(Math.max(seenAt, lastTaskEnd) - clickedAt),
    frameShownMs: shownAt ? shownAt - clickedAt : Number.NaN,
    articlePaintedMs: state.firstArticlePaintedAt - clickedAt,
    files,
    allDrawnMs: state.lastArticleAt - clickedAt,
    longTasks: tasks.length,
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    webviewDocumentMs: state.documentStartAt - clickedAt,
    stateMessageMs: state.firstStateMessageAt ? state.firstStateMessageAt - clickedAt : Number.NaN,
  };
}
