// Retry policy: only rate limits (429), server errors (5xx) and connection failures that happened
// before any response byte. Waits honour the server's hint, are capped, and are cancellable.
import { cancelledError } from './errors';

export const RETRY_BASE_MS = 500;
export const RETRY_CAP_MS = 30_000;
/** A server hint longer than this is not slept on: the user is told to try later instead. */
export const MAX_HINT_MS = 60_000;

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Connection failures worth another try (not DNS or certificate problems, which will not heal). */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; /** Set when the server's hint was too long to wait for. */ retryAfterSeconds?: number };

/**
 * `attempt` counts retries already made (0 for the first failure). `hintMs` is the server's
 * Retry-After (or rate-limit reset) if it sent one.
 */
export function decideRetry(attempt: number, maxRetries: number, hintMs: number | undefined, random: () => number = Math.random): RetryDecision {
  if (hintMs !== undefined && hintMs > MAX_HINT_MS) return { retry: false, retryAfterSeconds: Math.ceil(hintMs / 1000) };
  if (attempt >= maxRetries) {
    return hintMs !== undefined ? { retry: false, retryAfterSeconds: Math.ceil(hintMs / 1000) } : { retry: false };
  }
  return { retry: true, delayMs: hintMs ?? backoffDelayMs(attempt, random) };
}

/** Resolves after `ms`, or rejects with a 'cancelled' VeniceError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
