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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, round, sleep } from '../lib/stats';
import { command, until } from './session';

const EXTENSION_ID = 'venice-community.venice-vscode';

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
  /**
   * The whole activate call by the extension host's marks (code/extHost/willActivateExtension →
   * didActivateExtension): what VS Code's activateCallTime covers, to a fraction of a millisecond.
   */
  activateCallMs?: number;
}

export interface ActivationResult {
  /** One entry per window load measured. */
  samples: ActivationSample[];
  /** Medians over the samples. */
  vscodeReportedMs?: number;
  bundleLoadMs?: number;
  codeLoadingMs?: number;
  activateMs?: number;
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
      for (const m of readFileSync(f, 'utf8').matchAll(/Venice AI activated in ([\d.]+) ms(?: \(code loaded in ([\d.]+) ms, code cache: (\w+), compile ([\d.]+) ms\))?/g)) {
        out.push({ activateMs: Number(m[1]), bundleLoadMs: m[2] ? Number(m[2]) : undefined, codeCache: m[3], compileMs: m[4] ? Number(m[4]) : undefined });
      }
    }
  }
  return out;
}

function productLog(userDataDir: string): number[] {
  return productLogLines(userDataDir).map((l) => l.activateMs);
}

async function runningExtensions(vs: VSCodeSession): Promise<{ ms?: number; text?: string }> {
  try {
    await command(vs, 'workbench.action.showRuntimeExtensions');
    // The list is sorted slowest first and virtualised: a fast extension's row exists only once it
    // is scrolled into view.
    const list = vs.page.locator('.runtime-extensions-editor .monaco-list').first();
    await list.waitFor({ timeout: 15_000 });
    const row = vs.page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: 'Venice AI' }).first();
    for (let i = 0; i < 40 && !(await row.count()); i++) {
      await list.hover();
      await vs.page.mouse.wheel(0, 300);
      await sleep(150);
    }
    await row.waitFor({ timeout: 5_000 });
    await sleep(500);
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
    await command(vs, 'workbench.action.closeActiveEditor');
    const m = /Activation:\s*(\d+(?:\.\d+)?)\s*ms/.exec(text);
    return { ms: m ? Number(m[1]) : undefined, text };
  } catch {
    return {};
  }
}

/** From `will<what>` to `did<what>` (code/extHost/…/<id>), VS Code's own marks in the extension host. */
async function markSpan(vs: VSCodeSession, what: 'LoadExtensionCode' | 'ActivateExtension'): Promise<number | undefined> {
  const ms = await vs.bridge.run<number | null>(
    `const marks = globalThis.MonacoPerformanceMarks?.getMarks?.() ?? [];
     const at = (n) => marks.find((m) => m.name === 'code/extHost/' + n + '/' + args.id)?.startTime;
     const a = at('will' + args.what), b = at('did' + args.what);
     return a !== undefined && b !== undefined ? b - a : null;`,
    { id: EXTENSION_ID, what },
  );
  return ms === null ? undefined : round(ms, 2);
}

async function isActive(vs: VSCodeSession): Promise<boolean> {
  return vs.bridge.run<boolean>('return !!vscode.extensions.getExtension(args.id)?.isActive', { id: EXTENSION_ID });
}

/** Reloads the window with Venice inactive, activates it with a command, and reads the timings. */
async function oneLoad(vs: VSCodeSession): Promise<ActivationSample> {
  // The Explorer is restored after the reload, so nothing activates Venice before our command.
  await command(vs, 'workbench.view.explorer');
  await sleep(300);
  // Counted before the reload: Venice also activates on onStartupFinished (the inline-completion
  // provider), so its log line may come before the command below.
  const before = productLogLines(vs.userDataDir).length;
  await vs.reload();
  await sleep(2_000); // let the restored workbench settle, like a user who opens the chat a moment later
  const startup = await isActive(vs);
  await command(vs, 'venice.openChat');
  await until('Venice to be active', async () => ((await isActive(vs)) ? true : undefined), 15_000);
  const logged = await until('the activation log line', async () => productLogLines(vs.userDataDir).slice(before)[0], 10_000, 100).catch(() => undefined);
  const vscode = await runningExtensions(vs);
  return {
    vscodeMs: vscode.ms,
    vscodeText: startup ? `${vscode.text ?? ''} (was already active at startup)` : vscode.text,
    codeLoadingMs: await markSpan(vs, 'LoadExtensionCode'),
    activateCallMs: await markSpan(vs, 'ActivateExtension'),
    activateMs: logged?.activateMs,
    bundleLoadMs: logged?.bundleLoadMs,
    codeCache: logged?.codeCache,
    compileMs: logged?.compileMs,
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

function medianOf(samples: ActivationSample[], key: 'vscodeMs' | 'codeLoadingMs' | 'activateMs' | 'bundleLoadMs'): number | undefined {
  const values = samples.map((s) => s[key]).filter((n): n is number => n !== undefined && Number.isFinite(n));
  return values.length ? round(median(values), 1) : undefined;
}

export async function activationBench(vs: VSCodeSession, installedExtensionDir: string, loads: number, log: (m: string) => void): Promise<ActivationResult> {
  const samples: ActivationSample[] = [];
  for (let i = 0; i < loads; i++) {
    const s = await oneLoad(vs);
    log(`activation ${i + 1}/${loads}: VS Code ${s.vscodeMs ?? 'n/a'} ms (code loading ${s.codeLoadingMs ?? 'n/a'} ms, bundle load ${s.bundleLoadMs?.toFixed(1) ?? 'n/a'} ms (compile ${s.compileMs ?? 'n/a'} ms) with code cache ${s.codeCache ?? 'n/a'}, activate() ${s.activateMs ?? 'n/a'} ms; activate call by the host's marks ${s.activateCallMs ?? 'n/a'} ms)`);
    samples.push(s);
  }
  const vscodeReportedMs = medianOf(samples, 'vscodeMs');
  const files = ['extension.js', 'undici.js', 'markdown-it.js', 'chat.js', 'mcp.js'].map((f) => path.join(installedExtensionDir, 'dist', f)).filter((f) => existsSync(f));
  return {
    samples,
    vscodeReportedMs,
    codeLoadingMs: medianOf(samples, 'codeLoadingMs'),
    activateMs: medianOf(samples, 'activateMs'),
    bundleLoadMs: medianOf(samples, 'bundleLoadMs'),
    vscodeReportedText: samples.find((s) => s.vscodeMs === vscodeReportedMs)?.vscodeText ?? samples[0]?.vscodeText,
    productLogMs: productLog(vs.userDataDir),
    firstLoad: productLogLines(vs.userDataDir)[0],
    requireMs: await requireTimes(vs, files),
  };
}
