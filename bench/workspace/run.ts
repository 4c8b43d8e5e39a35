// Part 8 of `npm run bench`: list_files and search_workspace on a generated 100,000-file workspace
// (BENCH_WORKSPACE_FILES) in the real VS Code (code-server, the built extension installed): the
// product's tool host is bundled (bench/workspace/probe.ts) and run in the extension host through the
// test bridge, so findFiles, files.exclude/search.exclude and the search worker are VS Code's and the
// product's own. Each call: the first (cold) and the median of the warm repeats, with the answer
// checked to be capped (a truncation note, at most the cap of lines). Also times the semantic
// index's file listing (findFiles + stat), which every start-up pass of an existing index runs.
// Writes JSON to the path in argv[2]. Start it under the shared lock (flock /tmp/vscode-e2e.lock).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ensureHarness } from '../../test/harness/install';
import { launchVSCode } from '../../test/harness/vscode';
import { median, prng, round } from '../lib/stats';

export interface ToolTiming {
  label: string;
  tool: string;
  args: Record<string, unknown>;
  coldMs: number;
  warmMs: number[];
  warmMedianMs: number;
  /** Lines in the answer (paths or matches) and whether it said it was cut short (by a count or the time limit). */
  lines: number;
  capped: boolean;
  summary: string;
  /** The answer's own notes ("[Truncated: …]", "[Time limit: searched N of M files …]"). */
  notes: string[];
}

export interface WorkspaceBench {
  files: number;
  bytes: number;
  generateSeconds: number;
  calls: ToolTiming[];
  indexListing: { ms: number; files: number; hitLimit: boolean } | null;
  /** The watcher's listing of one changed file for the semantic index (findFiles with the literal path), each run. */
  indexOneFileListingMs: number[];
  /** VS Code's findFiles alone, warm: the part of each listing that is VS Code's. */
  findFiles: Array<{ glob: string; max: number; ms: number; files: number }>;
}

const FILES = Number(process.env.BENCH_WORKSPACE_FILES ?? 100_000);
const WARM = Number(process.env.BENCH_WORKSPACE_REPS ?? 3);
const log = (m: string) => console.log(`[bench] ${m}`);

const WORDS = 'alpha beta gamma delta render invoice ledger stream token cache queue widget router schema cursor metric'.split(' ');

/** 100,000 small files in 40 packages × 50 folders: code, docs and JSON, a rare word in a few. */
function writeWorkspace(root: string, count: number): number {
  const rand = prng(1234);
  const w = () => WORDS[Math.floor(rand() * WORDS.length)];
  let bytes = 0;
  const perFolder = 50;
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, `pkg${Math.floor(i / 2500)}`, `folder${Math.floor(i / perFolder) % 50}`);
    if (i % perFolder === 0) mkdirSync(dir, { recursive: true });
    const kind = i % 10;
    const name = kind < 7 ? `file${i}.ts` : kind < 9 ? `notes${i}.md` : `data${i}.json`;
    const lines = 10 + Math.floor(rand() * 30);
    const body: string[] = [];
    for (let l = 0; l < lines; l++) body.push(kind < 7 ? `export const ${w()}${l} = ${w()}(${l}); // ${w()} ${w()}` : `${w()} ${w()} ${w()} ${l}`);
    // A word in one file of 500: a search that must read far to find its matches.
    if (i % 500 === 250) body.push(`// zephyrine marker ${i}`);
    const text = `${body.join('\n')}\n`;
    writeFileSync(path.join(dir, name), text);
    bytes += text.length;
  }
  return bytes;
}

