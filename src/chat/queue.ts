// The message queue of a chat: what the user sends while an answer is streaming waits here, in the
// conversation itself (so it is saved with it and survives a webview reload or a window reload),
// and goes out in order as each answer ends, however it ends (turns.ts drains it). Removing one is
// the user's explicit choice; nothing leaves the queue otherwise except by being sent.
// No `vscode` import.
import type { QueuedMessageView } from '../shared/protocol';
import { imageView } from './imageAttach';
import type { Conversation, QueuedMessage } from './model';
import { attachmentView } from './view';

export function enqueue(conv: Conversation, message: QueuedMessage): void {
  (conv.queued ??= []).push(message);
}

/** The next message to send, still in the queue (take it with dequeue once it is really going out). */
export function peekQueued(conv: Conversation): QueuedMessage | undefined {
  return conv.queued?.[0];
}

/** Takes `message` out of the queue; false when it is no longer there. */
export function dequeue(conv: Conversation, messageId: string): QueuedMessage | undefined {
  const at = conv.queued?.findIndex((m) => m.id === messageId) ?? -1;
  if (!conv.queued || at === -1) return undefined;
  const [taken] = conv.queued.splice(at, 1);
  if (conv.queued.length === 0) delete conv.queued;
  return taken;
}

export function queuedViews(conv: Conversation): QueuedMessageView[] {
  return (conv.queued ?? []).map((m) => ({ id: m.id, text: m.text, attachments: m.attachments.map(attachmentView), images: m.images.map(imageView) }));
}
