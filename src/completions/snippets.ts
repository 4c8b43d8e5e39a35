// Short snippets from other files of the same language for the prompt: for each candidate file the
// window of lines that shares the most identifiers with the code just before the cursor (Jaccard
// similarity, as the best-known completion extensions do), best first, within a token budget.
// Recently edited files rank before files that are only open. No `vscode` import.
import { estimateTextTokens } from '../llm/tokens';

export interface SnippetSource {
  /** Workspace-relative path, shown to the model. */
  path: string;
  text: string;
  /** 0-based line of the last edit, when known: windows near it win ties. */
  focusLine?: number;
}

export interface Snippet {
  path: string;
  text: string;
}

const WINDOW_LINES = 16;
const STRIDE = 8;
/** Lines of a candidate file looked at (around its focus line): keeps the cost per request small. */
const MAX_LINES_PER_FILE = 800;
export const MAX_SNIPPETS = 3;
export const DEFAULT_SNIPPET_TOKENS = 600;

/** Keywords every file of a language shares: they say nothing about relevance. */
const COMMON = new Set(
  'const let var function return this self def class import from export public private protected static void int new true false null None True False undefined async await else for while elif pass struct impl func package'.split(' '),
);

function identifiers(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z_$][\w$]{2,}/g)) if (!COMMON.has(m[0])) out.add(m[0]);
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

interface Candidate {
  path: string;
  text: string;
  score: number;
  rank: number;
}

function bestWindow(source: SnippetSource, wanted: Set<string>, rank: number): Candidate | undefined {
  const lines = source.text.split('\n');
  const focus = source.focusLine ?? 0;
  const from = Math.max(0, Math.min(focus - MAX_LINES_PER_FILE / 2, lines.length - MAX_LINES_PER_FILE));
  const to = Math.min(lines.length, from + MAX_LINES_PER_FILE);
  let best: Candidate | undefined;
  for (let start = from; start < to; start += STRIDE) {
    const text = lines.slice(start, Math.min(to, start + WINDOW_LINES)).join('\n');
    if (!text.trim()) continue;
    const score = jaccard(wanted, identifiers(text));
    if (!best || score > best.score) best = { path: source.path, text, score, rank };
    if (start + WINDOW_LINES >= to) break;
  }
  return best;
}

/**
 * Up to MAX_SNIPPETS windows (one per file) that share identifiers with `nearCursor`, within
 * `budgetTokens`. Files come in order of preference (recently edited first).
 */
export function pickSnippets(nearCursor: string, sources: readonly SnippetSource[], budgetTokens = DEFAULT_SNIPPET_TOKENS): Snippet[] {
  const wanted = identifiers(nearCursor);
  if (!wanted.size) return [];
  const candidates = sources
    .map((s, i) => bestWindow(s, wanted, i))
    .filter((c): c is Candidate => c !== undefined && c.score > 0)
    .sort((a, b) => b.score - a.score || a.rank - b.rank);
  const out: Snippet[] = [];
  let left = budgetTokens;
  for (const c of candidates) {
    const cost = estimateTextTokens(c.text) + estimateTextTokens(c.path) + 4;
    if (cost > left) continue;
    out.push({ path: c.path, text: c.text });
    left -= cost;
    if (out.length === MAX_SNIPPETS) break;
  }
  return out;
}
