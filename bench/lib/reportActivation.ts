// The activation part of the benchmark report: VS Code's own "Activation: N ms" (Running Extensions)
// for Venice and for an empty extension activated in the same window loads (the floor), and the
// difference, which is what Venice's code costs. The target judges that difference.
import { order, type ActivationResult } from '../vscode/activation';
import { ms, ms1, table, type Target } from './format';
import { median } from './stats';

export const ACTIVATION_TARGET_MS = 20;

export function activationTarget(a: ActivationResult): Target {
  const loads = a.samples?.length ?? 1;
  const vscodeMs = a.vscodeReportedMs;
  const activateMs = a.activateMs ?? (a.productLogMs.length ? median(a.productLogMs) : undefined);
  const parts = `code loading ${ms1(a.codeLoadingMs)} (the require() of boot.js, by the host's marks) + activate call ${ms1(a.activateCallMs)} (dist/extension.js through its code cache ${ms1(a.bundleLoadMs)} + activate() ${ms1(activateMs)})`;
  const warm = `warm re-require of the host bundle: ${ms1(a.requireMs['extension.js'])}`;
  const floor = a.floor;
  const atStartup = (a.samples ?? []).filter((s) => s.floor?.event === 'onStartupFinished' && s.event === 'onStartupFinished').length;
  if (floor && a.oursMs !== undefined) {
    return {
      name: "Activation, Venice's own part: VS Code's figure (code loading + activate) minus an empty extension's",
      value: ms(a.oursMs),
      target: `< ${ACTIVATION_TARGET_MS} ms`,
      met: a.oursMs < ACTIVATION_TARGET_MS,
      note: `VS Code's Running Extensions figure for Venice ${ms(vscodeMs)} − ${ms(floor.vscodeReportedMs)} for an empty extension with Venice's triggers, activated in the same ${loads} window loads the same way (both in VS Code's onStartupFinished pass in ${atStartup} loads, by commands in alternating order or otherwise in ${loads - atStartup}; medians; the median of the per-load differences is ${ms(a.oursPairedMs)}); Venice by the host's marks: ${parts}; the empty extension: code loading ${ms1(floor.codeLoadingMs)} + activate call ${ms1(floor.activateCallMs)}; ${warm}`,
    };
  }
  return {
    name: "Activation (VS Code's own timing: code loading + activate; no floor measured)",
    value: ms(vscodeMs ?? activateMs),
    target: `< ${ACTIVATION_TARGET_MS} ms`,
    met: vscodeMs !== undefined ? vscodeMs < ACTIVATION_TARGET_MS : activateMs !== undefined ? activateMs < ACTIVATION_TARGET_MS : null,
    note: `median of ${loads} window loads: ${parts}; ${warm}`,
  };
}

export function activationSection(a: ActivationResult): string[] {
  const samples = a.samples ?? [];
  const each = (f: (s: (typeof samples)[number]) => string) => samples.map(f).join(', ') || 'n/a';
  const orNa = (n: number | undefined) => (n === undefined ? 'n/a' : `${n} ms`);
  return [
    `Each sample: the window reloaded with the Explorer showing; a bench-only empty extension (bench/floor-activation: an empty activate(), no require of \`vscode\`) has Venice's triggers (onStartupFinished and a contributed command). When Venice was active 2 s after the reload (VS Code activated it at start-up), the bench waits for both; otherwise \`venice.openChat\` activates Venice and, one second before or after it (alternating), the empty extension's command activates it; medians of ${samples.length} loads. In VS Code's onStartupFinished pass every extension's code-loading clock starts before any of them is loaded, so it also counts the loading of the extensions before it in that pass: the empty extension's figure counts the same. VS Code's figure is its code loading + activate call in whole milliseconds; code loading is the extension host's own performance marks around the require() of the main file (dist/boot.js), and the activate call includes boot.js loading dist/extension.js through its V8 code cache ("bundle load"). Venice's own part is its figure minus the empty extension's.`,
    '',
    table(
      ['Measure', 'Value'],
      [
        ["VS Code's Running Extensions (code loading + activate), median", ms1(a.vscodeReportedMs)],
        ['… each load', each((s) => orNa(s.vscodeMs))],
        ["the empty extension's, same loads, median", ms1(a.floor?.vscodeReportedMs)],
        ['… each load (how it was activated)', each((s) => (s.floor ? `${orNa(s.floor.vscodeMs)} (${s.floor.event ?? '?'}, ${order(s.floor.first)})` : 'n/a'))],
        ['… what activated Venice, each load', each((s) => s.event ?? '?')],
        ['… extensions activated within 100 ms before Venice, each load', each((s) => (s.activatedJustBefore?.length ? s.activatedJustBefore.join(' + ') : 'none'))],
        ["Venice's own part (Venice's median − the empty extension's)", ms1(a.oursMs)],
        ['… median of the per-load differences', ms1(a.oursPairedMs)],
        ['code loading (extension host marks), median: Venice / empty extension', `${ms1(a.codeLoadingMs)} / ${ms1(a.floor?.codeLoadingMs)}`],
        ['… each load (Venice)', each((s) => orNa(s.codeLoadingMs))],
        ['activate call (extension host marks), median: Venice / empty extension', `${ms1(a.activateCallMs)} / ${ms1(a.floor?.activateCallMs)}`],
        ['… each load (Venice)', each((s) => orNa(s.activateCallMs))],
        ['dist/extension.js loaded by boot.js (V8 code cache), median', ms1(a.bundleLoadMs)],
        ['… each load', each((s) => (s.bundleLoadMs === undefined ? 'n/a' : `${s.bundleLoadMs} ms (cache ${s.codeCache ?? '?'}, compile ${s.compileMs ?? '?'} ms)`))],
        ['activate() per the product log, median', ms1(a.activateMs)],
        ['… each load', each((s) => orNa(s.activateMs))],
        [
          'first activation after install (code cache not written yet)',
          a.firstLoad ? `bundle load ${ms1(a.firstLoad.bundleLoadMs)} (cache ${a.firstLoad.codeCache ?? 'n/a'}, compile ${ms1(a.firstLoad.compileMs)}) + activate() ${ms1(a.firstLoad.activateMs)}` : 'n/a',
        ],
        ['Running Extensions row (median load): Venice', a.vscodeReportedText ?? 'not shown'],
        ['Running Extensions row (median load): empty extension', a.floor?.vscodeReportedText ?? 'not shown'],
        ...Object.entries(a.requireMs).map(([f, n]) => [`fresh require() of dist/${f} in the extension host (median)`, ms(n)]),
      ],
    ),
    '',
  ];
}
