// Part 4: activation, measured on several window loads (the median, since one load on a shared
// 2-core machine says little). For each load the Venice view is not restored, so Venice activates
// only when `venice.openChat` runs; then three views of that one activation:
//  - VS Code's own figure from Developer: Show Running Extensions ("Activation: N ms" is the
//    extension host's codeLoadingTime + activateCallTime, whole milliseconds from Date.now());
//  - the two parts, to a fraction of a millisecond: code loading from the extension host's
//    performance marks (code/extHost/willLoadExtensionCode → didLoadExtensionCode, which wrap the
//    require() of dist/extension.js), and activate() from the product's own log line;
//  - a fresh require() of each host file in the running extension host (warm: V8 has compiled it).
// The extension is installed as the .vsix ships it (no source maps: the harness copies dist/ without
// *.map, as .vscodeignore does).
// The floor (BENCH_VSCODE_SKIP=floor leaves it out): a bench-only empty extension
// (bench/floor-activation) with Venice's triggers, activated in each of the same window loads the
// way Venice is: with it in VS Code's onStartupFinished pass when Venice was activated at start-up,
// else by one of its commands, before Venice's command in every other load and after it in the
// others. VS Code's figure for it is what VS Code counts for any extension activated that way, so
// Venice's figure minus it is Venice's own. Each sample notes the event that activated each (from
// the extension host's log) and the other extensions activated within 100 ms before Venice.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, round, sleep } from '../lib/stats';
import { installBenchExtension } from './floor';
import { command, until } from './session';

const EXTENSION_ID = 'venice-community.venice-vscode';
const FLOOR_ID = 'venice-bench.venice-bench-activation-floor';
const FLOOR_COMMAND = 'veniceBench.activationFloor';
/** The start of each extension's display name, which its Running Extensions row shows. */
const ROW_NAME = { venice: 'Venice AI', floor: 'Bench activation floor' } as const;

/** The empty extension's activation in one window load. */
export interface FloorActivationSample {
  vscodeMs?: number;
  vscodeText?: string;
  codeLoadingMs?: number;
  activateCallMs?: number;
  /** Activated before Venice in this load by command (the order alternates), or 'startup'. */
  first: boolean | 'startup';
  /** The activation event, per the extension host's log. */
  event?: string;
}

export interface ActivationSample {
  /** Running Extensions: "Activation: N ms" (code loading + activate call). */
  vscodeMs?: number;
  vscodeText?: string;
  /** The extension host's performance marks around the require() of the main file. */
  codeLoadingMs?: number;
  /** activate() itself, per the product's log line for this load. */
  activateMs?: number;
  /** boot.js loading dist/extension.js inside the activate call, and whether the V8 code cache served it. */
  bundleLoadMs?: number;
  codeCache?: string;
  /** Of the bundle load: compiling it, or deserialising the code cache. */
  compileMs?: number;
  /** activate()'s steps with their times (ms), per the product's log line. */
  steps?: string;
  /**
   * The whole activate call by the extension host's marks (code/extHost/willActivateExtension →
   * didActivateExtension): what VS Code's activateCallTime covers, to a fraction of a millisecond.
   */
  activateCallMs?: number;
  /** The empty extension, activated in the same window load (absent with BENCH_VSCODE_SKIP=floor). */
  floor?: FloorActivationSample;
  /** The event that activated Venice, per the extension host's log. */
  event?: string;
  /** Other extensions the extension host began activating within 100 ms before Venice (their code loading can fall into Venice's clock). */
  activatedJustBefore?: string[];
}

export interface ActivationResult {
  /** One entry per window load measured. */
  samples: ActivationSample[];
  /** Medians over the samples. */
  vscodeReportedMs?: number;
  bundleLoadMs?: number;
  codeLoadingMs?: number;
  activateMs?: number;
  /** The activate call by the extension host's marks, median. */
  activateCallMs?: number;
  /** The empty extension's medians over the same loads. */
  floor?: { vscodeReportedMs?: number; codeLoadingMs?: number; activateCallMs?: number; vscodeReportedText?: string };
  /** Venice's own share: its VS Code figure minus the empty extension's, both medians of this run. */
  oursMs?: number;
  /** The same, paired: the median over the loads of Venice's figure minus the empty extension's in that load. */
  oursPairedMs?: number;
  /** The text of the Running Extensions row of the median sample. */
  vscodeReportedText?: string;
  /** Every "activated in X ms" the product logged this session (one per window load). */
  productLogMs: number[];
  /** The session's first activation, right after install: no code cache yet (from the product log). */
  firstLoad?: { bundleLoadMs?: number; codeCache?: string; compileMs?: number; activateMs: number };
  /** Fresh require() of each host file in the extension host, median ms. */
  requireMs: Record<string, number>;
}

