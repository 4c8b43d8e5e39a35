// Part 9 of `npm run bench`: inline completions in the real editor, against the simulator with zero
// model latency (through the timing proxy).
//  - Extension overhead per completion, two halves: "pause → request sent" from VS Code asking the
//    providers (a probe provider registered by the test bridge in the same extension host is asked
//    at the same moment as Venice's) to the request reaching the proxy, with venice.completions.
//    debounceMs 0 so the deliberate wait is not counted; and "response end → ghost text shown" from
//    the last byte leaving the proxy to the ghost text being in the editor's DOM (a MutationObserver
//    in the workbench page). Each sample types one key after a fresh prefix, so no cache hit.
//  - Requests per 100 typed characters: a ~650-character TypeScript function typed key by key at a
//    human pace (seeded: ~150 ms between keys, pauses after some words and most lines), with the
//    default debounce. The simulated model predicts the rest of the line correctly on every other
//    line and guesses wrong on the others; typing along a right guess is served from the cache.
// The suggest widget is off (quick suggestions, trigger characters) and nothing auto-closes or
// auto-indents, so the keys typed are exactly the text; BENCH_COMPLETION_SAMPLES sets part one's samples,
// BENCH_COMPLETION_TYPING=0 leaves part two out.
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChatRequestView, ChatScript } from '../../test/fixtures/simulator';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, prng, round, sleep } from '../lib/stats';
import { armGhostProbe, FLOOR_PATH, installProbes, probeState, removeProbes } from './completionsProbe';
import type { Exchange, TimingProxy } from './proxy';
import { until } from './session';

export interface CompletionsBench {
  samples: number;
  /** VS Code asks the providers → the request reaches the server (ms). */
  requestSent: Percentiles;
  /** The answer's last byte leaves the server → the ghost text is in the DOM (ms). */
  ghostShown: Percentiles;
  /** The extension's own part: its provider called → request at the server; last byte → items returned. */
  extension: { requestSent: Percentiles; ghostShown: Percentiles };
  /** VS Code's part: the probe asked → Venice's provider called; items returned → ghost text in the DOM. */
  vscode: { ask: Percentiles; render: Percentiles };
  /** A constant provider in the same run: called → a bare request at the server; item returned → ghost text. */
  floor: { samples: number; requestSent: Percentiles; ghostShown: Percentiles };
  /** Venice's steps one by one (from its completion trace and the proxy). */
  steps: Record<string, Percentiles>;
  /** Samples left out: no provider call seen before the request, or no ghost text within 8 s. */
  discarded: number;
  /** Samples where VS Code asked twice for one key (the first request cancelled; the second is measured). */
  repeated: number;
  /** 1-minute load average when the part started (the machine is shared). */
  loadAverage: number;
  /** Absent with BENCH_COMPLETION_TYPING=0. */
  typing?: {
    characters: number;
    seconds: number;
    requests: number;
    /** Requests whose connection closed before the answer ended (a keystroke cancelled them). */
    cancelled: number;
    requestsPer100Chars: number;
    debounceMs: number;
  };
}

export interface Percentiles {
  p50: number;
  p95: number;
  max: number;
}

const SAMPLES = Number(process.env.BENCH_COMPLETION_SAMPLES ?? 40);
/** BENCH_COMPLETION_TYPING=0 leaves out part two (the typing run), for quicker runs on part one. */
const TYPING = process.env.BENCH_COMPLETION_TYPING !== '0';
const DEFAULT_DEBOUNCE_MS = 250;
const EDITOR_SETTINGS: Record<string, unknown> = {
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingOvertype': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
};

/** What the simulator answers to completion requests while this part runs (set per phase). */
let answer: ((prefix: string) => string) | undefined;