async function buildProbe(outdir: string): Promise<string> {
  const outfile = path.join(outdir, 'probe.js');
  await esbuild.build({ entryPoints: [path.join(__dirname, 'probe.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, external: ['vscode'], logLevel: 'warning' });
  return outfile;
}

const CALLS: Array<{ label: string; tool: string; args: Record<string, unknown>; cap: number }> = [
  { label: 'list_files, whole workspace', tool: 'list_files', args: {}, cap: 500 },
  { label: 'list_files, glob **/*.md', tool: 'list_files', args: { glob: '**/*.md' }, cap: 500 },
  { label: 'search_workspace, common word (cap of matches)', tool: 'search_workspace', args: { query: 'invoice' }, cap: 200 },
  { label: 'search_workspace, rare word (reads the cap of files)', tool: 'search_workspace', args: { query: 'zephyrine' }, cap: 200 },
  { label: 'search_workspace, regex with a glob', tool: 'search_workspace', args: { query: 'ledger\\d+ = cache', isRegex: true, glob: 'pkg1*/**/*.ts' }, cap: 200 },
];

async function main(): Promise<void> {
  const out = process.argv[2];
  ensureHarness();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'venice-bench-large-'));
  const workspace = path.join(tmp, 'workspace');
  try {
    log(`writing a ${FILES.toLocaleString('en-US')}-file workspace under ${workspace}…`);
    const g0 = performance.now();
    const bytes = writeWorkspace(workspace, FILES);
    const generateSeconds = round((performance.now() - g0) / 1000, 1);
    const probe = await buildProbe(tmp);
    const vs = await launchVSCode({ workspace, userSettings: { 'venice.apiBaseUrl': 'http://127.0.0.1:9/api/v1' } });
    try {
      const call = <T>(fn: string, ...args: unknown[]) => vs.bridge.run<T>(`return require(args.probe)[args.fn](...args.args);`, { probe, fn, args });
      const calls: ToolTiming[] = [];
      for (const c of CALLS) {
        const cold = await call<{ ms: number; ok: boolean; content: string; summary?: string }>('runTool', c.tool, c.args);
        if (!cold.ok) throw new Error(`${c.label}: ${cold.content.slice(0, 300)}`);
        const warm: number[] = [];
        for (let i = 0; i < WARM; i++) warm.push(round((await call<{ ms: number }>('runTool', c.tool, c.args)).ms, 1));
        const lines = cold.content.split('\n').filter((l) => l && !l.startsWith('[')).length;
        const capped = /\[(Truncated|Only the first|Time limit)/.test(cold.content);
        const t: ToolTiming = { label: c.label, tool: c.tool, args: c.args, coldMs: round(cold.ms, 1), warmMs: warm, warmMedianMs: round(median(warm), 1), lines, capped, summary: cold.summary ?? '', notes: cold.content.split('\n').filter((l) => l.startsWith('[')) };
        if (lines > c.cap) throw new Error(`${c.label}: ${lines} lines, over the cap of ${c.cap}`);
        log(`${c.label}: cold ${t.coldMs} ms, warm ${warm.join(', ')} ms; ${lines} lines${capped ? ' (capped)' : ''}; ${t.summary} ${t.notes.join(' ')}`);
        calls.push(t);
      }
      const findFiles: WorkspaceBench['findFiles'] = [];
      for (const max of [501, 5001]) {
        const f = await call<{ ms: number; files: number }>('findFilesOnly', '**/*', max);
        findFiles.push({ glob: '**/*', max, ms: round(f.ms, 0), files: f.files });
        log(`findFiles('**/*', ${max}) alone: ${round(f.ms, 0)} ms`);
      }
      const listing = await call<{ ms: number; files: number; hitLimit: boolean }>('listForIndex');
      log(`semantic index listing: ${listing.files} files in ${round(listing.ms, 0)} ms${listing.hitLimit ? ' (hit the limit)' : ''}`);
      const indexOneFileListingMs: number[] = [];
      for (const label of ['pkg0/folder0/file0.ts', 'pkg20/folder10/file50500.ts', 'pkg39/folder49/file99996.ts']) {
        const one = await call<{ ms: number; found: boolean }>('listOneForIndex', label);
        if (!one.found) throw new Error(`the watcher's listing did not find ${label}`);
        indexOneFileListingMs.push(round(one.ms, 0));
      }
      log(`semantic index, one changed file's listing: ${indexOneFileListingMs.join(', ')} ms`);
      const result: WorkspaceBench = { files: FILES, bytes, generateSeconds, calls, indexListing: { ...listing, ms: round(listing.ms, 0) }, indexOneFileListingMs, findFiles };
      writeFileSync(out, JSON.stringify(result, null, 2));
    } finally {
      await vs.stop();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
