// Part of the VS Code session (issue 14's benchmark): a command that writes 50 MB of output, run by
// run_command from the chat after a click on the card's Apply, its output streaming into the tool
// card. Measured while it runs: the chat webview's long tasks (PerformanceObserver 'longtask' in its
// frame), the extension host's event-loop delay (perf_hooks.monitorEventLoopDelay: the longest time
// the host's main thread was busy, to 10 ms resolution) and its peak RSS (sampled every 100 ms in the
// host), and what reached the model (the tail, the count of characters cut). Once as a child process
// and once in the "Venice" terminal (shell integration warmed up first; when it does not answer, the
// run says it fell back to a child process).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CDPSession, Frame } from 'playwright-core';
import type { Simulator } from '../../test/fixtures/simulator';
import { warmShellIntegration } from '../../test/harness/terminal';
import type { VSCodeSession } from '../../test/harness/vscode';
import { longestBusyStretch, ownShare, selfTimeByScript, type CpuProfile } from '../lib/cpuProfile';
import { round } from '../lib/stats';
import { answerFinished, chatDocument, command, evalIn, newChat, send, until } from './session';

export const FLOOD_MB = Number(process.env.BENCH_TERMINAL_MB ?? 50);

export interface TerminalRun {
  /** Where it was asked to run, and where it did (the report says "a child process" or "the "Venice" terminal"). */
  asked: 'process' | 'terminal' | 'floor' | 'floor-si';
  ranIn: 'process' | 'terminal' | 'plain terminal' | 'unknown';
  megabytes: number;
  /** Apply clicked → the answer finished (the floors: the command typed → its exit code written). */
  durationMs: number;
  /** Shell integration's start → end of the command itself (absent without shell integration). */
  commandMs?: number;
  webviewLongTasks: number;
  webviewLongestTaskMs: number;
  /** Of those, the longest the webview's own document caused (longtask name "self"); the rest ran in the workbench sharing its thread. */
  webviewSelfLongestTaskMs: number;
  /** The workbench page's longest task (xterm parsing and drawing the terminal, VS Code's own). */
  workbenchLongestTaskMs: number;
  /** The extension host's event loop: longest delay and the 99th percentile (ms). */
  hostLoopMaxMs: number;
  hostLoopP99Ms: number;
  hostRssBeforeMb: number;
  hostRssPeakMb: number;
  /** Characters the model got (the kept tail) and the total the command wrote. */
  resultChars: number;
  totalChars: number | null;
  exitOk: boolean;
}

/**
 * Node writes `mb` MiB of 'x' lines, waiting for drain, then "THE END". With "!" in it the runner
 * always uses a child process (bash history expansion); without, the terminal when it can.
 */
function floodCommand(mb: number, viaProcess: boolean): string {
  const full = viaProcess ? '!process.stdout.write(b)' : 'process.stdout.write(b)===false';
  return `node -e "const b=Buffer.alloc(1<<20,120);b[b.length-1]=10;let i=0;(function w(){while(i<${mb}){i++;if(${full})return process.stdout.once('drain',w)}process.stdout.write('THE END\\\\n')})()"`;
}

