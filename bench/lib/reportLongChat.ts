// The 10,000-message conversation's part of the report (issue 18, item 14): its opening against the
// empty view opened just before each, and the scroll from its end to its first message.
import type { VSCodeBench } from '../vscode/run';
import { LONG_TASK_MS, ms, ms1, OPEN_RATIO, table, x, type Target } from './format';
import { median } from './stats';
import { EAGER_MESSAGES } from '../../webview-ui/chat/transcript';

type LongChat = NonNullable<VSCodeBench['longChat']>;

export function longChatTargets(v: VSCodeBench): Target[] {
  const l = v.longChat;
  if (!l) return [];
  const n = l.open.messages.toLocaleString('en-US');
  const t: Target[] = [];
  const open = l.open;
  const empty = l.emptyOpen;
  if (empty) {
    const ratio = open.interactiveMs / empty.interactiveMs;
    t.push({
      name: `Open a ${n}-message conversation: interactive vs the empty view`,
      value: `${ms(open.interactiveMs)} = ${x(ratio)}`,
      target: `≤ ${x(OPEN_RATIO)} the empty view = ${ms(empty.interactiveMs * OPEN_RATIO)}`,
      met: ratio <= OPEN_RATIO,
      note: `first paint ${ms(open.firstPaintMs)}, longest task ${ms(open.longestTaskMs)}; each opening over the empty view's just before it: ${l.openRatios.map(x).join(', ')}`,
    });
  } else {
    t.push({ name: `Open a ${n}-message conversation: interactive`, value: ms(open.interactiveMs), target: '< 300 ms (floor not measured)', met: open.interactiveMs < 300, note: `first paint ${ms(open.firstPaintMs)}` });
  }
  const longest = Math.max(...l.scrolls.map((s) => s.longestTaskMs));
  const gap = Math.max(...l.scrolls.map((s) => s.longestFrameGapMs));
  t.push({
    name: `Scroll a ${n}-message conversation from its end to its first message: longest main-thread task`,
    value: ms(longest),
    target: `≤ ${LONG_TASK_MS} ms (no long task)`,
    met: longest <= LONG_TASK_MS && l.scrolls.every((s) => s.reachedFirst),
    note: `worst of ${l.scrolls.length}; longest frame gap ${ms1(gap)}, median scroll ${ms(median(l.scrolls.map((s) => s.durationMs)))}${l.scrolls.every((s) => s.reachedFirst) ? '' : '; did NOT reach the first message'}`,
  });
  return t;
}

export function longChatSection(l: LongChat): string[] {
  const n = l.open.messages.toLocaleString('en-US');
  const out: string[] = [`## 3b. A ${n}-message conversation: opening and scrolling to the top`, ''];
  out.push(
    `Written like section 3 (${(l.open.fileBytes / 1024).toFixed(1)} KB) and opened the same way, each opening just after one of the empty view's (medians of ${l.open.runs ?? 1}). The view draws the newest page (${EAGER_MESSAGES} messages, webview-ui/chat/transcript.ts EAGER_MESSAGES) by itself and asks for and draws older ones only as the user scrolls up to them; "interactive" is measured until that page is drawn. Then, in the same window, the transcript is scrolled from its end by ${process.env.BENCH_SCROLL_PX ?? '1,500'} px per animation frame (a fast fling) until the first message shows at its top; frame gaps are the times between animation frames in the webview, long tasks are PerformanceObserver('longtask') entries meanwhile.`,
    '',
  );
  const e = l.emptyOpen;
  out.push(
    table(
      ['View', 'Webview document created', 'State message arrived', 'First paint', 'Interactive', `Drawn without scrolling (the newest ${EAGER_MESSAGES})`, 'Long tasks', 'Longest task'],
      [
        [`Venice chat, ${n} messages`, ms(l.open.webviewDocumentMs), ms(l.open.stateMessageMs), ms(l.open.firstPaintMs), ms(l.open.interactiveMs), ms(l.open.allDrawnMs), String(l.open.longTasks), ms(l.open.longestTaskMs)],
        ...(e ? [['empty view (floor)', ms(e.webviewDocumentMs), ms(e.stateMessageMs), ms(e.firstPaintMs), ms(e.interactiveMs), ms(e.allDrawnMs), String(e.longTasks), ms(e.longestTaskMs)]] : []),
      ],
    ),
    '',
  );
  out.push(
    table(
      ['Scroll', 'Distance', 'Time to the first message', 'Frames', 'Longest frame gap', 'p95 frame gap', 'Gaps > 50 ms', 'Long tasks', 'Longest task'],
      l.scrolls.map((s, i) => [`#${i + 1}${s.reachedFirst ? '' : ' (did not reach the top)'}`, `${s.distancePx.toLocaleString('en-US')} px`, ms(s.durationMs), String(s.frames), ms1(s.longestFrameGapMs), ms1(s.p95FrameGapMs), String(s.stalls), String(s.longTasks), ms(s.longestTaskMs)]),
    ),
    '',
  );
  return out;
}
