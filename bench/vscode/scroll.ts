// Scrolling a long conversation to its top in the real chat view, the way a fast fling does: every
// animation frame moves the transcript up by BENCH_SCROLL_PX (default 1,500 px) until its top shows
// the first message. Smoothness is read in the webview frame: the gaps between animation frames
// (a gap of more than one frame is a visible stall) and the long tasks (>50 ms) meanwhile.
import type { Frame } from 'playwright-core';
import { round, sleep } from '../lib/stats';
import { evalIn } from './session';

export interface ScrollResult {
  /** Pixels scrolled in all (the transcript's height above the end when it started). */
  distancePx: number;
  frames: number;
  /** Start → the first message drawn at the top of the view. */
  durationMs: number;
  longestFrameGapMs: number;
  p95FrameGapMs: number;
  /** Frame gaps longer than 50 ms (a stall a user sees). */
  stalls: number;
  longTasks: number;
  longestTaskMs: number;
  /**
   * The longest tasks (up to 3): when into the scroll they started, how long they took, and the long
   * task API's attribution ('self': this frame's own work; another name: the workbench or another
   * frame sharing the thread), to tell the view's work from the workbench's.
   */
  worstTasks: Array<{ atMs: number; durationMs: number; source: string }>;
  /** The oldest message was in the view when it ended. */
  reachedFirst: boolean;
}

const STEP_PX = Number(process.env.BENCH_SCROLL_PX ?? 1_500);
const TIMEOUT_MS = 120_000;

interface InPage {
  startedAt: number;
  endedAt: number;
  distance: number;
  gaps: number[];
  reachedFirst: boolean;
}

/** Scrolls the open chat from its end to its first message (`firstId`) and times it. */
export async function scrollToTop(frame: Frame, firstId: string): Promise<ScrollResult> {
  const page = await evalIn<InPage>(
    frame,
    `new Promise((resolve) => {
      const el = document.querySelector('.transcript');
      el.scrollTop = el.scrollHeight;
      const distance = el.scrollTop;
      const gaps = [];
      const startedAt = Date.now();
      let last = 0;
      const firstShown = () => {
        const a = document.querySelector('article[data-message-id="${firstId}"]');
        return !!a && a.getBoundingClientRect().bottom > el.getBoundingClientRect().top;
      };
      const tick = (t) => {
        if (last) gaps.push(t - last);
        last = t;
        if ((el.scrollTop <= 0 && firstShown()) || Date.now() - startedAt > ${TIMEOUT_MS}) {
          resolve({ startedAt, endedAt: Date.now(), distance, gaps, reachedFirst: firstShown() });
          return;
        }
        el.scrollTop = Math.max(0, el.scrollTop - ${STEP_PX});
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`,
  );
  await sleep(300); // a long task still running is reported when it ends
  const probe = await evalIn<{ longtasks: Array<{ start: number; duration: number; name?: string }> }>(frame, 'window.__veniceBench.state()');
  const tasks = probe.longtasks.filter((t) => t.start + t.duration >= page.startedAt && t.start <= page.endedAt);
  const sorted = [...page.gaps].sort((a, b) => a - b);
  return {
    distancePx: Math.round(page.distance),
    frames: page.gaps.length,
    durationMs: page.endedAt - page.startedAt,
    longestFrameGapMs: round(sorted[sorted.length - 1] ?? 0, 1),
    p95FrameGapMs: round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0, 1),
    stalls: page.gaps.filter((g) => g > 50).length,
    longTasks: tasks.length,
    longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.duration)), 0),
    worstTasks: [...tasks]
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 3)
      .map((t) => ({ atMs: Math.round(t.start - page.startedAt), durationMs: round(t.duration, 0), source: t.name || 'unknown' })),
    reachedFirst: page.reachedFirst,
  };
}
