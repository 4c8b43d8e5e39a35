// search_codebase: read-only semantic search over the workspace's index (src/semantic). It never
// builds an index itself (that sends the workspace to Venice, which only the user starts); with no
// index it says how to create one.
import { hitsForTool } from '../../semantic/format';
import { defineTool, ToolError } from '../dispatcher';
import { toolSpec } from '../schemas';
import { plural } from '../text';
import type { ToolDeps } from './deps';
import { done } from './outcome';

interface SearchCodebaseArgs {
  query: string;
  limit?: number;
}

const DEFAULT_LIMIT = 8;

export const searchCodebaseTool = (deps: ToolDeps) =>
  defineTool<SearchCodebaseArgs>(toolSpec('search_codebase'), async (args, rt) => {
    if (!deps.semantic) throw new ToolError('Semantic search is not available in this window.', 'Semantic search unavailable');
    const query = args.query.trim();
    if (!query) throw new ToolError('query is empty: describe what to look for.');
    const out = await deps.semantic.search(query, args.limit ?? DEFAULT_LIMIT, rt.signal);
    if (out.kind === 'noIndex') throw new ToolError(out.message, 'No semantic index yet');
    const shown = query.length > 40 ? `${query.slice(0, 39)}…` : query;
    return done(hitsForTool(query, out.hits), `Semantic search ${JSON.stringify(shown)}: ${plural(out.hits.length, 'passage')}`);
  });
