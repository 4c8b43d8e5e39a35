// The inline-completions part of the report (issue 17): the extension's overhead per completion
// against the simulator with zero model latency, and requests per 100 typed characters.
import type { CompletionsBench } from '../vscode/completions';
import type { VSCodeBench } from '../vscode/run';
import { ms1, table, type Target } from './format';

const P50_MS = 15;
const P95_MS = 30;
const PER_100_CHARS = 12;

export function completionsTargets(v: VSCodeBench): Target[] {
  const c = v.completions;
  if (!c) return [];
  const within = (p: CompletionsBench['requestSent']) => p.p50 <= P50_MS && p.p95 <= P95_MS;
  return [
    {
      name: 'Inline completion overhead: typing pause → request sent',
      value: `p50 ${ms1(c.requestSent.p50)}, p95 ${ms1(c.requestSent.p95)}`,
      target: `p50 ≤ ${P50_MS} ms, p95 ≤ ${P95_MS} ms`,
      met: within(c.requestSent),
      note: `from VS Code asking the providers to the request at the server, debounce 0; ${c.samples} completions, load average ${c.loadAverage}`,
    },
    {
      name: 'Inline completion overhead: response end → ghost text shown',
      value: `p50 ${ms1(c.ghostShown.p50)}, p95 ${ms1(c.ghostShown.p95)}`,
      target: `p50 ≤ ${P50_MS} ms, p95 ≤ ${P95_MS} ms`,
      met: within(c.ghostShown),
      note: 'last byte sent by the server → ghost text in the editor DOM; zero model latency',
    },
    {
      name: 'Inline completion requests per 100 typed characters',
      value: String(c.typing.requestsPer100Chars),
      target: `≤ ${PER_100_CHARS}`,
      met: c.typing.requestsPer100Chars <= PER_100_CHARS,
      note: `${c.typing.requests} requests (${c.typing.cancelled} cancelled by typing) for ${c.typing.characters} characters at a human pace, debounce ${c.typing.debounceMs} ms; the model right on every other line`,
    },
  ];
}

export function completionsSection(c: CompletionsBench): string[] {
  return [
    '## 9. Inline completions', '',
    'Real editor, simulator with zero model latency behind the timing proxy (bench/vscode/completions.ts). "Request sent": from VS Code asking the inline-completion providers (a probe provider in the same extension host is asked at the same moment) to the request reaching the proxy, with `venice.completions.debounceMs` 0. "Ghost text shown": from the last byte of the answer leaving the proxy to the ghost text in the editor\'s DOM. Typing: a 14-line TypeScript function typed key by key at a human pace with the default debounce; the simulated model predicts the rest of the line on every other line.', '',
    table(
      ['Measure', 'p50', 'p95', 'max'],
      [
        ['Pause → request sent', ms1(c.requestSent.p50), ms1(c.requestSent.p95), ms1(c.requestSent.max)],
        ['Response end → ghost text shown', ms1(c.ghostShown.p50), ms1(c.ghostShown.p95), ms1(c.ghostShown.max)],
      ],
    ),
    '',
    `${c.samples} completions measured (${c.discarded} left out: no provider call seen, or no ghost text within 8 s; ${c.repeated} where VS Code asked twice for one key, the second request measured); load average ${c.loadAverage} on the shared machine. Typing: ${c.typing.characters} characters in ${c.typing.seconds} s, ${c.typing.requests} requests of which ${c.typing.cancelled} were cancelled by the next keystroke = ${c.typing.requestsPer100Chars} per 100 characters.`,
    '',
  ];
}
