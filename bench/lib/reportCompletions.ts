// The inline-completions part of the report (issue 17): the extension's overhead per completion
// against the simulator with zero model latency, told apart from VS Code's own inline-suggest
// pipeline (a constant provider in the same run is the floor), and requests per 100 typed characters.
import type { CompletionsBench, Percentiles } from '../vscode/completions';
import type { VSCodeBench } from '../vscode/run';
import { ms1, table, type Target } from './format';

const P50_MS = 15;
const P95_MS = 30;
const PER_100_CHARS = 12;

const p5095 = (p: Percentiles) => `p50 ${ms1(p.p50)}, p95 ${ms1(p.p95)}`;

export function completionsTargets(v: VSCodeBench): Target[] {
  const c = v.completions;
  if (!c) return [];
  const within = (p: Percentiles) => p.p50 <= P50_MS && p.p95 <= P95_MS;
  const target = `p50 ≤ ${P50_MS} ms, p95 ≤ ${P95_MS} ms`;
  const out: Target[] = [
    {
      name: 'Inline completion overhead (extension): its provider called → request at the server',
      value: p5095(c.extension.requestSent),
      target,
      met: within(c.extension.requestSent),
      note: `debounce 0, zero model latency; whole pause → request sent ${p5095(c.requestSent)} (VS Code, the probe asked → Venice's provider called: ${p5095(c.vscode.ask)}); ${c.samples} completions, load average ${c.loadAverage}`,
    },
    {
      name: 'Inline completion overhead (extension): response end → items returned to VS Code',
      value: p5095(c.extension.ghostShown),
      target,
      met: within(c.extension.ghostShown),
      note: `last byte sent by the server → the provider returns its item; the whole response end → ghost text in the DOM is ${p5095(c.ghostShown)}, of which VS Code's part (items returned → ghost text) ${p5095(c.vscode.render)}`,
    },
    {
      name: 'Floor: a constant inline-completion provider (item returned → ghost text; called → bare request at the server)',
      value: `${p5095(c.floor.ghostShown)}; request ${p5095(c.floor.requestSent)}`,
      target: 'measured (floor)',
      met: null,
      note: `${c.floor.samples} samples alternating with Venice's in the same window`,
    },
  ];
  if (c.typing) {
    out.push({
      name: 'Inline completion requests per 100 typed characters',
      value: String(c.typing.requestsPer100Chars),
      target: `≤ ${PER_100_CHARS}`,
      met: c.typing.requestsPer100Chars <= PER_100_CHARS,
      note: `${c.typing.requests} requests (${c.typing.cancelled} cancelled by typing) for ${c.typing.characters} characters at a human pace, debounce ${c.typing.debounceMs} ms; the model right on every other line`,
    });
  }
  return out;
}

export function completionsSection(c: CompletionsBench): string[] {
  const row = (name: string, p: Percentiles) => [name, ms1(p.p50), ms1(p.p95), ms1(p.max)];
  return [
    '## 9. Inline completions', '',
    'Real editor, simulator with zero model latency behind the timing proxy (bench/vscode/completions.ts), `venice.completions.debounceMs` 0. Each sample types one key after a fresh prefix (no cache hit). "VS Code asks": a probe provider in the same extension host, asked in the same round as Venice\'s. Venice\'s own steps come from its completion trace (src/completions/trace.ts, a diagnostics channel only the bench subscribes to). "Ghost text": the ghost text in the editor\'s DOM (a MutationObserver in the workbench page). The floor is a constant provider (JavaScript file, Venice off there) that sends a bare Node HTTP request and returns its item at once, sampled just before each Venice sample. Typing: a 14-line TypeScript function typed key by key at a human pace with the default debounce; the simulated model predicts the rest of the line on every other line.', '',
    table(
      ['Measure', 'p50', 'p95', 'max'],
      [
        row('Pause → request sent (VS Code asks → request at the server)', c.requestSent),
        row('… VS Code: probe asked → Venice\'s provider called', c.vscode.ask),
        row('… extension: provider called → request at the server', c.extension.requestSent),
        row('Response end → ghost text shown (last byte sent → DOM)', c.ghostShown),
        row('… extension: last byte sent → items returned', c.extension.ghostShown),
        row('… VS Code: items returned → ghost text in the DOM', c.vscode.render),
        row('Floor: constant provider called → bare request at the server', c.floor.requestSent),
        row('Floor: constant provider\'s item returned → ghost text in the DOM', c.floor.ghostShown),
        ...Object.entries(c.steps).map(([name, p]) => row(`Venice step: ${name}`, p)),
      ],
    ),
    '',
    `${c.samples} completions measured (${c.discarded} left out: no provider call or trace seen, or no ghost text within 8 s; ${c.repeated} where VS Code asked twice for one key, the second request measured), ${c.floor.samples} floor samples; load average ${c.loadAverage} on the shared machine.` +
      (c.typing ? ` Typing: ${c.typing.characters} characters in ${c.typing.seconds} s, ${c.typing.requests} requests of which ${c.typing.cancelled} were cancelled by the next keystroke = ${c.typing.requestsPer100Chars} per 100 characters.` : ''),
    '',
  ];
}
