// What a message element needs from the app around it: the document, the Markdown renderer, the
// way to the host, and hooks into the rest of the UI.
import type { ToHost } from '../../src/shared/protocol';
import type { MarkdownRenderer } from './render/markdown';

export interface MessageContext {
  doc: Document;
  renderer: MarkdownRenderer;
  post(m: ToHost): void;
  /** "Choose model" on an error card. */
  chooseModel(): void;
  /** "Retry" was clicked (the composer may drop a draft it restored for this failure). */
  retried(): void;
  /** "Compact conversation" on a context-overflow card: compacts the open chat. */
  compact?(): void;
}