/** The simulator's default chat while the bench runs: completion requests get `answer`, others the echo. */
export function completionAnswerer(req: ChatRequestView): ChatScript | undefined {
  if (!answer) return undefined;
  const user = req.messages.find((m) => m.role === 'user');
  const text = typeof user?.content === 'string' ? user.content : '';
  const at = text.lastIndexOf('<file>\n');
  const hole = text.indexOf('<FILL_HERE>', at);
  if (at < 0 || hole < 0) return undefined;
  return { steps: [answer(text.slice(at + '<file>\n'.length, hole))] };
}

function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
  return { p50: round(median(s), 1), p95: round(at(0.95), 1), max: round(s[s.length - 1] ?? Number.NaN, 1) };
}

async function setSetting(vs: VSCodeSession, key: string, value: unknown): Promise<void> {
  await vs.bridge.run('await vscode.workspace.getConfiguration().update(args.key, args.value, vscode.ConfigurationTarget.Global); return true', { key, value });
}

async function openAtEnd(vs: VSCodeSession, file: string, text: string): Promise<void> {
  writeFileSync(file, text);
  await vs.bridge.run(
    `const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(args.file));
     const editor = await vscode.window.showTextDocument(doc, { preview: false });
     const end = doc.lineAt(doc.lineCount - 1).range.end;
     editor.selection = new vscode.Selection(end, end);
     await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
     return true;`,
    { file },
  );
  await vs.page.locator('.monaco-editor.focused').first().waitFor({ timeout: 10_000 });
}

/** Appends `line` at the end of the document (a programmatic edit) and puts the cursor after it. */
async function appendLine(vs: VSCodeSession, line: string): Promise<void> {
  await vs.bridge.run(
    `const editor = vscode.window.activeTextEditor;
     const doc = editor.document;
     const end = doc.lineAt(doc.lineCount - 1).range.end;
     await editor.edit((b) => b.insert(end, args.line), { undoStopBefore: false, undoStopAfter: false });
     const after = doc.lineAt(doc.lineCount - 1).range.end;
     editor.selection = new vscode.Selection(after, after);
     return true;`,
    { line },
  );
}

function chatExchanges(proxy: TimingProxy, from: number): Exchange[] {
  return proxy.exchanges.slice(from).filter((e) => e.path.includes('/chat/completions'));
}

/** The floor sample (the constant provider in floor.js) or Venice's sample i; undefined when left out. */
async function sample(vs: VSCodeSession, proxy: TimingProxy, file: string, variable: string): Promise<{ ghostAt: number; fromExchange: number; probesBefore: number } | undefined> {
  await showAtEnd(vs, file);
  await vs.page.keyboard.press('Escape');
  await appendLine(vs, `\n  const ${variable} = `);
  await sleep(150); // let anything the programmatic edit started settle
  await vs.page.evaluate(armGhostProbe(`oo(${variable});`));
  const fromExchange = proxy.exchanges.length;
  const probesBefore = (await probeState(vs)).calls.length;
  await vs.page.keyboard.type('f');
  // A sample whose ghost text never shows is counted, not fatal (the shared machine can stall a window).
  const ghostAt = await until('the ghost text', () => vs.page.evaluate('window.__veniceGhost.seenAt || undefined') as Promise<number | undefined>, 8_000, 5).catch(() => undefined);
  return ghostAt === undefined ? undefined : { ghostAt, fromExchange, probesBefore };
}

async function showAtEnd(vs: VSCodeSession, file: string): Promise<void> {
  await vs.bridge.run(
    `const active = vscode.window.activeTextEditor;
     if (active?.document.uri.fsPath === args.file) return true;
     const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === args.file);
     const editor = await vscode.window.showTextDocument(doc, { preview: false });
     const end = doc.lineAt(doc.lineCount - 1).range.end;
     editor.selection = new vscode.Selection(end, end);
     return true;`,
    { file },
  );
  await vs.page.locator('.monaco-editor.focused').first().waitFor({ timeout: 10_000 });
}