const HOST_START = `
  const { monitorEventLoopDelay } = require('perf_hooks');
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const s = { h, peak: process.memoryUsage().rss, before: process.memoryUsage().rss };
  s.timer = setInterval(() => { s.peak = Math.max(s.peak, process.memoryUsage.rss()); }, 100);
  globalThis.__veniceTerminalBench = s;
  // When the shell reports the command's start and end: the command's own time, without the terminal's
  // creation, the approval or the model's answer around it (shell integration only; none for /bin/sh).
  s.exec = [];
  s.subs = [
    vscode.window.onDidStartTerminalShellExecution(() => s.exec.push({ kind: 'start', at: Date.now() })),
    vscode.window.onDidEndTerminalShellExecution(() => s.exec.push({ kind: 'end', at: Date.now() })),
  ];
  if (args && args.profile) {
    const ses = new (require('inspector').Session)();
    ses.connect();
    const post = (m, p) => new Promise((r, j) => ses.post(m, p || {}, (e, v) => (e ? j(e) : r(v))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
    s.profile = { ses, post };
  }
`;
const HOST_STOP = `
  const s = globalThis.__veniceTerminalBench;
  clearInterval(s.timer);
  for (const sub of s.subs) sub.dispose();
  const start = s.exec.find((e) => e.kind === 'start');
  const end = [...s.exec].reverse().find((e) => e.kind === 'end');
  const commandMs = start && end && end.at > start.at ? end.at - start.at : undefined;
  s.h.disable();
  delete globalThis.__veniceTerminalBench;
  let profile;
  if (s.profile) {
    profile = (await s.profile.post('Profiler.stop')).profile;
    s.profile.ses.disconnect();
  }
  return { maxMs: s.h.max / 1e6, p99Ms: s.h.percentile(99) / 1e6, before: s.before, peak: s.peak, profile, commandMs };
`;

/** Long tasks seen by a document: all of them, and those its own code caused (entry name "self"). */
const LONG_START = `(() => {
  const w = window; w.__termLong = { n: 0, max: 0, self: 0 };
  w.__termObs?.disconnect();
  w.__termObs = new PerformanceObserver((list) => { for (const e of list.getEntries()) { w.__termLong.n++; w.__termLong.max = Math.max(w.__termLong.max, e.duration); if (e.name === 'self') w.__termLong.self = Math.max(w.__termLong.self, e.duration); } });
  w.__termObs.observe({ type: 'longtask' });
})()`;
const LONG_STOP = '(() => { window.__termObs?.disconnect(); return window.__termLong; })()';
type LongTasks = { n: number; max: number; self: number };

type HostLoop = { maxMs: number; p99Ms: number; before: number; peak: number; profile?: CpuProfile; commandMs?: number };
/** BENCH_TERMINAL_PROFILE=1: a CPU profile of the extension host during each run; its longest busy stretch is logged. */
const PROFILE = process.env.BENCH_TERMINAL_PROFILE === '1';
type Measured = Pick<TerminalRun, 'commandMs' | 'webviewLongTasks' | 'webviewLongestTaskMs' | 'webviewSelfLongestTaskMs' | 'workbenchLongestTaskMs' | 'hostLoopMaxMs' | 'hostLoopP99Ms' | 'hostRssBeforeMb' | 'hostRssPeakMb'>;

/** The installed extension's scripts (dist/*.js of venice-community.venice-vscode-<version>) in a profile's URLs. */
const OUR_SCRIPT = /venice-community\.venice-vscode[^/]*\/dist\//;
/** BENCH_TERMINAL_REPS=N: the "Venice" terminal run and the floors N times, alternating (load on the machine varies). */
const REPS = Math.max(1, Number(process.env.BENCH_TERMINAL_REPS ?? 1));

/** With BENCH_TERMINAL_PROFILE=1: the renderer's CPU profile (the workbench and, in its process, the chat webview). */
let renderer: CDPSession | undefined;

/** BENCH_TERMINAL_WS=1: the bytes of the workbench's WebSocket frames (to the server, which relays to the pty host and the extension host) during each run. */
const COUNT_WS = process.env.BENCH_TERMINAL_WS === '1';
let ws: { cdp: CDPSession; sent: number; received: number; framesSent: number; framesReceived: number } | undefined;

/** Payload bytes of a frame as CDP reports it (binary frames come base64-encoded). */
const frameBytes = (r: { opcode: number; payloadData: string }) => (r.opcode === 2 ? Math.floor((r.payloadData.length * 3) / 4) : Buffer.byteLength(r.payloadData));

