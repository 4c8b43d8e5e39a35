// The messages of the open chat that are not drawn yet: those that came with the state or a page
// but wait for their turn (drawn newest first), and those still on the host (asked for a page at a
// time with 'loadOlder', one request in flight at most). Plain data, no DOM.
import type { MessageView, ToHost } from '../../src/shared/protocol';

export type LoadOlder = Extract<ToHost, { type: 'loadOlder' }>;

export class Backlog {
  private conversation = '';
  /** Received, not drawn yet; oldest first. */
  private waiting: MessageView[] = [];
  /** Messages the host has before the oldest one received. */
  private onHost = 0;
  /** The beforeId of the request in flight. */
  private requested: string | undefined;

  get conversationId(): string {
    return this.conversation;
  }

  /** Nothing waiting and nothing left on the host. */
  get complete(): boolean {
    return this.waiting.length === 0 && this.onHost === 0;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  get olderOnHost(): number {
    return this.onHost;
  }

  /** A new state: `messages` are the newest of the chat, `olderCount` more are on the host. */
  reset(conversationId: string, messages: readonly MessageView[], olderCount: number): void {
    this.conversation = conversationId;
    this.waiting = [...messages];
    this.onHost = Math.max(0, Math.floor(olderCount) || 0);
    this.requested = undefined;
  }

  /** The newest waiting message, taken out of the backlog (to be drawn). */
  takeNewest(): MessageView | undefined {
    return this.waiting.pop();
  }

  /**
   * The request to post when fewer than `lowWater` messages wait and the host has more: one at a
   * time, for the messages before `oldestKnownId` (the oldest message the view has, drawn or not).
   */
  nextRequest(oldestKnownId: string | undefined, lowWater: number): LoadOlder | undefined {
    if (this.onHost === 0 || this.requested !== undefined || !oldestKnownId || this.waiting.length >= lowWater) return undefined;
    this.requested = oldestKnownId;
    return { type: 'loadOlder', conversationId: this.conversation, beforeId: oldestKnownId };
  }

  /**
   * A page from the host. Accepted only when it answers the request in flight for this chat (a
   * late answer for an earlier state is dropped); returns the accepted messages, oldest first.
   */
  receive(conversationId: string, beforeId: string, messages: readonly MessageView[], olderCount: number): MessageView[] | undefined {
    if (conversationId !== this.conversation || beforeId !== this.requested) return undefined;
    this.requested = undefined;
    this.waiting = [...messages, ...this.waiting];
    this.onHost = Math.max(0, Math.floor(olderCount) || 0);
    return [...messages];
  }

  /** A waiting message, if it waits here. */
  get(id: string): MessageView | undefined {
    return this.waiting.find((m) => m.id === id);
  }

  /** A newer copy of a waiting message; false when it is not waiting here. */
  replace(view: MessageView): boolean {
    const i = this.waiting.findIndex((m) => m.id === view.id);
    if (i === -1) return false;
    this.waiting[i] = view;
    return true;
  }

  remove(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.waiting = this.waiting.filter((m) => !gone.has(m.id));
  }
}