async function overheadSamples(vs: VSCodeSession, proxy: TimingProxy, dir: string, log: (m: string) => void): Promise<Omit<CompletionsBench, 'typing'>> {
  await setSetting(vs, 'venice.completions.debounceMs', 0);
  // The floor's file is JavaScript; Venice is off for it, so only the constant provider answers there.
  await setSetting(vs, 'venice.completions.disabledLanguages', ['javascript']);
  // Each answer names its sample's variable, so the ghost text of one sample is never taken for another's.
  answer = (prefix) => `oo(${/const (value\d+) = f$/.exec(prefix)?.[1] ?? 'none'});`;
  const body = (lang: string) => Array.from({ length: 120 }, (_, i) => `export function step${i}(input${lang}) {\n  return input.reduce((sum, x) => sum + x * ${i}, 0);\n}\n`).join('\n');
  const floorFile = path.join(dir, 'floor.js');
  const productFile = path.join(dir, 'overhead.ts');
  await openAtEnd(vs, floorFile, `${body('')}\nexport function run() {\n`);
  await openAtEnd(vs, productFile, `${body(': number[]): number')}\nexport function run() {\n`);
  await installProbes(vs, proxy.url);
  const totalSent: number[] = [];
  const totalShown: number[] = [];
  const extSent: number[] = [];
  const extShown: number[] = [];
  const vscodeAsk: number[] = [];
  const vscodeRender: number[] = [];
  const floorSent: number[] = [];
  const floorShown: number[] = [];
  const steps: Record<string, number[]> = {};
  const step = (name: string, v: number | undefined) => v !== undefined && Number.isFinite(v) && (steps[name] ??= []).push(v);
  let discarded = 0;
  let repeated = 0;
  let newConnections = 0;
  const load = os.loadavg()[0];
  for (let i = 0; i < SAMPLES + 3; i++) {
    const warm = i < 3; // the engine's chunk loads and the model is resolved on the first ones
    // The floor: a provider that costs nothing, in the same window just before each Venice sample.
    const f = await sample(vs, proxy, floorFile, `floor${i}`);
    if (f && !warm) {
      const st = await probeState(vs);
      const call = st.floor.filter((c) => c.name === `floor${i}` && c.returnedAt <= f.ghostAt).pop();
      const ex = call && proxy.exchanges.slice(f.fromExchange).find((e) => e.path.endsWith(`${FLOOR_PATH}?n=floor${i}&k=${st.floor.indexOf(call)}`));
      if (call) floorShown.push(f.ghostAt - call.returnedAt);
      if (call && ex) floorSent.push(ex.startedAt - call.calledAt);
    }
    const s = await sample(vs, proxy, productFile, `value${i}`);
    if (!s) {
      if (!warm) discarded++;
      continue;
    }
    // The answer shown is the last request's (VS Code may ask twice for one key: the first is cancelled).
    const ex = await until('the exchange', async () => chatExchanges(proxy, s.fromExchange).filter((e) => e.lastByteAt > 0).pop(), 5_000, 5);
    const st = await probeState(vs);
    const calls = st.calls.slice(s.probesBefore).filter((t) => t <= ex.startedAt + 1);
    const trace = st.traces.filter((t) => t.outcome === 'shown' && t.text === `oo(value${i});` && (t.marks.called ?? Infinity) <= ex.startedAt + 1).pop();
    if (warm) continue;
    if (chatExchanges(proxy, s.fromExchange).length > 1) repeated++;
    if (!calls.length || !trace) {
      discarded++;
      continue;
    }
    const m = trace.marks;
    const asked = calls[calls.length - 1];
    totalSent.push(ex.startedAt - asked);
    totalShown.push(s.ghostAt - ex.lastByteAt);
    if (m.called !== undefined) {
      extSent.push(ex.startedAt - m.called);
      vscodeAsk.push(m.called - asked);
    }
    if (m.returned !== undefined) {
      extShown.push(m.returned - ex.lastByteAt);
      vscodeRender.push(s.ghostAt - m.returned);
    }
    const d = (a?: number, b?: number) => (a !== undefined && b !== undefined ? b - a : undefined);
    step('called → debounced', d(m.called, m.debounced));
    step('debounced → prompt built', d(m.debounced, m.prompt));
    step('prompt built → request started', d(m.prompt, m.send));
    step('request started → at the server', d(m.send, ex.startedAt));
    const within = st.undici.filter((e) => e.at >= (m.send ?? Infinity) && e.at <= (m.returned ?? -Infinity));
    const at = (name: string) => within.find((e) => e.name === name)?.at;
    if (at('client:beforeConnect') !== undefined) newConnections++;
    step('request started → undici request created', d(m.send, at('request:create')));
    step('undici request created → headers written', d(at('request:create'), at('client:sendHeaders')));
    step('headers written → body written', d(at('client:sendHeaders'), at('request:bodySent')));
    step('headers written → at the server', d(at('client:sendHeaders'), ex.startedAt));
    step('last byte sent → undici response complete', d(ex.lastByteAt, at('request:trailers')));
    step('first byte sent → first text read', d(ex.firstByteAt, m.firstText));
    step('last byte sent → answer read (its finish event)', d(ex.lastByteAt, m.streamEnd));
    step('answer read → items returned', d(m.streamEnd, m.returned));
  }
  await vs.page.keyboard.press('Escape');
  await removeProbes(vs);
  await vs.bridge.run(
    `for (const file of args.files) {
       const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
       if (!doc) continue;
       await vscode.window.showTextDocument(doc, { preview: false });
       await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
     }
     return true;`,
    { files: [floorFile, productFile] },
  );
  const result: Omit<CompletionsBench, 'typing'> = {
    samples: totalSent.length,
    requestSent: percentiles(totalSent),
    ghostShown: percentiles(totalShown),
    extension: { requestSent: percentiles(extSent), ghostShown: percentiles(extShown) },
    vscode: { ask: percentiles(vscodeAsk), render: percentiles(vscodeRender) },
    floor: { samples: floorShown.length, requestSent: percentiles(floorSent), ghostShown: percentiles(floorShown) },
    steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, percentiles(v)])),
    discarded,
    repeated,
    loadAverage: round(load, 1),
  };
  const p = (x: Percentiles) => `p50 ${x.p50} ms, p95 ${x.p95} ms`;
  log(`completions: pause → request sent ${p(result.requestSent)} (Venice's part, its provider called → request at the server: ${p(result.extension.requestSent)}; floor, a bare request from a constant provider: ${p(result.floor.requestSent)})`);
  log(`completions: response end → ghost text ${p(result.ghostShown)} (Venice's part, last byte → items returned: ${p(result.extension.ghostShown)}; VS Code, items returned → ghost text: ${p(result.vscode.render)}; floor, a constant provider's item → ghost text: ${p(result.floor.ghostShown)})`);
  log(`completions: steps ${Object.entries(result.steps).map(([k, v]) => `${k} ${p(v)}`).join('; ')}`);
  log(`completions: ${result.samples} samples, ${discarded} left out, ${repeated} with a second request, ${newConnections} on a new connection, ${result.floor.samples} floor samples; load average ${result.loadAverage}`);
  return result;
}