async function startWsCount(vs: VSCodeSession): Promise<void> {
  const cdp = await vs.page.context().newCDPSession(vs.page);
  const count = { cdp, sent: 0, received: 0, framesSent: 0, framesReceived: 0 };
  cdp.on('Network.webSocketFrameSent', (e) => {
    count.sent += frameBytes(e.response);
    count.framesSent++;
  });
  cdp.on('Network.webSocketFrameReceived', (e) => {
    count.received += frameBytes(e.response);
    count.framesReceived++;
  });
  await cdp.send('Network.enable');
  ws = count;
}

async function stopWsCount(log: (m: string) => void): Promise<void> {
  if (!ws) return;
  await ws.cdp.detach();
  log(`terminal: workbench WebSocket frames: sent ${(ws.sent / 1e6).toFixed(1)} MB in ${ws.framesSent}, received ${(ws.received / 1e6).toFixed(1)} MB in ${ws.framesReceived}`);
  ws = undefined;
}

/** Starts watching the webview's and the workbench's long tasks and the host's event loop and memory. */
async function startMeasuring(vs: VSCodeSession, frame: Frame): Promise<void> {
  if (COUNT_WS) await startWsCount(vs);
  await evalIn(frame, LONG_START);
  await evalIn(vs.page.mainFrame(), LONG_START);
  await vs.bridge.run(HOST_START, { profile: PROFILE });
  if (PROFILE) {
    renderer = await vs.page.context().newCDPSession(vs.page);
    await renderer.send('Profiler.enable');
    await renderer.send('Profiler.setSamplingInterval', { interval: 500 });
    await renderer.send('Profiler.start');
  }
}

/** The chat webview's own functions (its script is webview.js) in the renderer's profile, by self time. */
async function stopRendererProfile(log: (m: string) => void): Promise<void> {
  if (!renderer) return;
  const { profile } = (await renderer.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await renderer.detach();
  renderer = undefined;
  const file = path.join(os.tmpdir(), `venice-terminal-renderer-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const busy = longestBusyStretch(profile);
  log(`terminal: renderer CPU profile ${file}; longest stretch without idle ${busy.ms} ms: ${busy.top.map((t) => `${t.fn} ${t.ms} ms`).join(', ')}`);
  log(`terminal: renderer self time by script: ${selfTimeByScript(profile).map((t) => `${t.script} ${t.ms} ms`).join(', ')}`);
}

async function stopMeasuring(vs: VSCodeSession, frame: Frame, log: (m: string) => void): Promise<Measured> {
  const host = await vs.bridge.run<HostLoop>(HOST_STOP);
  await stopWsCount(log);
  await stopRendererProfile(log);
  if (host.profile) {
    const file = path.join(os.tmpdir(), `venice-terminal-host-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(host.profile));
    const busy = longestBusyStretch(host.profile);
    log(`terminal: host CPU profile ${file}; longest busy stretch ${busy.ms} ms: ${busy.top.map((t) => `${t.fn} ${t.ms} ms`).join(', ')}`);
    const own = ownShare(host.profile, (url) => OUR_SCRIPT.test(url));
    log(
      `terminal: host busy stretches ≥ 50 ms: ${own.stretches}; longest ${own.longest.ms} ms (Venice's code on the stack ${own.longest.oursMs} ms, garbage collection ${own.longest.gcMs} ms); the one with most of Venice's: ${own.mostOurs.ms} ms (Venice ${own.mostOurs.oursMs} ms, GC ${own.mostOurs.gcMs} ms); Venice's self time in all ${own.oursSelfMs} ms; host self time by script: ${selfTimeByScript(host.profile).map((t) => `${t.script} ${t.ms} ms`).join(', ')}`,
    );
  }
  const web = await evalIn<LongTasks>(frame, LONG_STOP);
  const workbench = await evalIn<LongTasks>(vs.page.mainFrame(), LONG_STOP);
  return {
    commandMs: host.commandMs,
    webviewLongTasks: web.n,
    webviewLongestTaskMs: round(web.max, 1),
    webviewSelfLongestTaskMs: round(web.self, 1),
    workbenchLongestTaskMs: round(workbench.max, 1),
    hostLoopMaxMs: round(host.maxMs, 1),
    hostLoopP99Ms: round(host.p99Ms, 1),
    hostRssBeforeMb: Math.round(host.before / 1e6),
    hostRssPeakMb: Math.round(host.peak / 1e6),
  };
}

