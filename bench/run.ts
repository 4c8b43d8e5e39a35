// `npm run bench`: builds the extension, measures it, and writes bench/results/latest.json and
// latest.md (and the table in README.md's Benchmarks section). Works from a fresh clone: npm
// packages come from `npm ci` when missing, code-server and Chromium from the test harness.
// Parts run in their own processes so one part's JIT and GC state do not colour another's.
// Quicker, rougher runs: BENCH_CLIENT_ROUNDS, BENCH_RENDER_REPS, BENCH_RENDER_TOKENS, BENCH_CHATS;
// BENCH_SKIP=vscode,vsix,client skips parts; BENCH_VSCODE_ONLY=activation runs only the activation
// part of the VS Code session (BENCH_ACTIVATION_LOADS window loads, default 5); BENCH_VSCODE_SKIP=memory,activation
// skips VS Code parts (floor: the transport floor, see bench/vscode/floor.ts), BENCH_RENDER_CASES=product/5k
// limits the rendering runs, BENCH_STORE_REPS repeats (0: skips) the 2,000-message opening (and the empty
// view's, alternating), BENCH_FLOOR_SAMPLES sets the host → webview echoes per floor batch (default 30),
// BENCH_LONG_REPS (default 2; 0 skips) the openings of the long conversation (BENCH_LONG_MESSAGES,
// default 10,000), each followed by a scroll to its top (BENCH_SCROLL_PX per frame, default 1,500).
// Large workspaces: BENCH_SKIP=semantic skips the semantic index of a generated repository (BENCH_INDEX_FILES,
// default 20,000), BENCH_SKIP=workspace the tools on a generated workspace in VS Code (BENCH_WORKSPACE_FILES,
// default 100,000; BENCH_WORKSPACE_REPS warm repeats, default 3); BENCH_SKIP=large skips both.
// Terminal output into run_command's card (50 MB, BENCH_TERMINAL_MB): BENCH_VSCODE_SKIP=terminal skips
// it, BENCH_VSCODE_ONLY=terminal runs only it.
// Prompt caching: BENCH_SKIP=cache skips the 10-turn conversation's cost with and without caching.
// BENCH_SKIP=media skips the video download streamed to disk (BENCH_VIDEO_MB, default 200).
// Inline completions (in the VS Code session): BENCH_VSCODE_SKIP=completions skips them, BENCH_VSCODE_ONLY=completions
// runs only them, BENCH_COMPLETION_SAMPLES sets the completions timed (default 40).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClientBench } from './client/run';
import type { MediaBench } from './media/run';
import type { SemanticBench } from './semantic/run';
import type { WorkspaceBench } from './workspace/run';
import type { CacheBench } from './cache/run';
import { evaluateTargets, machineLine, markdownReport, targetsTable, type BenchResults, type Machine, type Sizes } from './lib/report';
import type { VSCodeBench } from './vscode/run';

const REPO = path.resolve(__dirname, '..');
const RESULTS = path.join(REPO, 'bench', 'results');
const TMP = path.join(RESULTS, 'tmp');
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean).flatMap((p) => (p === 'large' ? ['semantic', 'workspace'] : [p])));

function say(m: string): void {
  console.log(`[bench] ${m}`);
}

/** npm packages: a fresh clone (or one from before `openai` was added) gets `npm ci`. */
function ensurePackages(): void {
  const needed = ['openai', 'undici', 'eventsource-parser', 'playwright-core', 'esbuild', 'tsx'];
  if (needed.every((p) => existsSync(path.join(REPO, 'node_modules', p, 'package.json')))) return;
  say('installing npm packages (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO, stdio: 'inherit' });
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    loadStart: os.loadavg()[0],
    loadEnd: 0,
  };
}

function build(): void {
  say('building (node esbuild.mjs, minified as shipped)…');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
}

