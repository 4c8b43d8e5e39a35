// Part 4: activation. Three views of it:
//  - the product's own line in its Venice log ("Venice AI activated in X ms": the activate() call);
//  - VS Code's timing from Developer: Show Running Extensions (code loading + activate call), when
//    the workbench shows it;
//  - the cost of loading the host bundle (and its lazy chunks) in the real extension host: a fresh
//    require() of each file, median of several.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, round, sleep } from '../lib/stats';
import { command } from './session';

export interface ActivationResult {
  /** Every "activated in X ms" the product logged this session (one per window load). */
  productLogMs: number[];
  /** What VS Code's Running Extensions editor shows for Venice AI (ms), if it could be read. */
  vscodeReportedMs?: number;
  vscodeReportedText?: string;
  /** Fresh require() of each host file in the extension host, median ms. */
  requireMs: Record<string, number>;
}

function productLog(userDataDir: string): number[] {
  const logs = path.join(userDataDir, 'logs');
  const out: number[] = [];
  for (const stamp of existsSync(logs) ? readdirSync(logs).sort() : []) {
    for (const sub of readdirSync(path.join(logs, stamp))) {
      const f = path.join(logs, stamp, sub, 'venice-community.venice-vscode', 'Venice.log');
      if (!sub.startsWith('exthost') || !existsSync(f)) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/Venice AI activated in ([\d.]+) ms/g)) out.push(Number(m[1]));
    }
  }
  return out;
}

async function runningExtensions(vs: VSCodeSession): Promise<{ ms?: number; text?: string }> {
  try {
    await command(vs, 'workbench.action.showRuntimeExtensions');
    const row = vs.page.locator('.runtime-extensions-editor .monaco-list-row').filter({ hasText: 'Venice AI' }).first();
    await row.waitFor({ timeout: 15_000 });
    await sleep(500);
    const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
    await command(vs, 'workbench.action.closeActiveEditor');
    const m = /(\d+(?:\.\d+)?)\s*ms/.exec(text);
    return { ms: m ? Number(m[1]) : undefined, text };
  } catch {
    return {};
  }
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

export async function activationBench(vs: VSCodeSession, installedExtensionDir: string): Promise<ActivationResult> {
  const vscodeTiming = await runningExtensions(vs);
  const files = ['extension.js', 'undici.js', 'markdown-it.js'].map((f) => path.join(installedExtensionDir, 'dist', f)).filter((f) => existsSync(f));
  return {
    productLogMs: productLog(vs.userDataDir),
    vscodeReportedMs: vscodeTiming.ms,
    vscodeReportedText: vscodeTiming.text,
    requireMs: await requireTimes(vs, files),
  };
}
