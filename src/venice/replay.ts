// What a reasoning model hands back for its next tool round: Gemini-style `reasoning_details` items
// and the `thought_signature` (api-notes §3.1: assistant messages take both, and tool loops must send
// them back verbatim, or the model loses its reasoning, and Gemini refuses unsigned calls).
// Collected from stream deltas; the items are kept exactly as received, in order.
import { asRecord, type UnknownRecord } from '../util/guards';
import type { StreamEvent } from './types';

export type ReplayEvent = Extract<StreamEvent, { type: 'replay' }>;

export class ReplayCollector {
  private readonly details: UnknownRecord[] = [];
  private signature: string | undefined;

  /** One delta that carries `reasoning_details` and/or `thought_signature`. */
  add(delta: UnknownRecord): void {
    const list = delta.reasoning_details;
    if (Array.isArray(list)) {
      for (const item of list) {
        const detail = asRecord(item);
        // The contract requires `type` on every item; one without it would make the next request a 400.
        if (detail && typeof detail.type === 'string') this.details.push(detail);
      }
    }
    const signature = delta.thought_signature;
    if (typeof signature === 'string' && signature) this.signature = signature;
  }

  /** The event for the end of the stream, or undefined when the model sent neither. */
  result(callSignature: string | undefined): ReplayEvent | undefined {
    const thoughtSignature = this.signature ?? callSignature;
    if (this.details.length === 0 && thoughtSignature === undefined) return undefined;
    const event: ReplayEvent = { type: 'replay' };
    if (this.details.length > 0) event.reasoningDetails = this.details;
    if (thoughtSignature !== undefined) event.thoughtSignature = thoughtSignature;
    return event;
  }
}
