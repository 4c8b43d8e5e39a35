import type { SemanticHit } from '../../semantic/format';
import type { VeniceApi } from '../../venice/api';
import type { ReviewDocuments } from '../review';

/** The workspace's semantic index as search_codebase sees it (src/semantic/service.ts). */
export interface CodebaseSearcher {
  search(query: string, limit: number, signal: AbortSignal): Promise<{ kind: 'ok'; hits: SemanticHit[] } | { kind: 'noIndex'; message: string }>;
}

/** What the editor tools need from the rest of the extension. */
export interface ToolDeps {
  client: VeniceApi;
  reviews: ReviewDocuments;
  /** Absent: search_codebase answers that semantic search is not available here. */
  semantic?: CodebaseSearcher;
}