interface LogLine {
  activateMs: number;
  /** activate()'s steps with their times, as the product logs them. */
  steps?: string;
  bundleLoadMs?: number;
  codeCache?: string;
  compileMs?: number;
}

/** exthost2 before exthost10: the window reloads of the session number the extension hosts past 9. */
const inOrder = (names: string[]) => names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

function productLogLines(userDataDir: string): LogLine[] {
  const logs = path.join(userDataDir, 'logs');
  const out: LogLine[] = [];
  for (const stamp of existsSync(logs) ? inOrder(readdirSync(logs)) : []) {
    for (const sub of inOrder(readdirSync(path.join(logs, stamp)))) {
      const f = path.join(logs, stamp, sub, EXTENSION_ID, 'Venice.log');
      if (!sub.startsWith('exthost') || !existsSync(f)) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/Venice AI activated in ([\d.]+) ms(?: \(code loaded in ([\d.]+) ms, code cache: (\w+), compile ([\d.]+) ms\))?(?:; steps \(ms\): ([^\n]*))?/g)) {
        out.push({ activateMs: Number(m[1]), bundleLoadMs: m[2] ? Number(m[2]) : undefined, codeCache: m[3], compileMs: m[4] ? Number(m[4]) : undefined, steps: m[5] });
      }
    }
  }
  return out;
}

function productLog(userDataDir: string): number[] {
  return productLogLines(userDataDir).map((l) => l.activateMs);
}

/** Each named extension's Running Extensions row ("Activation: N ms"), read from one opening of the editor. */
interface HostActivation {
  at: number;
  id: string;
  event: string;
}

/** The activations the newest extension host logged ("ExtensionService#_doActivateExtension …"). */
function hostActivations(userDataDir: string): HostActivation[] {
  const logs = path.join(userDataDir, 'logs');
  const hosts = (existsSync(logs) ? inOrder(readdirSync(logs)) : []).flatMap((stamp) =>
    inOrder(readdirSync(path.join(logs, stamp)))
      .filter((sub) => sub.startsWith('exthost'))
      .map((sub) => path.join(logs, stamp, sub, 'remoteexthost.log')),
  );
  const newest = hosts.filter((f) => existsSync(f)).pop();
  if (!newest) return [];
  const out: HostActivation[] = [];
  for (const m of readFileSync(newest, 'utf8').matchAll(/^(\S+ \S+) \[info\] ExtensionService#_doActivateExtension ([^,]+), startup: \w+, activationEvent: '([^']*)'/gm)) {
    out.push({ at: Date.parse(m[1].replace(' ', 'T')), id: m[2], event: m[3] });
  }
  return out;
}

async function runningExtensions(vs: VSCodeSession, names: string[]): Promise<Record<string, { ms?: number; text?: string }>> {
  const out: Record<string, { ms?: number; text?: string }> = {};
  try {
    await command(vs, 'workbench.action.showRuntimeExtensions');
    // The list is sorted slowest first and virtualised: a fast extension's row exists only once it
    // is scrolled into view.
    const list = vs.page.locator('.runtime-extensions-editor .monaco-list').first();
    await list.waitFor({ timeout: 15_000 });
    for (const name of names) {
      try {
        const row = vs.page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: name }).first();
        await list.hover();
        await vs.page.mouse.wheel(0, -100_000);
        await sleep(150);
        for (let i = 0; i < 40 && !(await row.count()); i++) {
          await list.hover();
          await vs.page.mouse.wheel(0, 300);
          await sleep(150);
        }
        await row.waitFor({ timeout: 5_000 });
        await sleep(500);
        const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
        const m = /Activation:\s*(\d+(?:\.\d+)?)\s*ms/.exec(text);
        out[name] = { ms: m ? Number(m[1]) : undefined, text };
      } catch {
        out[name] = {};
      }
    }
    await command(vs, 'workbench.action.closeActiveEditor');
  } catch {
    // The editor did not open: no row read.
  }
  return out;
}

/** From `will<what>` to `did<what>` (code/extHost/…/<id>), VS Code's own marks in the extension host. */
async function markSpan(vs: VSCodeSession, id: string, what: 'LoadExtensionCode' | 'ActivateExtension'): Promise<number | undefined> {
  const ms = await vs.bridge.run<number | null>(
    `const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
     const at = (n) => marks.find((m) => m.name === 'code/extHost/' + n + '/' + args.id)?.startTime;
     const a = at('will' + args.what), b = at('did' + args.what);
     return a !== undefined && b !== undefined ? b - a : null;`,
    { id, what },
  );
  return ms === null ? undefined : round(ms, 2);
}

