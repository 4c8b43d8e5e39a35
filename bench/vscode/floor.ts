// The transport floor the chat view's figures are read against, measured in the same session as
// them and interleaved with them (bench/vscode/run.ts alternates): the host → webview message trip
// (echo samples, see bench/floor-extension/extension.ts) and the opening of an empty webview view by
// the same click and probe as the 2,000-message conversation (bench/vscode/viewOpen.ts).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { EchoSample } from '../floor-extension/extension';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, round } from '../lib/stats';
import { command, until, webviewDocument } from './session';
import { openViewByClick, type ViewOpenTimes } from './viewOpen';

export type { EchoSample };

export interface TripSummary {
  samples: number;
  /** Host posted → webview received, from the two ends' time stamps. */
  oneWayMedianMs: number;
  oneWayP90Ms: number;
  /** Host posted → host received the echo (one clock). */
  roundTripMedianMs: number;
  roundTripP90Ms: number;
}

export interface FloorResult {
  /** Echo samples per batch (BENCH_FLOOR_SAMPLES). */
  samplesPerBatch: number;
  /** Echo samples taken between the rendering runs (the render-lag floor). */
  renderTrip?: TripSummary;
  /** Echo samples taken between the conversation openings. */
  openTrip?: TripSummary;
  /** Openings of the empty view, medians field by field (longest task: the worst). */
  emptyOpen?: ViewOpenTimes & { runs: number };
  /** Each alternation's 2,000-message interactive time over the empty view's just before it. */
  openRatios?: number[];
}

const EXTENSION_ID = 'venice-bench.venice-bench-floor';
const SOURCE = path.join(__dirname, '..', 'floor-extension');
/** Echo samples per batch; a batch runs before each measured rendering and each opening. */
export const FLOOR_SAMPLES = Number(process.env.BENCH_FLOOR_SAMPLES ?? 30);

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function summarizeTrip(samples: readonly EchoSample[]): TripSummary | undefined {
  if (!samples.length) return undefined;
  const one = samples.map((s) => s.oneWayMs);
  const rt = samples.map((s) => s.roundTripMs);
  return {
    samples: samples.length,
    oneWayMedianMs: round(median(one), 1),
    oneWayP90Ms: round(percentile(one, 90), 1),
    roundTripMedianMs: round(median(rt), 1),
    roundTripP90Ms: round(percentile(rt, 90), 1),
  };
}

/** Builds the bench extension into the session's extensions folder and reloads until VS Code has it. */
export async function installFloorExtension(vs: VSCodeSession): Promise<void> {
  await installBenchExtension(vs, EXTENSION_ID, SOURCE, ['package.json', 'icon.svg']);
  // One unmeasured opening of each view, as the chat has been opened before its measured openings.
  await command(vs, 'workbench.view.extension.veniceBenchEmpty');
  await webviewDocument(vs.page, 'the empty bench view', '[data-bench-empty]', 60_000);
  await echoBatch(vs, 1);
}

/**
 * Builds a bench-only extension (`source`/extension.ts, plus the listed files) into the session's
 * extensions folder as `id`-0.0.1 and reloads the window until VS Code lists it.
 */
export async function installBenchExtension(vs: VSCodeSession, id: string, source: string, files: string[]): Promise<void> {
  const target = path.join(vs.extensionsDir, `${id}-0.0.1`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(source, 'extension.ts')],
    outfile: path.join(target, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'error',
  });
  for (const f of files) copyFileSync(path.join(source, f), path.join(target, f));
  registerInManifest(vs.extensionsDir, id, path.basename(target));
  // VS Code notices an extension folder added while it runs; the window picks it up on reload.
  await until(
    `VS Code to list the bench extension ${id}`,
    async () => {
      if (await vs.bridge.run<boolean>('return !!vscode.extensions.getExtension(args.id)', { id })) return true;
      await vs.reload();
      return undefined;
    },
    // A window reload takes tens of seconds on a loaded machine.
    300_000,
    1_000,
  );
}

/**
 * VS Code loads the extensions its extensions.json lists; a folder added while it runs is listed only
 * when its watcher notices it, which it sometimes does not: list it, as an install would.
 */
function registerInManifest(extensionsDir: string, id: string, folder: string): void {
  const manifest = path.join(extensionsDir, 'extensions.json');
  if (!existsSync(manifest)) return;
  const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Array<{ identifier: { id: string } }>;
  if (entries.some((e) => e.identifier.id === id)) return;
  const location = path.join(extensionsDir, folder);
  entries.push({ identifier: { id }, version: '0.0.1', location: { $mid: 1, fsPath: location, path: location, scheme: 'file' }, relativeLocation: folder } as { identifier: { id: string } });
  writeFileSync(manifest, JSON.stringify(entries));
}

/** One batch of host → webview echoes through the panel's echo view (opened if needed). */
export async function echoBatch(vs: VSCodeSession, samples = FLOOR_SAMPLES): Promise<EchoSample[]> {
  if (samples <= 0) return [];
  return (await command(vs, 'veniceBench.echo', { samples })) as EchoSample[];
}

/** Opens the empty view like the chat (reload, click on its icon) and times it with the probe. */
export async function emptyViewOpen(vs: VSCodeSession): Promise<ViewOpenTimes> {
  return openViewByClick(vs, 'Bench empty view', (timeoutMs) => webviewDocument(vs.page, 'the empty bench view', '[data-bench-empty]', timeoutMs), 1);
}
