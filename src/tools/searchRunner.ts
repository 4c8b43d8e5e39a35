// Runs a text or regex search over files in a worker thread with a time limit. The pattern comes
// from the model: a catastrophically backtracking regex must not freeze the extension host (and
// every other extension with it), so matching happens off the main thread and is killed on timeout
// or Stop. No `vscode` import.
import { Worker } from 'node:worker_threads';

export interface SearchFile {
  /** Absolute path to read. */
  path: string;
  /** What to show for it (workspace-relative). */
  display: string;
}

export interface SearchOptions {
  /** RegExp source (plain text is escaped by the caller via toPattern). */
  source: string;
  flags: string;
  maxMatches: number;
  /** Larger files are skipped. */
  maxFileBytes: number;
  /** Long lines are matched and shown only up to this many characters. */
  maxLineChars: number;
  timeoutMs: number;
  /**
   * Date.now() after which no further file is opened (the answer then says how far it got). Keeps a
   * search over thousands of files answering in time; `timeoutMs` is the hard stop for a regex that
   * hangs on one line.
   */
  deadline?: number;
  /** However late the worker starts, it searches at least this long (ms) before the deadline can stop it. */
  minSearchMs?: number;
}

export interface SearchMatch {
  file: string;
  line: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches existed than maxMatches. */
  truncated: boolean;
  filesSearched: number;
  /** Files skipped as binary, too large or unreadable. */
  filesSkipped: number;
  /** The deadline passed: files after the first filesSearched + filesSkipped were not searched. */
  timeLimited: boolean;
}

export type PatternResult = { ok: true; source: string; flags: string } | { ok: false; error: string };

/** Builds the pattern: smart case (case-insensitive unless the query has an upper-case letter). */
export function toPattern(query: string, isRegex: boolean): PatternResult {
  const source = isRegex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags = /\p{Lu}/u.test(query) ? '' : 'i';
  try {
    new RegExp(source, flags);
  } catch (e) {
    return { ok: false, error: `query is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { ok: true, source, flags };
}

// Plain JavaScript run with `eval: true`: self-contained, so bundling cannot break it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { files, source, flags, maxMatches, maxFileBytes, maxLineChars, minSearchMs } = workerData;
const deadline = workerData.deadline && Math.max(workerData.deadline, Date.now() + (minSearchMs || 0));
const re = new RegExp(source, flags);
const matches = [];
let truncated = false, searched = 0, skipped = 0, timeLimited = false;
outer: for (const f of files) {
  if (deadline && searched + skipped > 0 && Date.now() >= deadline) { timeLimited = true; break; }
  let buf;
  try {
    const st = fs.statSync(f.path);
    if (!st.isFile() || st.size > maxFileBytes) { skipped++; continue; }
    buf = fs.readFileSync(f.path);
  } catch { skipped++; continue; }
  if (buf.subarray(0, 8000).includes(0)) { skipped++; continue; }
  searched++;
  const lines = buf.toString('utf8').split(/\\r?\\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].length > maxLineChars ? lines[i].slice(0, maxLineChars) : lines[i];
    if (re.test(line)) {
      if (matches.length >= maxMatches) { truncated = true; break outer; }
      const t = line.trim();
      matches.push({ file: f.display, line: i + 1, text: t.length > 300 ? t.slice(0, 300) + '…' : t });
    }
  }
}
parentPort.postMessage({ matches, truncated, filesSearched: searched, filesSkipped: skipped, timeLimited });
`;

export class SearchTimeoutError extends Error {
  constructor(seconds: number) {
    super(`the search took longer than ${seconds} s and was stopped (a regular expression that backtracks heavily?); try a simpler query or a narrower glob`);
    this.name = 'SearchTimeoutError';
  }
}

export class SearchAbortedError extends Error {
  constructor() {
    super('the search was stopped');
    this.name = 'SearchAbortedError';
  }
}

export function runSearch(files: readonly SearchFile[], opts: SearchOptions, signal?: AbortSignal): Promise<SearchResult> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SearchAbortedError());
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { files, source: opts.source, flags: opts.flags, maxMatches: opts.maxMatches, maxFileBytes: opts.maxFileBytes, maxLineChars: opts.maxLineChars, deadline: opts.deadline, minSearchMs: opts.minSearchMs },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = (): void => finish(() => reject(new SearchAbortedError()));
    const timer = setTimeout(() => finish(() => reject(new SearchTimeoutError(Math.round(opts.timeoutMs / 1000)))), opts.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (r: SearchResult) => finish(() => resolve(r)));
    worker.once('error', (e) => finish(() => reject(e)));
    worker.once('exit', (code) => finish(() => reject(new Error(`search worker exited (${code})`))));
  });
}
