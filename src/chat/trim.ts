// Fits a history into the model's context window. Estimate: ~4 characters per token plus a small
// per-message overhead. The system prompt and the newest exchange are always kept; older exchanges
// (a user message with everything answering it) are dropped whole, oldest first, so a tool result is
// never separated from the call that asked for it.
import type { ChatMessage } from '../venice/types';

const CHARS_PER_TOKEN = 4;
const PER_MESSAGE_OVERHEAD = 4;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateMessageTokens(m: ChatMessage): number {
  let chars = 0;
  if (typeof m.content === 'string') chars += m.content.length;
  else if (Array.isArray(m.content)) {
    for (const part of m.content) chars += part.type === 'text' ? part.text.length : 1_000;
  }
  if (m.role === 'assistant' && m.tool_calls) {
    for (const c of m.tool_calls) chars += c.function.name.length + c.function.arguments.length + c.id.length;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN) + PER_MESSAGE_OVERHEAD;
}

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
  const systemTokens = system ? estimateMessageTokens(system) : 0;
  const all = system ? [system, ...history] : [...history];
  const total = systemTokens + history.reduce((n, m) => n + estimateMessageTokens(m), 0);
  if (opts.contextTokens === undefined || !Number.isFinite(opts.contextTokens)) {
    return { messages: all, dropped: 0, estimatedTokens: total, fits: true };
  }
  const budget = Math.max(0, opts.contextTokens - opts.reserveTokens - (opts.fixedTokens ?? 0));
  if (total <= budget) return { messages: all, dropped: 0, estimatedTokens: total, budget, fits: true };

  const groups = exchanges(history);
  const cost = groups.map((g) => g.reduce((n, m) => n + estimateMessageTokens(m), 0));
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

/** "128k" style, for notes. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${Math.round(n / 1_000)}k`;
  return String(n);
}
