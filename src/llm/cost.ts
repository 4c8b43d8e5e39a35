// What tokens cost, from a model's `/models` pricing (USD and DIEM per million tokens): the price of
// a response when Venice's answer leaves `cost` out, what cached prompt tokens saved, and whether the
// model bills cached tokens at all (`cache_input`), which decides prompt caching in the planner.
// Prices are untrusted API data: anything but a finite, non-negative number counts as "not listed".
// No `vscode` import.
import { asRecord } from '../util/guards';
import type { Cost, Usage, VeniceModel } from '../venice/types';

/** One price in USD and DIEM per million tokens. */
export interface Price {
  usd: number;
  diem: number;
}

export interface TokenPricing {
  input: Price;
  output: Price;
  /** Cached prompt tokens (cache reads); listed only for models with prompt caching. */
  cacheInput?: Price;
  /** Tokens written to the cache, where the provider charges for it (e.g. 1.25× input). */
  cacheWrite?: Price;
}

function price(v: unknown): Price | undefined {
  const o = asRecord(v);
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (!o || !ok(o.usd)) return undefined;
  return { usd: o.usd, diem: ok(o.diem) ? o.diem : o.usd };
}

/** The model's token prices, or undefined when `/models` lists none (image models, unknown ids). */
export function tokenPricingOf(model: VeniceModel | undefined): TokenPricing | undefined {
  const p = asRecord(model?.model_spec?.pricing);
  if (!p) return undefined;
  const input = price(p.input);
  const output = price(p.output);
  if (!input || !output) return undefined;
  const out: TokenPricing = { input, output };
  const cacheInput = price(p.cache_input);
  if (cacheInput) out.cacheInput = cacheInput;
  const cacheWrite = price(p.cache_write);
  if (cacheWrite) out.cacheWrite = cacheWrite;
  return out;
}

/** True when the model bills cached prompt tokens (`pricing.cache_input`): worth marking a cache prefix. */
export function supportsPromptCache(model: VeniceModel | undefined): boolean {
  return tokenPricingOf(model)?.cacheInput !== undefined;
}

const perMillion = (tokens: number, p: number): number => (tokens * p) / 1_000_000;

/** The prompt tokens split the way they are billed: read from the cache, written to it, and the rest. */
function promptSplit(usage: Usage): { cached: number; written: number; plain: number } {
  const cached = Math.min(usage.prompt_tokens, usage.prompt_tokens_details?.cached_tokens ?? 0);
  const written = Math.min(usage.prompt_tokens - cached, usage.prompt_tokens_details?.cache_creation_input_tokens ?? 0);
  return { cached, written, plain: usage.prompt_tokens - cached - written };
}

/** The price of one response from the listed prices (used when Venice's answer carries no `cost`). */
export function costFromPricing(usage: Usage, pricing: TokenPricing): Cost {
  const { cached, written, plain } = promptSplit(usage);
  const of = (unit: keyof Price): number =>
    perMillion(plain, pricing.input[unit]) +
    perMillion(cached, (pricing.cacheInput ?? pricing.input)[unit]) +
    perMillion(written, (pricing.cacheWrite ?? pricing.input)[unit]) +
    perMillion(usage.completion_tokens, pricing.output[unit]);
  return { usd: of('usd'), diem: of('diem') };
}

/** What the cached prompt tokens saved against the full input price (USD; 0 without cache pricing). */
export function cacheSavingUsd(cachedTokens: number, pricing: TokenPricing | undefined): number {
  if (!pricing?.cacheInput || cachedTokens <= 0) return 0;
  return Math.max(0, perMillion(cachedTokens, pricing.input.usd - pricing.cacheInput.usd));
}
