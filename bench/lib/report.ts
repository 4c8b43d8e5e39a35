// Turns the benchmark results into the verdicts against the issue's targets and the Markdown report
// (bench/results/latest.md, and the table in the README's Benchmarks section).
import type { ClientBench } from '../client/run';
import type { MediaBench } from '../media/run';
import type { SemanticBench } from '../semantic/run';
import type { WorkspaceBench } from '../workspace/run';
import type { TripSummary } from '../vscode/floor';
import type { VSCodeBench } from '../vscode/run';
import type { ViewOpenTimes } from '../vscode/viewOpen';
import { kb, ms, ms1, OPEN_RATIO, pct, table, x, type Target } from './format';
import { largeWorkspaceSections, largeWorkspaceTargets } from './largeReport';
import type { CacheBench } from '../cache/run';
import { cacheSection, cacheTargets } from './cacheReport';
import { longChatSection, longChatTargets } from './reportLongChat';
import { terminalSection, terminalTargets } from './reportTerminal';
import { completionsSection, completionsTargets } from './reportCompletions';
import { activationSection, activationTarget } from './reportActivation';
import { EAGER_MESSAGES } from '../../webview-ui/chat/transcript';

export type { Target };

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  /** 1-minute load average at the start and the end of the run (other work on the machine). */
  loadStart: number;
  loadEnd: number;
}

export interface Sizes {
  /** Minified bytes of each built file. */
  files: Record<string, number>;
  hostActivationBytes: number;
  hostTotalBytes: number;
  webviewBytes: number;
  vsixBytes: number | null;
}

export interface BenchResults {
  date: string;
  durationSeconds: number;
  machine: Machine;
  sizes: Sizes;
  client: ClientBench | null;
  vscode: VSCodeBench | null;
  /** Part 7 (absent in results from before it existed). */
  semantic?: SemanticBench | null;
  /** Part 8 (absent in results from before it existed). */
  workspace?: WorkspaceBench | null;
  /** Part 9, prompt caching (absent in results from before it existed). */
  cache?: CacheBench | null;
  /** Part 9: a 200 MB video streamed to disk (absent in results from before it existed). */
  media?: MediaBench | null;
  errors: string[];
  targets: Target[];
}

const FRAME_MS = 1000 / 60;

