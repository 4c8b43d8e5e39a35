// search_codebase, the chat tool of semantic search: read-only search over the workspace's index.
// It never builds an index itself (that sends the workspace to Venice, which only the user starts);
// with no index it says how to create one.
import { defineTool, ToolError, type ToolImpl } from '../tools/dispatcher';
import { done } from '../tools/handlers/outcome';
import { toolSpec } from '../tools/schemas';
import { plural } from '../tools/text';
import { hitsForTool, type SemanticHit } from './format';

/** The workspace's semantic index as search_codebase sees it (SemanticIndexService implements it). */
export interface CodebaseSearcher {
  search(query: string, limit: number, signal: AbortSignal): Promise<{ kind: 'ok'; hits: SemanticHit[] } | { kind: 'noIndex'; message: string }>;
}

interface SearchCodebaseArgs {
  query: string;
  limit?: number;
}

const DEFAULT_LIMIT = 8;

/** Without a searcher (no index service in this window) the tool answers that semantic search is unavailable. */
export function searchCodebaseTool(semantic: CodebaseSearcher | undefined): ToolImpl {
  return defineTool<SearchCodebaseArgs>(toolSpec('search_codebase'), async (args, rt) => {
    if (!semantic) throw new ToolError('Semantic search is not available in this window.', 'Semantic search unavailable');
    const query = args.query.trim();
    if (!query) throw new ToolError('query is empty: describe what to look for.');
    const out = await semantic.search(query, args.limit ?? DEFAULT_LIMIT, rt.signal);
    if (out.kind === 'noIndex') throw new ToolError(out.message, 'No semantic index yet');
    const shown = query.length > 40 ? `${query.slice(0, 39)}…` : query;
    return done(hitsForTool(query, out.hits), `Semantic search ${JSON.stringify(shown)}: ${plural(out.hits.length, 'passage')}`);
  });
}
