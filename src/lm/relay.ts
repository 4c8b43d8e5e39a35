// Venice stream events -> what a VS Code language-model response carries (text and tool calls).
// Reasoning is not passed on: the stable API has no part for it. No `vscode` import.
import { largestUsage, type ResponseUsage } from '../llm/usage';
import { VeniceError } from '../venice/errors';
import type { StreamEvent, Usage } from '../venice/types';
import { parseToolCalls, type ParsedToolCall, type ToolNames } from './tools';

export interface RelaySink {
  text(text: string): void;
  toolCall(call: ParsedToolCall): void;
}

export interface RelayOutcome {
  finishReason?: string;
  /** The response's usage by the one rule (src/llm/usage.ts): the largest report, never a sum. */
  usage?: Usage;
  /** Unreadable stream events skipped: the answer may be missing text (the caller logs it). */
  skipped: number;
  /** Text characters passed on. */
  textChars: number;
  toolCalls: number;
}

export async function relayStream(events: AsyncIterable<StreamEvent>, sink: RelaySink, names: ToolNames, newId: () => string): Promise<RelayOutcome> {
  const outcome: RelayOutcome = { textChars: 0, toolCalls: 0, skipped: 0 };
  let usage: ResponseUsage | undefined;
  for await (const ev of events) {
    switch (ev.type) {
      case 'text':
        if (ev.text) {
          outcome.textChars += ev.text.length;
          sink.text(ev.text);
        }
        break;
      case 'toolCalls':
        // Parse all first: one bad call fails the turn before any call of it is passed on.
        for (const call of parseToolCalls(ev.calls, names, newId)) {
          outcome.toolCalls++;
          sink.toolCall(call);
        }
        break;
      case 'usage':
        usage = largestUsage(usage, ev);
        outcome.usage = usage.usage;
        break;
      case 'incomplete':
        outcome.skipped = ev.skipped;
        break;
      case 'finish':
        outcome.finishReason = ev.reason;
        if (ev.reason === 'content_filter') {
          throw new VeniceError({ kind: 'contentPolicy', message: 'Venice stopped the answer under its content policy.' });
        }
        break;
      default:
        break;
    }
  }
  return outcome;
}