async function isActive(vs: VSCodeSession, id: string): Promise<boolean> {
  return vs.bridge.run<boolean>('return !!vscode.extensions.getExtension(args.id)?.isActive', { id });
}

/** Runs the command that activates `id` and waits until it is active. */
async function activateBy(vs: VSCodeSession, id: string, commandId: string): Promise<void> {
  // The empty extension registers no command: running its contributed one only activates it, then fails.
  await command(vs, commandId).catch(() => undefined);
  await until(`${id} to be active`, async () => ((await isActive(vs, id)) ? true : undefined), 15_000);
}

/**
 * Reloads the window and reads one activation of Venice and of the empty extension. Both may already
 * be active by then (VS Code activates Venice at start-up: onStartupFinished, or its MCP and language
 * model providers): then the bench waits for both. Otherwise each is activated by a command, the empty
 * one first when `floorFirst`.
 */
async function oneLoad(vs: VSCodeSession, floorFirst: boolean | undefined): Promise<ActivationSample> {
  // The Explorer is restored after the reload, so no Venice view activates Venice.
  await command(vs, 'workbench.view.explorer');
  await sleep(300);
  // Counted before the reload: Venice's log line may come before any command below.
  const before = productLogLines(vs.userDataDir).length;
  await vs.reload();
  await sleep(2_000); // let the restored workbench settle, like a user who opens the chat a moment later
  const withFloor = floorFirst !== undefined;
  const startup = (await isActive(vs, EXTENSION_ID)) || (withFloor && (await isActive(vs, FLOOR_ID)));
  if (startup) {
    // Activated at start-up: the other one comes in the same onStartupFinished pass (or soon after).
    await until('Venice to be active', async () => ((await isActive(vs, EXTENSION_ID)) ? true : undefined), 30_000);
    if (withFloor) await until(`${FLOOR_ID} to be active`, async () => ((await isActive(vs, FLOOR_ID)) ? true : undefined), 30_000);
  } else {
    const steps = [() => activateBy(vs, EXTENSION_ID, 'venice.openChat')];
    if (withFloor) steps[floorFirst ? 'unshift' : 'push'](() => activateBy(vs, FLOOR_ID, FLOOR_COMMAND));
    for (const [i, step] of steps.entries()) {
      // A pause between the two, so what one activation sets off (views, providers) is over before the other.
      if (i) await sleep(1_000);
      await step();
    }
  }
  const logged = await until('the activation log line', async () => productLogLines(vs.userDataDir).slice(before)[0], 10_000, 100).catch(() => undefined);
  const rows = await runningExtensions(vs, withFloor ? [ROW_NAME.venice, ROW_NAME.floor] : [ROW_NAME.venice]);
  const venice = rows[ROW_NAME.venice] ?? {};
  const floor = rows[ROW_NAME.floor];
  const host = hostActivations(vs.userDataDir);
  const mine = host.find((h) => h.id === EXTENSION_ID);
  return {
    vscodeMs: venice.ms,
    vscodeText: venice.text,
    event: mine?.event,
    activatedJustBefore: mine ? host.filter((h) => h.id !== EXTENSION_ID && h.at <= mine.at && mine.at - h.at <= 100).map((h) => `${h.id} (${h.event})`) : undefined,
    codeLoadingMs: await markSpan(vs, EXTENSION_ID, 'LoadExtensionCode'),
    activateCallMs: await markSpan(vs, EXTENSION_ID, 'ActivateExtension'),
    activateMs: logged?.activateMs,
    bundleLoadMs: logged?.bundleLoadMs,
    codeCache: logged?.codeCache,
    compileMs: logged?.compileMs,
    steps: logged?.steps,
    floor:
      !withFloor || !floor
        ? undefined
        : {
            vscodeMs: floor.ms,
            vscodeText: floor.text,
            codeLoadingMs: await markSpan(vs, FLOOR_ID, 'LoadExtensionCode'),
            activateCallMs: await markSpan(vs, FLOOR_ID, 'ActivateExtension'),
            first: startup ? 'startup' : floorFirst,
            event: host.find((h) => h.id === FLOOR_ID)?.event,
          },
  };
}