/**
 * The chat view's document as it is now: parts run before this one reload the window and reopen the
 * view (the long-chat openings), which leaves any frame found earlier detached.
 */
async function currentChat(vs: VSCodeSession): Promise<Frame> {
  await command(vs, 'venice.openChat');
  return chatDocument(vs.page);
}

let floodCalls = 0;

const commandNote = (r: TerminalRun) => (r.commandMs === undefined ? '' : ` (the command itself, start → end as the shell reported them: ${(r.commandMs / 1000).toFixed(1)} s)`);

async function oneRun(vs: VSCodeSession, sim: Simulator, asked: TerminalRun['asked'], log: (m: string) => void): Promise<TerminalRun> {
  const frame = await currentChat(vs);
  await newChat(vs, frame);
  const id = `call_flood_${asked}_${++floodCalls}`;
  const command = floodCommand(FLOOD_MB, asked === 'process');
  sim.enqueueChat({ steps: ['Running it.'], toolCalls: [{ id, name: 'run_command', arguments: JSON.stringify({ command, timeoutSeconds: 600 }) }] });
  const from = sim.requests.length;
  await send(frame, `flood ${FLOOD_MB} MB (${asked})`);
  const apply = frame.locator('.approval-card').getByRole('button', { name: 'Apply' }).last();
  await apply.waitFor({ timeout: 60_000 });
  await startMeasuring(vs, frame);
  const t0 = Date.now();
  await apply.click();
  await answerFinished(frame, 600_000);
  const durationMs = Date.now() - t0;
  const measured = await stopMeasuring(vs, frame, log);
  const result = await until(
    'the tool result in the next request',
    async () => {
      for (const r of sim.requests.slice(from)) {
        if (r.method !== 'POST' || r.path !== '/chat/completions') continue;
        const messages = (r.body as { messages?: Array<{ role: string; tool_call_id?: string; content?: unknown }> }).messages ?? [];
        const m = messages.find((x) => x.role === 'tool' && x.tool_call_id === id);
        if (typeof m?.content === 'string') return m.content;
      }
      return undefined;
    },
    10_000,
  );
  const total = /last [\d,]+ of ([\d,]+) characters/.exec(result)?.[1];
  const run: TerminalRun = {
    asked,
    ranIn: /in the "Venice" terminal/.test(result) ? 'terminal' : /in a child process/.test(result) ? 'process' : 'unknown',
    megabytes: FLOOD_MB,
    durationMs,
    ...measured,
    resultChars: result.length,
    totalChars: total ? Number(total.replace(/,/g, '')) : null,
    exitOk: /Result: exit code 0/.test(result) && /THE END/.test(result),
  };
  log(
    `terminal flood ${FLOOD_MB} MB (${asked} → ran in ${run.ranIn}): ${(durationMs / 1000).toFixed(1)} s${commandNote(run)}; webview ${run.webviewLongTasks} long tasks, longest ${run.webviewLongestTaskMs} ms (its own: ${run.webviewSelfLongestTaskMs} ms); workbench longest ${run.workbenchLongestTaskMs} ms; host event loop max ${run.hostLoopMaxMs} ms (p99 ${run.hostLoopP99Ms} ms); host RSS ${run.hostRssBeforeMb} → peak ${run.hostRssPeakMb} MB; model got ${run.resultChars} characters of ${run.totalChars ?? '?'}${run.exitOk ? '' : ' (NOT exit 0 with THE END)'}`,
  );
  return run;
}