/** The text typed in part two: an ordinary function, indented with spaces. */
const TYPED = [
  'export function summarize(orders: Order[], currency: string): Summary {',
  '  const paid = orders.filter((order) => order.status === "paid");',
  '  const total = paid.reduce((sum, order) => sum + order.amount, 0);',
  '  const largest = paid.reduce((max, order) => Math.max(max, order.amount), 0);',
  '  const customers = new Set(paid.map((order) => order.customerId));',
  '  const average = paid.length ? total / paid.length : 0;',
  '  return {',
  '    count: paid.length,',
  '    total: formatMoney(total, currency),',
  '    average: formatMoney(average, currency),',
  '    largest: formatMoney(largest, currency),',
  '    customers: customers.size,',
  '  };',
  '}',
].join('\n');

/** The simulated model: the rest of the line, right on even lines, a wrong guess on odd ones. */
function oracle(prefix: string): string {
  if (!TYPED.startsWith(prefix)) return 'unknown();';
  const line = prefix.split('\n').length - 1;
  const eol = TYPED.indexOf('\n', prefix.length);
  const rest = TYPED.slice(prefix.length, eol < 0 ? TYPED.length : eol);
  if (!rest.trim()) return '';
  return line % 2 === 0 ? rest : 'console.log(result);';
}