function sizes(): Sizes {
  const dist = path.join(REPO, 'dist');
  const size = (f: string) => (existsSync(path.join(dist, f)) ? statSync(path.join(dist, f)).size : 0);
  const hostFiles = ['extension.js', 'undici.js', 'markdown-it.js', 'chat.js', 'mcp.js', 'studio.js'];
  const files: Record<string, number> = {};
  for (const f of [...hostFiles, 'webview.js', 'webview-hljs.js', 'webview.css', 'audio.js', 'audio.css']) if (size(f)) files[`dist/${f}`] = size(f);
  let vsixBytes: number | null = null;
  if (!skip.has('vsix')) {
    say('packaging the .vsix (npm run package)…');
    const vsix = path.join(dist, 'venice-vscode.vsix');
    rmSync(vsix, { force: true });
    const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8' });
    if (r.status === 0 && existsSync(vsix)) vsixBytes = statSync(vsix).size;
    else say(`packaging failed: ${(r.stderr || r.stdout).slice(-500)}`);
  }
  return {
    files,
    hostActivationBytes: size('extension.js'),
    hostTotalBytes: hostFiles.reduce((s, f) => s + size(f), 0),
    webviewBytes: size('webview.js'),
    vsixBytes,
  };
}

/** Runs one part in its own Node process; it writes its JSON result to a file. */
function part<T>(name: string, script: string, nodeArgs: string[] = []): T {
  const out = path.join(TMP, `${name}.json`);
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(REPO, 'bench', script), out], { cwd: REPO, stdio: 'inherit', timeout: 15 * 60_000 });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`${name} benchmark failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

/** Replaces the generated block of the README's Benchmarks section, when the markers are there. */
function updateReadme(results: BenchResults): void {
  const file = path.join(REPO, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  const block = [start, `Last run ${results.date.slice(0, 10)} on ${machineLine(results.machine)}.`, '', targetsTable(results.targets), end].join('\n');
  writeFileSync(file, text.slice(0, a) + block + text.slice(b + end.length));
}

async function main(): Promise<number> {
  const t0 = Date.now();
  mkdirSync(TMP, { recursive: true });
  ensurePackages();
  const m = machine();
  build();
  const errors: string[] = [];
  let client: ClientBench | null = null;
  let vscode: VSCodeBench | null = null;
  if (!skip.has('client')) {
    say('1. streaming client throughput…');
    try {
      client = part<ClientBench>('client', 'client/run.ts', ['--expose-gc']);
    } catch (e) {
      errors.push(`streaming client: ${String(e)}`);
    }
  }
  if (!skip.has('vscode')) {
    say('2–6. chat view, stored conversation, memory, activation, transport floor (real VS Code)…');
    try {
      vscode = part<VSCodeBench>('vscode', 'vscode/run.ts');
    } catch (e) {
      errors.push(`VS Code parts: ${String(e)}`);
    }
  }
  let semantic: SemanticBench | null = null;
  let workspace: WorkspaceBench | null = null;
  if (!skip.has('semantic')) {
    say('7. semantic index of a generated repository (plain Node, simulator in another process)…');
    try {
      semantic = part<SemanticBench>('semantic', 'semantic/run.ts', ['--expose-gc']);
    } catch (e) {
      errors.push(`semantic index: ${String(e)}`);
    }
  }
  if (!skip.has('workspace')) {
    say('8. list_files and search_workspace on a generated workspace (real VS Code)…');
    try {
      workspace = part<WorkspaceBench>('workspace', 'workspace/run.ts');
    } catch (e) {
      errors.push(`large workspace tools: ${String(e)}`);
    }
  }
  let cache: CacheBench | null = null;
  if (!skip.has('cache')) {
    say('9. prompt caching: a 10-turn conversation with and without (plain Node, simulator)…');
    try {
      cache = part<CacheBench>('cache', 'cache/run.ts');
    } catch (e) {
      errors.push(`prompt caching: ${String(e)}`);
    }
  }
  let media: MediaBench | null = null;
  if (!skip.has('media')) {
    say('10. a 200 MB video downloaded through the job runner, streamed to disk (plain Node, simulator in another process)…');
    try {
      media = part<MediaBench>('media', 'media/run.ts', ['--expose-gc']);
    } catch (e) {
      errors.push(`video download: ${String(e)}`);
    }
  }
  const sz = sizes();
  m.loadEnd = os.loadavg()[0];
  const partial = { date: new Date().toISOString(), durationSeconds: (Date.now() - t0) / 1000, machine: m, sizes: sz, client, vscode, semantic, workspace, cache, media, errors };
  const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
  writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = markdownReport(results);
  writeFileSync(path.join(RESULTS, 'latest.md'), `${md}\n`);
  updateReadme(results);
  console.log(`\n${md}\n`);
  say(`wrote bench/results/latest.json and latest.md in ${Math.round(results.durationSeconds)} s`);
  return errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
