// Condition-based waiting for the end-to-end suites: poll until a value appears, never sleep for a
// fixed time to let something "probably" happen.

/** Thrown from inside a poll to stop waiting at once (the condition can no longer come true). */
export class GiveUp extends Error {}

/** Polls `fn` until it returns something other than undefined/false; throws with the last error after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false && v !== null) return v;
    } catch (e) {
      if (e instanceof GiveUp) throw new Error(`gave up waiting for ${what}: ${e.message}`, { cause: e });
      last = e;
    }
    if (Date.now() >= end) break;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * For "nothing happened" checks only (no request reached a server, no command ran): there is no
 * event for an absence, so the check gives a would-be effect this long to show up.
 */
export const ABSENCE_GRACE_MS = 1_500;

export function graceForAbsence(ms = ABSENCE_GRACE_MS): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