async function typingRun(vs: VSCodeSession, proxy: TimingProxy, dir: string, log: (m: string) => void): Promise<NonNullable<CompletionsBench['typing']>> {
  await setSetting(vs, 'venice.completions.debounceMs', undefined);
  answer = oracle;
  await openAtEnd(vs, path.join(dir, 'typing.ts'), '');
  const random = prng(17);
  const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
  const from = proxy.exchanges.length;
  const t0 = Date.now();
  for (let i = 0; i < TYPED.length; i++) {
    const ch = TYPED[i];
    if (ch === '\n') await vs.page.keyboard.press('Enter');
    else await vs.page.keyboard.type(ch);
    let wait = Math.exp(Math.log(150) + 0.35 * gauss());
    if (ch === ' ' && random() < 0.15) wait += 300 + 500 * random();
    if (ch === '\n' && random() < 0.7) wait += 400 + 800 * random();
    await sleep(wait);
  }
  const seconds = (Date.now() - t0) / 1000;
  await sleep(1_000);
  const got = await vs.bridge.run<string>('return vscode.window.activeTextEditor?.document.getText() ?? ""');
  if (got !== TYPED) log(`completions: warning, the typed text differs from the script (${got.length} vs ${TYPED.length} characters)`);
  const exchanges = chatExchanges(proxy, from);
  const cancelled = exchanges.filter((e) => e.lastByteAt === 0).length;
  const typing = { characters: TYPED.length, seconds: round(seconds, 1), requests: exchanges.length, cancelled, requestsPer100Chars: round((exchanges.length / TYPED.length) * 100, 1), debounceMs: DEFAULT_DEBOUNCE_MS };
  log(`completions: ${typing.requests} requests (${cancelled} cancelled by typing) for ${typing.characters} characters typed in ${typing.seconds} s = ${typing.requestsPer100Chars} per 100 characters`);
  return typing;
}

export async function completionsBench(vs: VSCodeSession, proxy: TimingProxy, log: (m: string) => void): Promise<CompletionsBench> {
  for (const [k, v] of Object.entries(EDITOR_SETTINGS)) await setSetting(vs, k, v);
  await setSetting(vs, 'venice.completions.enabled', true);
  const dir = await vs.bridge.run<string>('return vscode.workspace.workspaceFolders[0].uri.fsPath');
  try {
    const overhead = await overheadSamples(vs, proxy, dir, log);
    await vs.bridge.run(`await vscode.commands.executeCommand('workbench.action.closeAllEditors'); return true`);
    const typing = TYPING ? await typingRun(vs, proxy, dir, log) : undefined;
    return { ...overhead, typing };
  } finally {
    answer = undefined;
    await removeProbes(vs);
    await vs.bridge.run(`await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); await vscode.commands.executeCommand('workbench.action.closeAllEditors'); return true`);
    await setSetting(vs, 'venice.completions.enabled', false);
    await setSetting(vs, 'venice.completions.debounceMs', undefined);
    await setSetting(vs, 'venice.completions.disabledLanguages', undefined);
    for (const k of Object.keys(EDITOR_SETTINGS)) await setSetting(vs, k, undefined);
  }
}
