import type { VeniceApi } from '../../venice/api';
import type { ReviewDocuments } from '../review';

/** What the editor tools need from the rest of the extension. */
export interface ToolDeps {
  client: VeniceApi;
  reviews: ReviewDocuments;
}
