// Texts of semantic search: the estimate shown before indexing, the summary after it, and the
// search_codebase tool's answer. No `vscode` import.
import { formatTokens } from '../llm/tokens';
import { plural } from '../tools/text';
import type { ScanResult } from './indexer';

/** The most hits one search returns (venice.semanticSearch's `limit`, the search_codebase tool). */
export const MAX_SEARCH_LIMIT = 50;

export interface SemanticHit {
  /** Workspace label, e.g. "src/app.ts". */
  path: string;
  startLine: number;
  endLine: number;
  /** Cosine similarity, -1..1 (higher is closer). */
  score: number;
  /** The chunk's lines as they are on disk now (bounded). */
  snippet: string;
}

export interface IndexReport {
  model: string;
  /** Files and chunks in the index after the run. */
  files: number;
  chunks: number;
  embeddedFiles: number;
  embeddedChunks: number;
  removedFiles: number;
  unchangedFiles: number;
  skipped: { binary: number; large: number; unreadable: number };
  tokens: number;
  durationMs: number;
  cancelled: boolean;
  /** findFiles stopped at its limit: the workspace has more files than were indexed. */
  hitLimit: boolean;
  error?: string;
}

export const COMMAND_TITLE = 'Venice: Index Workspace for Semantic Search';

function usd(n: number): string {
  return n < 0.01 ? 'less than $0.01' : `about $${n.toFixed(2)}`;
}

/** The question asked before the first run (or a rebuild for a new model). */
export function estimateText(scan: ScanResult, maxFiles: number, priceUsdPerMillion?: number): { message: string; detail: string } {
  const cost = priceUsdPerMillion !== undefined ? ` (${usd((scan.tokens / 1_000_000) * priceUsdPerMillion)})` : '';
  const message = `Index ${plural(scan.changed.length, 'file')} for semantic search? ${plural(scan.chunks, 'chunk')}, about ${formatTokens(scan.tokens)} tokens${cost}.`;
  const skipped = scan.skipped.binary + scan.skipped.large + scan.skipped.unreadable;
  const lines = [
    `The text of these files is sent to Venice (${scan.model}) to compute embeddings. The vectors are stored in VS Code's storage for this workspace, not in the workspace itself.`,
    'Left out: files ignored by .gitignore, files.exclude or search.exclude, files that may hold secrets (.env, keys), binaries and files over 1 MB.',
  ];
  if (skipped) lines.push(`${plural(skipped, 'binary, large or unreadable file')} skipped.`);
  if (scan.hitLimit) lines.push(`Only the first ${maxFiles.toLocaleString('en-US')} files of this workspace are considered.`);
  lines.push('Afterwards the index follows your changes: only changed files are embedded again.');
  return { message, detail: lines.join('\n\n') };
}

export function reportText(r: IndexReport): string {
  const secs = (r.durationMs / 1000).toFixed(1);
  if (r.error) return `Venice: indexing stopped: ${r.error} The ${plural(r.embeddedFiles, 'file')} embedded before that ${r.embeddedFiles === 1 ? 'is' : 'are'} saved; run the command again to continue.`;
  if (r.cancelled) return `Venice: indexing stopped. ${plural(r.embeddedFiles, 'file')} embedded so far ${r.embeddedFiles === 1 ? 'is' : 'are'} saved; run the command again to continue.`;
  if (r.embeddedFiles === 0 && r.removedFiles === 0) return `Venice: the semantic index is up to date (${plural(r.files, 'file')}, ${plural(r.chunks, 'chunk')}).`;
  const changes = [`embedded ${plural(r.embeddedFiles, 'file')} (${plural(r.embeddedChunks, 'chunk')})`];
  if (r.removedFiles) changes.push(`removed ${plural(r.removedFiles, 'file')}`);
  return `Venice: semantic index ready: ${plural(r.files, 'file')}, ${plural(r.chunks, 'chunk')}; ${changes.join(', ')} in ${secs} s.`;
}

export const NO_INDEX_TEXT =
  'There is no semantic index for this workspace yet. Ask the user to run "Venice: Index Workspace for Semantic Search" (command venice.indexWorkspace) to create one. Until then, use search_workspace to find exact text.';

const MAX_TOOL_CHARS = 24_000;

/** The search_codebase answer: ranked passages with their location, as plain text for the model. */
export function hitsForTool(query: string, hits: readonly SemanticHit[]): string {
  if (hits.length === 0) return `No passages in the semantic index match ${JSON.stringify(query)}. Try other words, or search_workspace for exact text.`;
  const parts = [`${plural(hits.length, 'passage')} most similar in meaning to ${JSON.stringify(query)} (score: cosine similarity, higher is closer). Use read_file for more context.`];
  let used = parts[0].length;
  for (const [i, h] of hits.entries()) {
    const fence = h.snippet.includes('```') ? '~~~~' : '```';
    const block = `\n${i + 1}. ${h.path}:${h.startLine}-${h.endLine} (score ${h.score.toFixed(3)})\n${fence}\n${h.snippet}\n${fence}`;
    if (used + block.length > MAX_TOOL_CHARS) {
      parts.push(`\n[${plural(hits.length - i, 'more passage')} left out to keep this answer short.]`);
      break;
    }
    parts.push(block);
    used += block.length;
  }
  return parts.join('\n');
}

/** The lines of a hit as they are now (the file may have changed since it was indexed), bounded. */
export function snippetOf(text: string, startLine: number, endLine: number, maxLines: number, maxChars: number): string {
  const lines = text.split(/\r\n|\r|\n/).slice(startLine - 1, Math.min(endLine, startLine - 1 + maxLines));
  let out = lines.join('\n');
  if (out.length > maxChars) out = `${out.slice(0, maxChars)}…`;
  if (endLine - startLine + 1 > maxLines) out += `\n… (${endLine - startLine + 1 - maxLines} more lines)`;
  return out;
}