/**
 * VS Code alone, the floors: the same command typed into a terminal of the user's (sendText), done
 * when it wrote its exit code to a file. 'floor': /bin/sh, which gets no shell integration, so no
 * execution is reported and nothing of Venice reads it (VS Code's pty → xterm pipeline alone).
 * 'floor-si': the default shell (bash) with shell integration, as a user's own terminal: VS Code
 * also sends the output to the extension host, where only Venice's terminal history reads it (for
 * get_terminal_output); no card, no runner.
 */
async function floorRun(vs: VSCodeSession, log: (m: string) => void, kind: 'floor' | 'floor-si'): Promise<TerminalRun> {
  const frame = await currentChat(vs);
  const marker = path.join(os.tmpdir(), `venice-terminal-${kind}-${process.pid}`);
  rmSync(marker, { force: true });
  const integrated = await vs.bridge.run<boolean>(
    `const t = vscode.window.createTerminal(args.sh ? { name: 'floor', shellPath: '/bin/sh' } : { name: 'floor-si' });
    t.show(true);
    globalThis.__veniceFloorTerminal = t;
    if (args.sh) return false;
    for (let i = 0; i < 600 && !t.shellIntegration; i++) await new Promise((r) => setTimeout(r, 100));
    return !!t.shellIntegration;`,
    { sh: kind === 'floor' },
  );
  if (kind === 'floor-si' && !integrated) log('terminal floor-si: no shell integration within 60 s (measured anyway)');
  await startMeasuring(vs, frame);
  const t0 = Date.now();
  await vs.bridge.run(
    `globalThis.__veniceFloorTerminal.sendText(args.command);`,
    { command: `${floodCommand(FLOOD_MB, false)}; echo $? > ${marker}` },
  );
  await until('the plain terminal to finish', async () => (existsSync(marker) && readFileSync(marker, 'utf8').trim() ? true : undefined), 600_000);
  const durationMs = Date.now() - t0;
  const measured = await stopMeasuring(vs, frame, log);
  const exitOk = readFileSync(marker, 'utf8').trim() === '0';
  rmSync(marker, { force: true });
  await vs.bridge.run('globalThis.__veniceFloorTerminal?.dispose(); delete globalThis.__veniceFloorTerminal;');
  const run: TerminalRun = {
    asked: kind,
    ranIn: 'plain terminal',
    megabytes: FLOOD_MB,
    durationMs,
    ...measured,
    resultChars: 0,
    totalChars: null,
    exitOk,
  };
  log(
    `terminal ${kind}: ${FLOOD_MB} MB in ${kind === 'floor' ? 'a plain /bin/sh terminal (VS Code alone, Venice reads nothing)' : 'a bash terminal with shell integration (no card; Venice\'s history reads it)'}: ${(durationMs / 1000).toFixed(1)} s${commandNote(run)}; workbench longest task ${run.workbenchLongestTaskMs} ms; chat webview sees ${run.webviewLongTasks} long tasks, longest ${run.webviewLongestTaskMs} ms (its own: ${run.webviewSelfLongestTaskMs} ms); host event loop max ${run.hostLoopMaxMs} ms`,
  );
  return run;
}

/** Finds the chat view's current document itself (for each run): a frame handed in by an earlier part may be stale. */
export async function terminalBench(vs: VSCodeSession, sim: Simulator, log: (m: string) => void): Promise<TerminalRun[]> {
  const runs = [await oneRun(vs, sim, 'process', log)];
  const warm = await warmShellIntegration(vs.bridge);
  log(`terminal: shell integration ${warm ? 'answered' : 'did not answer within 60 s'} in a warm-up terminal`);
  for (let i = 0; i < REPS; i++) {
    runs.push(await oneRun(vs, sim, 'terminal', log));
    if (process.env.BENCH_TERMINAL_FLOOR !== '0') {
      runs.push(await floorRun(vs, log, 'floor'));
      runs.push(await floorRun(vs, log, 'floor-si'));
    }
  }
  return runs;
}
