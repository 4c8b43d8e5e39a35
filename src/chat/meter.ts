// The chat header's cost and context meter, built from the stored chat: totals over its answers
// (Venice's usage, or prices from /models where the answer had no cost) and how full the model's
// window is — the last answer's own figure when nothing changed since, else the one estimate of
// llm/tokens.ts over what the next request would send. No `vscode` import.
import { contextTokensOf } from '../llm/capabilities';
import { estimateChatMessageTokens, estimateTextTokens } from '../llm/tokens';
import type { MeterView } from '../shared/protocol';
import type { VeniceModel } from '../venice/types';
import { compactPlan } from './compact';
import { toApiMessages } from './history';
import type { AnswerUsage, Conversation } from './model';

export interface MeterInputs {
  /** The model the next answer uses (its window), when known. */
  model?: VeniceModel;
  /** The user's system prompt (counted in the estimate). */
  systemPrompt: string;
  /** An answer is running in this chat, or a summary is being written. */
  busy: boolean;
  compacting: boolean;
}

function addUsage(total: MeterView, u: AnswerUsage | undefined): void {
  if (!u) return;
  total.promptTokens += u.promptTokens;
  total.completionTokens += u.completionTokens;
  total.cachedTokens += u.cachedTokens ?? 0;
  if (u.costUsd !== undefined) total.costUsd = (total.costUsd ?? 0) + u.costUsd;
  if (u.costDiem !== undefined) total.costDiem = (total.costDiem ?? 0) + u.costDiem;
  if (u.savedUsd) total.savedUsd = (total.savedUsd ?? 0) + u.savedUsd;
  if (u.costEstimated) total.estimated = true;
}

/** Tokens the next request would start with, estimated (system prompt plus the history as sent). */
function estimateWindow(conv: Conversation, systemPrompt: string): number {
  const history = toApiMessages(conv.entries, conv.compaction);
  return history.reduce((n, m) => n + estimateChatMessageTokens(m), systemPrompt ? estimateTextTokens(systemPrompt) : 0);
}

export function meterView(conv: Conversation, inputs: MeterInputs): MeterView {
  const view: MeterView = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, contextTokens: 0, canCompact: false };
  for (const e of conv.entries) if (e.role === 'assistant') addUsage(view, e.usage);
  addUsage(view, conv.compaction?.usage);

  // The last answer's own figure holds while it is the newest thing in the chat and was not compacted away.
  const last = conv.entries[conv.entries.length - 1];
  const fresh = last?.role === 'assistant' && last.contextTokens !== undefined && (!conv.compaction || conv.compaction.createdAt < last.createdAt);
  if (fresh) view.contextTokens = last.contextTokens ?? 0;
  else if (conv.entries.length > 0) {
    view.contextTokens = estimateWindow(conv, inputs.systemPrompt);
    view.contextEstimated = true;
  }
  const max = contextTokensOf(inputs.model);
  if (max !== undefined) view.contextMax = max;

  view.canCompact = !inputs.busy && !inputs.compacting && compactPlan(conv.entries, conv.compaction) !== undefined;
  if (inputs.compacting) view.compacting = true;
  if (conv.compaction && conv.entries.some((e) => e.id === conv.compaction?.throughId)) {
    view.compacted = { messages: conv.compaction.messages, summary: conv.compaction.summary };
  }
  return view;
}
