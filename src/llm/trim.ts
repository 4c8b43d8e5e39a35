// Fits a history into the model's context window (token estimate: tokens.ts). The system prompt
// and the newest exchange are always kept; older exchanges (a user message with everything
// answering it) are dropped whole, oldest first, so a tool result is never separated from the
// call that asked for it. No `vscode` import.
import type { ChatMessage } from '../venice/types';
import { estimateChatMessageTokens } from './tokens';

export interface TrimOptions {
  /** The model's context window; undefined means unknown (nothing is trimmed). */
  contextTokens: number | undefined;
  /** Room kept free for the answer. */
  reserveTokens: number;
  /** Fixed cost outside the messages, e.g. tool definitions. */
  fixedTokens?: number;
}

export interface TrimResult {
  messages: ChatMessage[];
  /** Messages left out (0 when everything fits). */
  dropped: number;
  estimatedTokens: number;
  /** Tokens available for messages, when the context size is known. */
  budget?: number;
  /** False when even the system prompt plus the newest exchange exceed the budget. */
  fits: boolean;
}

/** Splits into exchanges: each starts at a user message; anything before the first user message is its own group. */
function exchanges(history: readonly ChatMessage[]): ChatMessage[][] {
  const groups: ChatMessage[][] = [];
  for (const m of history) {
    if (m.role === 'user' || groups.length === 0) groups.push([m]);
    else groups[groups.length - 1].push(m);
  }
  return groups;
}

export function trimToContext(system: ChatMessage | undefined, history: readonly ChatMessage[], opts: TrimOptions): TrimResult {
  const systemTokens = system ? estimateChatMessageTokens(system) : 0;
  const all = system ? [system, ...history] : [...history];
  const total = systemTokens + history.reduce((n, m) => n + estimateChatMessageTokens(m), 0);
  if (opts.contextTokens === undefined || !Number.isFinite(opts.contextTokens)) {
    return { messages: all, dropped: 0, estimatedTokens: total, fits: true };
  }
  const budget = Math.max(0, opts.contextTokens - opts.reserveTokens - (opts.fixedTokens ?? 0));
  if (total <= budget) return { messages: all, dropped: 0, estimatedTokens: total, budget, fits: true };

  const groups = exchanges(history);
  const cost = groups.map((g) => g.reduce((n, m) => n + estimateChatMessageTokens(m), 0));
  let used = systemTokens + cost[cost.length - 1];
  let first = groups.length - 1;
  // Walk back from the newest exchange while older ones still fit.
  while (first > 0 && used + cost[first - 1] <= budget) {
    first--;
    used += cost[first];
  }
  const kept = groups.slice(first).flat();
  const dropped = history.length - kept.length;
  return {
    messages: system ? [system, ...kept] : kept,
    dropped,
    estimatedTokens: used,
    budget,
    fits: used <= budget,
  };
}
