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
// auto-indents, so the keys typed are exactly the text; BENCH_COMPLETION_SAMPLES sets part one's samples.
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChatRequestView, ChatScript } from '../../test/fixtures/simulator';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, prng, round, sleep } from '../lib/stats';
import type { Exchange, TimingProxy } from './proxy';
import { until } from './session';

export interface CompletionsBench {
  samples: number;
  /** VS Code asks the providers → the request reaches the server (ms). */
  requestSent: Percentiles;
  /** The answer's last byte leaves the server → the ghost text is in the DOM (ms). */
  ghostShown: Percentiles;
  /** Samples left out: no provider call seen before the request, or no ghost text within 8 s. */
  discarded: number;
  /** Samples where VS Code asked twice for one key (the first request cancelled; the second is measured). */
  repeated: number;
  /** 1-minute load average when the part started (the machine is shared). */
  loadAverage: number;
  typing: {
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

/** Arms the page's watch for ghost text containing `expect` (a MutationObserver, installed once). */
function armGhostProbe(expect: string): string {
  return `(() => {
  const w = window;
  if (!w.__veniceGhost) {
    const state = { seenAt: 0, expect: '' };
    w.__veniceGhost = state;
    new MutationObserver(() => {
      if (state.seenAt || !state.expect) return;
      const els = document.querySelectorAll('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
      let text = '';
      for (const el of els) text += el.textContent ?? '';
      if (text.includes(state.expect)) state.seenAt = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }
  w.__veniceGhost.seenAt = 0;
  w.__veniceGhost.expect = ${JSON.stringify(expect)};
})()`;
}

async function installProbe(vs: VSCodeSession): Promise<void> {
  await vs.bridge.run(`
    globalThis.__veniceProbe?.dispose();
    const calls = [];
    const reg = vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, {
      provideInlineCompletionItems() { calls.push(performance.timeOrigin + performance.now()); return undefined; },
    });
    globalThis.__veniceProbe = { calls, dispose: () => reg.dispose() };
    return true;`);
}

async function probeCalls(vs: VSCodeSession): Promise<number[]> {
  return vs.bridge.run<number[]>('return globalThis.__veniceProbe?.calls ?? []');
}

function chatExchanges(proxy: TimingProxy, from: number): Exchange[] {
  return proxy.exchanges.slice(from).filter((e) => e.path.includes('/chat/completions'));
}

async function overheadSamples(vs: VSCodeSession, proxy: TimingProxy, dir: string, log: (m: string) => void): Promise<Pick<CompletionsBench, 'samples' | 'requestSent' | 'ghostShown' | 'discarded' | 'repeated' | 'loadAverage'>> {
  await setSetting(vs, 'venice.completions.debounceMs', 0);
  // Each answer names its sample's variable, so the ghost text of one sample is never taken for another's.
  answer = (prefix) => `oo(${/const (value\d+) = f$/.exec(prefix)?.[1] ?? 'none'});`;
  const base = Array.from({ length: 120 }, (_, i) => `export function step${i}(input: number[]): number {\n  return input.reduce((sum, x) => sum + x * ${i}, 0);\n}\n`).join('\n');
  await openAtEnd(vs, path.join(dir, 'overhead.ts'), `${base}\nexport function run() {\n`);
  await installProbe(vs);
  const sent: number[] = [];
  const shown: number[] = [];
  let discarded = 0;
  let repeated = 0;
  const load = os.loadavg()[0];
  for (let i = 0; i < SAMPLES + 3; i++) {
    await vs.page.keyboard.press('Escape');
    await appendLine(vs, `\n  const value${i} = `);
    await sleep(150); // let anything the programmatic edit started settle
    await vs.page.evaluate(armGhostProbe(`oo(value${i});`));
    const fromExchange = proxy.exchanges.length;
    const probesBefore = (await probeCalls(vs)).length;
    await vs.page.keyboard.type('f');
    // A sample whose ghost text never shows is counted, not fatal (the shared machine can stall a window).
    const ghostAt = await until('the ghost text', () => vs.page.evaluate('window.__veniceGhost.seenAt || undefined') as Promise<number | undefined>, 8_000, 5).catch(() => undefined);
    if (ghostAt === undefined) {
      if (i >= 3) discarded++;
      continue;
    }
    // The answer shown is the last request's (VS Code may ask twice for one key: the first is cancelled).
    const ex = await until('the exchange', async () => chatExchanges(proxy, fromExchange).filter((e) => e.lastByteAt > 0).pop(), 5_000, 5);
    const calls = (await probeCalls(vs)).slice(probesBefore).filter((t) => t <= ex.startedAt + 1);
    if (i < 3) continue; // warm-up: the engine's chunk loads and the model is resolved on the first ones
    if (chatExchanges(proxy, fromExchange).length > 1) repeated++;
    if (!calls.length) {
      discarded++;
      continue;
    }
    sent.push(ex.startedAt - calls[calls.length - 1]);
    shown.push(ghostAt - ex.lastByteAt);
  }
  await vs.page.keyboard.press('Escape');
  const result = { samples: sent.length, requestSent: percentiles(sent), ghostShown: percentiles(shown), discarded, repeated, loadAverage: round(load, 1) };
  log(`completions: pause → request sent p50 ${result.requestSent.p50} ms, p95 ${result.requestSent.p95} ms; response end → ghost text p50 ${result.ghostShown.p50} ms, p95 ${result.ghostShown.p95} ms (${result.samples} samples, ${discarded} left out (no provider call seen or no ghost text), ${repeated} with a second request; load average ${result.loadAverage})`);
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

async function typingRun(vs: VSCodeSession, proxy: TimingProxy, dir: string, log: (m: string) => void): Promise<CompletionsBench['typing']> {
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
    const typing = await typingRun(vs, proxy, dir, log);
    return { ...overhead, typing };
  } finally {
    answer = undefined;
    await vs.bridge.run(`globalThis.__veniceProbe?.dispose(); await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'); await vscode.commands.executeCommand('workbench.action.closeAllEditors'); return true`);
    await setSetting(vs, 'venice.completions.enabled', false);
    await setSetting(vs, 'venice.completions.debounceMs', undefined);
    for (const k of Object.keys(EDITOR_SETTINGS)) await setSetting(vs, k, undefined);
  }
}
