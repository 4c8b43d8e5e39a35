// What the inline-completions benchmark (completions.ts) installs in the extension host and the
// workbench page to time one completion from both sides:
//  - a probe provider for every file: notes when VS Code asks the inline-completion providers (it is
//    asked in the same round as Venice's), and answers nothing;
//  - the floor provider, for JavaScript files only (the bench turns Venice off for JavaScript): for a
//    line ending in `const floorN = f` it sends a bare Node HTTP request to the timing proxy and
//    returns the constant item `oo(floorN);` at once. What VS Code adds around a provider that costs
//    nothing (asking it, rendering its item) is measured on it, in the same run as Venice's;
//  - a subscriber to Venice's completion trace (src/completions/trace.ts): the provider's own
//    timestamps (called, debounced, prompt built, request sent, stream read, items returned);
//  - subscribers to undici's diagnostics channels (request created, connecting, headers sent, …);
//  - in the page, a MutationObserver that notes when the expected ghost text is in the editor's DOM.
// All times are wall-clock ms, comparable with the proxy's.
import type { VSCodeSession } from '../../test/harness/vscode';

export interface TraceRecord {
  marks: Partial<Record<'called' | 'debounced' | 'prompt' | 'send' | 'firstText' | 'streamEnd' | 'returned', number>>;
  text?: string;
  outcome: string;
}

export interface FloorCall {
  name: string;
  calledAt: number;
  returnedAt: number;
}

/** undici's diagnostics channels the probe notes (without the 'undici:' prefix), in the order they happen. */
export const UNDICI_EVENTS = ['request:create', 'client:beforeConnect', 'client:connected', 'client:sendHeaders', 'request:bodySent', 'request:headers', 'request:trailers'];

export interface ProbeState {
  /** undici's events, for the Venice client's requests. */
  undici: Array<{ name: string; at: number }>;
  /** When VS Code asked the probe provider (any file). */
  calls: number[];
  floor: FloorCall[];
  traces: TraceRecord[];
}

/** The floor provider's request path under the proxy's base URL (the simulator answers it 404). */
export const FLOOR_PATH = '/bench-floor';

export async function installProbes(vs: VSCodeSession, proxyUrl: string): Promise<void> {
  await vs.bridge.run(
    `globalThis.__veniceProbe?.dispose();
    const dc = require('node:diagnostics_channel');
    const http = require('node:http');
    const now = () => performance.timeOrigin + performance.now();
    const state = { calls: [], floor: [], traces: [], undici: [] };
    const onTrace = (m) => state.traces.push(JSON.parse(JSON.stringify(m)));
    dc.subscribe('venice.completions.trace', onTrace);
    // undici's own diagnostics (the Venice client's HTTP library): where the request's time goes.
    const undiciEvents = {};
    for (const name of ${JSON.stringify(UNDICI_EVENTS)}) {
      undiciEvents[name] = () => state.undici.push({ name, at: now() });
      dc.subscribe('undici:' + name, undiciEvents[name]);
    }
    const probe = vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, {
      provideInlineCompletionItems() { state.calls.push(now()); return undefined; },
    });
    const floor = vscode.languages.registerInlineCompletionItemProvider({ language: 'javascript' }, {
      provideInlineCompletionItems(doc, pos) {
        const calledAt = now();
        const m = /const (floor\\d+) = f$/.exec(doc.lineAt(pos.line).text.slice(0, pos.character));
        if (!m) return undefined;
        const req = http.request(args.url + '?n=' + m[1] + '&k=' + state.floor.length, { method: 'POST', headers: { 'content-type': 'application/json' } });
        req.on('response', (r) => r.resume());
        req.on('error', () => {});
        req.end('{}');
        const items = [new vscode.InlineCompletionItem('oo(' + m[1] + ');', new vscode.Range(pos, pos))];
        state.floor.push({ name: m[1], calledAt, returnedAt: now() });
        return items;
      },
    });
    globalThis.__veniceProbe = { state, dispose: () => { probe.dispose(); floor.dispose(); dc.unsubscribe('venice.completions.trace', onTrace); for (const n in undiciEvents) dc.unsubscribe('undici:' + n, undiciEvents[n]); } };
    return true;`,
    { url: proxyUrl + FLOOR_PATH },
  );
}

export async function probeState(vs: VSCodeSession): Promise<ProbeState> {
  return vs.bridge.run<ProbeState>('return globalThis.__veniceProbe?.state ?? { calls: [], floor: [], traces: [], undici: [] }');
}

export async function removeProbes(vs: VSCodeSession): Promise<void> {
  await vs.bridge.run('globalThis.__veniceProbe?.dispose(); globalThis.__veniceProbe = undefined; return true');
}

/** Arms the page's watch for ghost text containing `expect` (a MutationObserver, installed once). */
export function armGhostProbe(expect: string): string {
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