export function evaluateTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const t: Target[] = [];
  const c = r.client;
  if (c) {
    const cpuNote = (r: number) => `by CPU time ${x(1 / r)}`;
    t.push({ name: 'Client throughput vs baseline (undici + eventsource-parser)', value: x(c.throughputRatios.productVsBaseline), target: '≥ 0.90×', met: c.throughputRatios.productVsBaseline >= 0.9, note: cpuNote(c.ratios.productVsBaselineCpu) });
    t.push({ name: 'Client throughput vs openai SDK', value: x(c.throughputRatios.productVsOpenai), target: '≥ 1.00×', met: c.throughputRatios.productVsOpenai >= 1, note: cpuNote(c.ratios.productVsOpenaiCpu) });
  }
  const v = r.vscode;
  if (v) {
    const paced = v.render?.summary.find((s) => s.renderer === 'product' && s.pace === '5k');
    const trip = v.floor?.renderTrip;
    if (trip) {
      t.push({
        name: 'Floor: host → webview message trip (one way, time-stamped)',
        value: `${ms1(trip.oneWayMedianMs)} median, p90 ${ms1(trip.oneWayP90Ms)}`,
        target: 'measured (floor)',
        met: null,
        note: `round trip ${ms1(trip.roundTripMedianMs)}, p90 ${ms1(trip.roundTripP90Ms)}; ${trip.samples} echoes alternating with the renderings`,
      });
    }
    if (paced) {
      const lagNote = `stream ran at ${paced.streamTokensPerSecond} tokens/s`;
      t.push(
        trip
          ? {
              name: 'Render lag at ~5,000 tokens/s (last byte sent → last token painted) vs the floor',
              value: ms(paced.medianPaintLagMs),
              target: `≤ floor + ${FRAME_MS.toFixed(1)} ms (one frame) = ${ms1(trip.oneWayMedianMs + FRAME_MS)}`,
              met: paced.medianPaintLagMs <= trip.oneWayMedianMs + FRAME_MS,
              note: `${lagNote}; lag − the floor measured just before each run, median: ${ms1(paced.medianLagOverFloorMs)}`,
            }
          : {
              name: 'Render lag at ~5,000 tokens/s (last byte sent → last token painted)',
              value: ms(paced.medianPaintLagMs),
              target: `< ${FRAME_MS.toFixed(1)} ms (one frame; floor not measured)`,
              met: paced.medianPaintLagMs < FRAME_MS,
              note: lagNote,
            },
      );
      t.push({ name: 'Longest main-thread task while streaming at ~5,000 tokens/s', value: ms(paced.maxLongestTaskMs), target: '≤ 50 ms (no long task)', met: paced.maxLongestTaskMs <= 50 });
    }
    const empty = v.floor?.emptyOpen;
    if (empty) {
      t.push({
        name: 'Floor: open an empty webview view: interactive',
        value: ms(empty.interactiveMs),
        target: 'measured (floor)',
        met: null,
        note: `first paint ${ms(empty.firstPaintMs)}, document created ${ms(empty.webviewDocumentMs)}; median of ${empty.runs}, alternating with the conversation's openings`,
      });
    }
    const so = v.storeOpen;
    if (so && empty) {
      const ratio = so.interactiveMs / empty.interactiveMs;
      t.push({
        name: `Open a ${so.messages}-message conversation: interactive vs the empty view`,
        value: `${ms(so.interactiveMs)} = ${x(ratio)}`,
        target: `≤ ${x(OPEN_RATIO)} the empty view = ${ms(empty.interactiveMs * OPEN_RATIO)}`,
        met: ratio <= OPEN_RATIO,
        note: `first paint ${ms(so.firstPaintMs)}; each opening over the empty view's just before it: ${(v.floor?.openRatios ?? []).map(x).join(', ')}`,
      });
    } else if (so) {
      t.push({ name: `Open a ${so.messages}-message conversation: interactive`, value: ms(so.interactiveMs), target: '< 300 ms (floor not measured)', met: so.interactiveMs < 300, note: `first paint ${ms(so.firstPaintMs)}` });
    }
    t.push(...longChatTargets(v));
    t.push(...terminalTargets(v.terminal));
    t.push(...completionsTargets(v));
    const a = v.activation;
    if (a) t.push(activationTarget(a));
    const m = v.memory;
    if (m) {
      const n = m.samples[m.samples.length - 1]?.chats ?? 0;
      t.push({ name: `Extension host heap after ${n} chats vs after 1`, value: pct(m.hostGrowth), target: 'within ±10%', met: Math.abs(m.hostGrowth) <= 0.1 });
      t.push({ name: `Webview renderer heap after ${n} chats vs after 1`, value: pct(m.webviewGrowth), target: 'within ±10%', met: Math.abs(m.webviewGrowth) <= 0.1, note: m.webviewProcess === 'shared with the workbench' ? 'process shared with the workbench' : undefined });
    }
  }
  t.push(...largeWorkspaceTargets(r));
  t.push(...cacheTargets(r.cache));
  const media = r.media;
  if (media) {
    t.push({
      name: `Video download (${Math.round(media.videoBytes / 1024 ** 2)} MB) streamed to disk: host JS heap growth`,
      value: `${media.heapGrowthMb} MB`,
      target: '< 20 MB',
      met: media.heapGrowthMb < 20 && media.fileOk,
      note: `${media.seconds} s (${media.mbPerSecond} MB/s); written chunks awaiting GC peak at +${media.arrayBuffersPeakMb} MB of ArrayBuffers, ${media.retainedMb} MB held after GC; RSS +${media.rssGrowthMb} MB`,
    });
  }
  const s = r.sizes;
  t.push({ name: 'Host bundle loaded at activation (dist/extension.js)', value: kb(s.hostActivationBytes), target: '< 400 KB', met: s.hostActivationBytes < 400 * 1024, note: `all host JS incl. lazy chunks: ${kb(s.hostTotalBytes)}` });
  t.push({ name: 'Webview bundle (dist/webview.js)', value: kb(s.webviewBytes), target: '< 400 KB', met: s.webviewBytes < 400 * 1024 });
  t.push({ name: '.vsix', value: s.vsixBytes === null ? 'n/a' : kb(s.vsixBytes), target: '< 1 MB', met: s.vsixBytes === null ? null : s.vsixBytes < 1024 * 1024 });
  return t;
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load average ${m.loadStart.toFixed(1)} at start, ${m.loadEnd.toFixed(1)} at end`;
}

export function targetsTable(targets: Target[]): string {
  const mark = (met: boolean | null) => (met === null ? '–' : met ? '✅ met' : '❌ missed');
  return table(
    ['Measure', 'Result', 'Target', 'Verdict'],
    targets.map((t) => [t.name, t.note ? `${t.value} (${t.note})` : t.value, t.target, mark(t.met)]),
  );
}

export function markdownReport(r: BenchResults): string {
  const out: string[] = [];
  out.push('# Benchmark results', '');
  out.push(`Run ${r.date} by \`npm run bench\` in ${Math.round(r.durationSeconds)} s on: ${machineLine(r.machine)}.`, '');
  out.push('Medians over several runs; ratios compare runs made in the same process, interleaved. Other work on the machine (see the load average) makes absolute times noisy.', '');
  if (r.errors.length) out.push('**Parts that failed:**', '', ...r.errors.map((e) => `- ${e}`), '');
  out.push('## Targets', '', targetsTable(r.targets), '');

  const c = r.client;
  if (c) {
    out.push('## 1. Streaming client', '');
    out.push(`One completion of ${c.chunks.toLocaleString('en-US')} chunks (${kb(c.bodyBytes)} of SSE, realistic chunk JSON with accents, CJK and emoji), sent by a loopback server in another process in ${c.serverWrites} writes cut at awkward byte boundaries. ${c.rounds} measured rounds after 2 warm-up rounds; every client must assemble the exact text.`, '');
    out.push(
      table(
        ['Client', 'Chunks/s', 'Wall (median)', 'CPU (median)'],
        c.clients.map((k) => [k.label, k.chunksPerSecond.toLocaleString('en-US'), ms(k.medianWallMs), ms(k.medianCpuMs)]),
      ),
      '',
    );
    out.push(`Time ratios, median of the per-round ratios (lower is better): product / baseline wall ${x(c.ratios.productVsBaselineWall)}, CPU ${x(c.ratios.productVsBaselineCpu)}; product / openai SDK wall ${x(c.ratios.productVsOpenaiWall)}, CPU ${x(c.ratios.productVsOpenaiCpu)}. Wall time includes time the process waited for a core, so on a busy machine the CPU ratio is the steadier one.`, '');
  }

  const v = r.vscode;
  if (v?.render) {
    out.push(`## 2. Rendering a ${v.render.tokens.toLocaleString('en-US')}-token answer in the chat view`, '');
    out.push(`Real VS Code ${v.vscodeVersion} (code-server) in Chromium. The simulator streams Markdown with code blocks, tables and lists, one token per SSE chunk, as fast as it can ("max") or paced at ~5,000 tokens/s. Lag: from the last byte leaving the timing proxy in front of the simulator to the frame that drew the last token having been painted ("to message": until the host's message with the last token reached the webview's frame). Long tasks: PerformanceObserver('longtask') in the webview frame (the webview shares its main thread with the workbench, so workbench tasks count too). "naive" re-parses and re-renders the whole message with the same markdown-it + DOMPurify renderer on every delta (bench/webview/naive.ts), injected into the same webview frame.`, '');
    const withFloor = v.render.summary.some((s) => s.medianLagOverFloorMs !== undefined);
    out.push(
      table(
        ['Renderer', 'Pace', 'Stream tokens/s', 'Lag to paint', ...(withFloor ? ['Lag to paint − floor'] : []), 'Lag to DOM', 'Lag to message', 'Long tasks', 'Long-task total', 'Longest task'],
        v.render.summary.map((s) => [
          s.renderer,
          s.pace,
          s.streamTokensPerSecond.toLocaleString('en-US'),
          ms(s.medianPaintLagMs),
          ...(withFloor ? [ms1(s.medianLagOverFloorMs)] : []),
          ms(s.medianDomLagMs),
          ms(s.medianMessageLagMs ?? Number.NaN),
          String(s.medianLongTasks),
          ms(s.medianLongTaskTotalMs),
          ms(s.maxLongestTaskMs),
        ]),
      ),
      '',
    );
    out.push(`Medians of ${v.render.summary[0]?.runs ?? 0} runs each (longest task: the worst run).${withFloor ? ' "− floor": each run\'s paint lag less the median host → webview trip of the echo batch measured just before it (section 6), median over the runs.' : ''}`, '');
    const sources = v.render.summary.filter((s) => s.longTaskSources && Object.keys(s.longTaskSources).length);
    if (sources.length) {
      out.push(
        `Where the long tasks ran (PerformanceLongTaskTiming name; "self" is the chat webview's own frame, an "ancestor" is the workbench around it): ${sources
          .map((s) => `${s.renderer} ${s.pace}: ${Object.entries(s.longTaskSources).map(([n, c]) => `${n} ×${c}`).join(', ')}`)
          .join('; ')}.`,
        '',
      );
    }
  }
  const so = v?.storeOpen;
  if (so) {
    const empty = v?.floor?.emptyOpen;
    out.push(`## 3. Opening a stored ${so.messages.toLocaleString('en-US')}-message conversation`, '');
    out.push(
      `Written in the product's store format (${kb(so.fileBytes)}), window reloaded with the Explorer showing, then a click on the Venice activity-bar icon; all times from that click. First paint: the first message painted in a frame VS Code shows (it keeps a webview's page hidden until its load event, style sheets, scripts and fonts in, or for 200 ms), whichever comes later. Medians of ${so.runs ?? 1} opening${(so.runs ?? 1) === 1 ? '' : 's'} (longest task: the worst).${empty ? ` The empty view (section 6) is opened the same way, by the same code, alternating with the conversation: a webview view in its own activity-bar container whose script draws one article and asks its host for nothing.` : ''}`,
      '',
    );
    const row = (name: string, o: ViewOpenTimes) => [name, ms(o.webviewDocumentMs), ms(o.stateMessageMs), ms(o.firstPaintMs), ms(o.interactiveMs), ms(o.allDrawnMs), String(o.longTasks), ms(o.longestTaskMs)];
    out.push(
      table(
        ['View', 'Webview document created', 'State message arrived', 'First paint (newest messages)', 'Interactive (no long task left)', `Drawn without scrolling (the newest ${EAGER_MESSAGES} or all)`, 'Long tasks', 'Longest task'],
        [row(`Venice chat, ${so.messages.toLocaleString('en-US')} messages`, so), ...(empty ? [row('empty view (floor)', empty)] : [])],
      ),
      '',
    );
    if (empty) out.push(`Interactive, 2,000 messages over empty view: ${x(so.interactiveMs / empty.interactiveMs)} of the medians; per alternation ${(v?.floor?.openRatios ?? []).map(x).join(', ')}.`, '');
  }
  if (v?.longChat) out.push(...longChatSection(v.longChat));
  out.push(...terminalSection(v?.terminal));
  if (v?.completions) out.push(...completionsSection(v.completions));
  if (v) {
    const a = v.activation;
    out.push('## 4. Activation and size', '');
    if (a) out.push(...activationSection(a));
    else out.push('Activation not measured in this run (BENCH_VSCODE_SKIP).', '');
  }
  out.push(
    table(
      ['File', 'Minified size'],
      [...Object.entries(r.sizes.files).map(([f, n]) => [f, kb(n)]), ['.vsix (npm run package)', r.sizes.vsixBytes === null ? 'n/a' : kb(r.sizes.vsixBytes)]],
    ),
    '',
  );
  const m = v?.memory;
  if (m) {
    out.push(`## 5. Memory over ${m.samples[m.samples.length - 1]?.chats ?? 0} chats`, '');
    out.push(`Each chat: a new conversation, a ~600-token answer of Markdown and code, sent through the chat input. Host: used heap of the extension host after a forced GC (median of 3). Webview: used JS heap of the renderer process after a forced GC (${m.webviewProcess}).`, '');
    out.push(
      table(
        ['After', 'Extension host heap', 'Webview renderer heap', 'Webview DOM nodes'],
        m.samples.map((s) => [`${s.chats} chat${s.chats === 1 ? '' : 's'}`, `${s.hostHeapMb} MB`, `${s.webviewHeapMb} MB`, String(s.webviewDomNodes)]),
      ),
      '',
    );
  }
  out.push(...largeWorkspaceSections(r));
  out.push(...cacheSection(r.cache));
  const f = v?.floor;
  if (f && (f.renderTrip || f.openTrip)) {
    out.push('## 6. Transport floor', '');
    out.push(
      `A bench-only extension (bench/floor-extension, installed beside Venice in this session, never shipped) has a webview view in the panel; before each rendering run and each opening the host posts ${f.samplesPerBatch} time-stamped messages to it one after the other (15–25 ms apart, after one warm-up), the webview answers each with its arrival time, and the host notes the answer. One way: the webview's Date.now() at arrival less the host's at posting (the clock pair the render lag is measured with; both processes read the same system clock). Round trip: the host's own clock. The floor in the targets is the one-way median of the batches taken between the renderings.`,
      '',
    );
    const tripRow = (name: string, t: TripSummary | undefined) => (t ? [[name, String(t.samples), ms1(t.oneWayMedianMs), ms1(t.oneWayP90Ms), ms1(t.roundTripMedianMs), ms1(t.roundTripP90Ms), ms1(t.roundTripMedianMs / 2)]] : []);
    out.push(
      table(
        ['Echoes taken', 'Samples', 'One way, median', 'One way, p90', 'Round trip, median', 'Round trip, p90', 'Half the round trip'],
        [...tripRow('between the renderings', f.renderTrip), ...tripRow('between the openings', f.openTrip)],
      ),
      '',
    );
  }
  return out.join('\n');
}
