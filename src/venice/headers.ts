// Reads what Venice tells us in response headers: balance, rate limits, deprecation, moderation
// flags, and how long to wait before retrying. Pure functions, so every unit rule is unit-tested.
import type { ResponseMeta } from './types';

/** Response headers as undici gives them (lower-case names). */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** Values above this are milliseconds since the epoch (1e12 ms is the year 2001). */
const MS_EPOCH_THRESHOLD = 1e12;
/** Values above this (and below the ms threshold) are seconds since the epoch (1e9 s is the year 2001). */
const S_EPOCH_THRESHOLD = 1e9;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  const first = Array.isArray(v) ? v[0] : v;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

function num(headers: HeaderBag, name: string): number | undefined {
  const v = headerValue(headers, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function flag(headers: HeaderBag, name: string): boolean | undefined {
  const v = headerValue(headers, name)?.toLowerCase();
  if (v === undefined) return undefined;
  return v === 'true' || v === '1' || v === 'yes';
}

/**
 * Turns an `x-ratelimit-reset-*` value into an absolute time (ms since epoch). Venice's sources
 * disagree on the unit, so decide by magnitude: > 1e12 is epoch ms, > 1e9 is epoch seconds,
 * anything smaller is seconds from now. An HTTP-date is accepted too.
 */
export function parseResetTime(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  const n = Number(text);
  if (Number.isFinite(n)) {
    if (n < 0) return undefined;
    if (n > MS_EPOCH_THRESHOLD) return Math.round(n);
    if (n > S_EPOCH_THRESHOLD) return Math.round(n * 1000);
    return Math.round(nowMs + n * 1000);
  }
  const date = Date.parse(text);
  return Number.isFinite(date) ? date : undefined;
}

/** `Retry-After`: delta seconds or an HTTP-date. Returns the wait in ms (never negative). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (!Number.isFinite(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * How long the server asks us to wait before retrying, in ms, or undefined if it gives no hint.
 * Order: `retry-after-ms`, `Retry-After`, then (429 only) the rate-limit reset of an exhausted
 * window, or of any window when none says which one is exhausted.
 */
export function retryHintMs(status: number, headers: HeaderBag, nowMs: number): number | undefined {
  const ms = num(headers, 'retry-after-ms');
  if (ms !== undefined && ms >= 0) return Math.round(ms);
  const retryAfter = parseRetryAfter(headerValue(headers, 'retry-after'), nowMs);
  if (retryAfter !== undefined) return retryAfter;
  if (status !== 429) return undefined;

  const families: Array<{ remaining: string; reset: string }> = [
    { remaining: 'x-ratelimit-remaining-requests', reset: 'x-ratelimit-reset-requests' },
    { remaining: 'x-ratelimit-remaining-tokens', reset: 'x-ratelimit-reset-tokens' },
    // The un-suffixed pair is Venice's failed-request budget.
    { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-resets' },
  ];
  const resets = families
    .map((f) => ({ remaining: num(headers, f.remaining), at: parseResetTime(headerValue(headers, f.reset), nowMs) }))
    .filter((f): f is { remaining: number | undefined; at: number } => f.at !== undefined);
  if (resets.length === 0) return undefined;
  const exhausted = resets.filter((f) => f.remaining === 0);
  const chosen = exhausted.length > 0 ? exhausted : resets;
  const latest = Math.max(...chosen.map((f) => f.at));
  return Math.max(0, latest - nowMs);
}

/** Everything useful in one response's headers. */
export function parseResponseMeta(status: number, headers: HeaderBag, nowMs: number = Date.now()): ResponseMeta {
  const meta: ResponseMeta = { status };
  const requestId = headerValue(headers, 'cf-ray') ?? headerValue(headers, 'x-request-id');
  if (requestId) meta.requestId = requestId;
  const modelId = headerValue(headers, 'x-venice-model-id');
  if (modelId) meta.modelId = modelId;
  const modelName = headerValue(headers, 'x-venice-model-name');
  if (modelName) meta.modelName = modelName;
  const usd = num(headers, 'x-venice-balance-usd');
  if (usd !== undefined) meta.balanceUsd = usd;
  const diem = num(headers, 'x-venice-balance-diem');
  if (diem !== undefined) meta.balanceDiem = diem;
  const warning = headerValue(headers, 'x-venice-model-deprecation-warning');
  if (warning) meta.deprecationWarning = warning;
  const date = headerValue(headers, 'x-venice-model-deprecation-date');
  if (date) meta.deprecationDate = date;
  const blurred = flag(headers, 'x-venice-is-blurred');
  if (blurred !== undefined) meta.isBlurred = blurred;
  const violation = flag(headers, 'x-venice-is-content-violation');
  if (violation !== undefined) meta.isContentViolation = violation;

  const rateLimit: NonNullable<ResponseMeta['rateLimit']> = {};
  const set = <K extends keyof typeof rateLimit>(key: K, value: number | undefined): void => {
    if (value !== undefined) rateLimit[key] = value;
  };
  set('limitRequests', num(headers, 'x-ratelimit-limit-requests'));
  set('remainingRequests', num(headers, 'x-ratelimit-remaining-requests'));
  set('resetRequestsAt', parseResetTime(headerValue(headers, 'x-ratelimit-reset-requests'), nowMs));
  set('limitTokens', num(headers, 'x-ratelimit-limit-tokens'));
  set('remainingTokens', num(headers, 'x-ratelimit-remaining-tokens'));
  set('resetTokensAt', parseResetTime(headerValue(headers, 'x-ratelimit-reset-tokens'), nowMs));
  if (Object.keys(rateLimit).length > 0) meta.rateLimit = rateLimit;
  return meta;
}
