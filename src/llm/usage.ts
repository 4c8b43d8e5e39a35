// The one rule for counting tokens and cost, used by every surface (chat view, @venice, the
// language model provider): one figure per model response, and the answer's figure is the sum over
// its responses (tool rounds). Within one response the largest figure counts, never the sum:
// Venice reports usage once at the end, but other OpenAI-compatible servers repeat a running total
// on every chunk, and adding those up showed many times the real tokens and cost.
// A response without `cost` is priced from the model's `/models` pricing (marked as an estimate).
// No `vscode` import.
import type { Cost, Usage } from '../venice/types';
import type { AnswerUsage } from './answer';
import { cacheSavingUsd, costFromPricing, type TokenPricing } from './cost';

/** One response's usage as reported so far. */
export interface ResponseUsage {
  usage: Usage;
  cost?: Cost;
}

const max = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** The usage of one response after another report of it: each figure is the largest seen (a running total only grows). */
export function largestUsage(kept: ResponseUsage | undefined, next: ResponseUsage): ResponseUsage {
  if (!kept) return next;
  const usage: Usage = {
    prompt_tokens: Math.max(kept.usage.prompt_tokens, next.usage.prompt_tokens),
    completion_tokens: Math.max(kept.usage.completion_tokens, next.usage.completion_tokens),
    total_tokens: Math.max(kept.usage.total_tokens, next.usage.total_tokens),
  };
  const cached = max(kept.usage.prompt_tokens_details?.cached_tokens, next.usage.prompt_tokens_details?.cached_tokens);
  const written = max(kept.usage.prompt_tokens_details?.cache_creation_input_tokens, next.usage.prompt_tokens_details?.cache_creation_input_tokens);
  if (cached !== undefined || written !== undefined) {
    usage.prompt_tokens_details = {};
    if (cached !== undefined) usage.prompt_tokens_details.cached_tokens = cached;
    if (written !== undefined) usage.prompt_tokens_details.cache_creation_input_tokens = written;
  }
  const reasoning = max(kept.usage.completion_tokens_details?.reasoning_tokens, next.usage.completion_tokens_details?.reasoning_tokens);
  if (reasoning !== undefined) usage.completion_tokens_details = { reasoning_tokens: reasoning };
  const usd = max(kept.cost?.usd, next.cost?.usd);
  const diem = max(kept.cost?.diem, next.cost?.diem);
  if (usd === undefined && diem === undefined) return { usage };
  const cost: Cost = {};
  if (usd !== undefined) cost.usd = usd;
  if (diem !== undefined) cost.diem = diem;
  return { usage, cost };
}

/**
 * The answer's usage: the earlier responses' sum plus this response's figure. `pricing` (the model's
 * `/models` prices) fills in a cost Venice left out and values the cached tokens.
 */
export function answerUsage(earlier: AnswerUsage | undefined, response: ResponseUsage, pricing?: TokenPricing): AnswerUsage {
  const cachedNow = response.usage.prompt_tokens_details?.cached_tokens ?? 0;
  const out: AnswerUsage = {
    promptTokens: (earlier?.promptTokens ?? 0) + response.usage.prompt_tokens,
    completionTokens: (earlier?.completionTokens ?? 0) + response.usage.completion_tokens,
  };
  const cached = (earlier?.cachedTokens ?? 0) + cachedNow;
  if (cached > 0) out.cachedTokens = cached;
  const saved = (earlier?.savedUsd ?? 0) + cacheSavingUsd(cachedNow, pricing);
  if (saved > 0) out.savedUsd = saved;
  let cost = response.cost;
  if (cost?.usd === undefined && cost?.diem === undefined && pricing) {
    cost = costFromPricing(response.usage, pricing);
    out.costEstimated = true;
  } else if (earlier?.costEstimated) out.costEstimated = true;
  const usd = cost?.usd === undefined ? earlier?.costUsd : (earlier?.costUsd ?? 0) + cost.usd;
  const diem = cost?.diem === undefined ? earlier?.costDiem : (earlier?.costDiem ?? 0) + cost.diem;
  if (usd !== undefined) out.costUsd = usd;
  if (diem !== undefined) out.costDiem = diem;
  return out;
}

/** How full the model's window is after a response: what it read plus what it wrote. */
export function windowTokens(response: ResponseUsage): number {
  return response.usage.prompt_tokens + response.usage.completion_tokens;
}
