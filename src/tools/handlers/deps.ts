import type { ReviewDocuments } from '../review';

/** What the editor tools need from the rest of the extension. */
export interface ToolDeps {
  reviews: ReviewDocuments;
}