async function requireTimes(vs: VSCodeSession, files: string[], times = 7): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of files) {
    const samples = await vs.bridge.run<number[]>(
      `const out = [];
       for (let i = 0; i < args.times; i++) {
         delete require.cache[args.file];
         const t = performance.now();
         require(args.file);
         out.push(performance.now() - t);
       }
       return out;`,
      { file: f, times },
    );
    out[path.basename(f)] = round(median(samples), 1);
  }
  return out;
}

function medianOf<S>(samples: readonly S[], value: (s: S) => number | undefined): number | undefined {
  const values = samples.map(value).filter((n): n is number => n !== undefined && Number.isFinite(n));
  return values.length ? round(median(values), 1) : undefined;
}

const msOrNa = (n: number | undefined) => `${n ?? 'n/a'} ms`;
/** How the empty extension was activated relative to Venice. */
export const order = (first: boolean | 'startup') => (first === 'startup' ? 'at start-up' : first ? 'before Venice' : 'after Venice');

/** `withFloor`: the empty extension is installed and activated in each load (BENCH_VSCODE_SKIP=floor: not). */
export async function activationBench(vs: VSCodeSession, installedExtensionDir: string, loads: number, withFloor: boolean, log: (m: string) => void): Promise<ActivationResult> {
  if (withFloor) {
    await installBenchExtension(vs, FLOOR_ID, path.join(__dirname, '..', 'floor-activation'), ['package.json']);
    log('bench activation floor (empty extension) installed');
  }
  const samples: ActivationSample[] = [];
  for (let i = 0; i < loads; i++) {
    const s = await oneLoad(vs, withFloor ? i % 2 === 0 : undefined);
    const f = s.floor;
    const floorText = f ? `; empty extension (${f.event ?? '?'}, ${order(f.first)}): VS Code ${msOrNa(f.vscodeMs)} (code loading ${msOrNa(f.codeLoadingMs)}, activate call ${msOrNa(f.activateCallMs)})` : '';
    const just = s.activatedJustBefore?.length ? `; activated just before Venice: ${s.activatedJustBefore.join(', ')}` : '';
    log(`activation ${i + 1}/${loads}: Venice (${s.event ?? '?'}): VS Code ${msOrNa(s.vscodeMs)} (code loading ${msOrNa(s.codeLoadingMs)}, bundle load ${s.bundleLoadMs?.toFixed(1) ?? 'n/a'} ms (compile ${s.compileMs ?? 'n/a'} ms) with code cache ${s.codeCache ?? 'n/a'}, activate() ${msOrNa(s.activateMs)}; activate call by the host's marks ${msOrNa(s.activateCallMs)})${floorText}${just}${s.steps ? `; activate() steps (ms): ${s.steps}` : ''}`);
    samples.push(s);
  }
  const vscodeReportedMs = medianOf(samples, (s) => s.vscodeMs);
  const floors = samples.flatMap((s) => (s.floor ? [s.floor] : []));
  const floorMs = medianOf(floors, (f) => f.vscodeMs);
  const files = ['extension.js', 'undici.js', 'markdown-it.js', 'chat.js', 'mcp.js'].map((f) => path.join(installedExtensionDir, 'dist', f)).filter((f) => existsSync(f));
  return {
    samples,
    vscodeReportedMs,
    codeLoadingMs: medianOf(samples, (s) => s.codeLoadingMs),
    activateMs: medianOf(samples, (s) => s.activateMs),
    bundleLoadMs: medianOf(samples, (s) => s.bundleLoadMs),
    activateCallMs: medianOf(samples, (s) => s.activateCallMs),
    floor: floors.length
      ? {
          vscodeReportedMs: floorMs,
          codeLoadingMs: medianOf(floors, (f) => f.codeLoadingMs),
          activateCallMs: medianOf(floors, (f) => f.activateCallMs),
          vscodeReportedText: floors.find((f) => f.vscodeMs === floorMs)?.vscodeText ?? floors[0]?.vscodeText,
        }
      : undefined,
    oursMs: vscodeReportedMs !== undefined && floorMs !== undefined ? round(vscodeReportedMs - floorMs, 1) : undefined,
    oursPairedMs: medianOf(samples, (s) => (s.vscodeMs !== undefined && s.floor?.vscodeMs !== undefined ? s.vscodeMs - s.floor.vscodeMs : undefined)),
    vscodeReportedText: samples.find((s) => s.vscodeMs === vscodeReportedMs)?.vscodeText ?? samples[0]?.vscodeText,
    productLogMs: productLog(vs.userDataDir),
    firstLoad: productLogLines(vs.userDataDir)[0],
    requireMs: await requireTimes(vs, files),
  };
}
