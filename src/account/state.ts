// What the extension knows about the key's account: the balance (from GET /api_keys/rate_limits and
// from the balance headers of every response, whichever is newer), the tier, per-model limits, and
// the remaining requests/tokens from the last x-ratelimit-* headers. No `vscode` import.
import type { RateLimitInfo, RateLimitWindow, ResponseMeta } from '../venice/types';

export interface ModelLimit {
  model: string;
  rpm?: number;
  rpd?: number;
  tpm?: number;
}

/** The last x-ratelimit-* window seen, and when. */
export interface WindowLimits extends RateLimitWindow {
  /** The model the request was for, when Venice said. */
  model?: string;
  at: number;
}

export interface AccountSnapshot {
  balanceUsd?: number;
  balanceDiem?: number;
  bundledCredits?: number;
  /** When the balance was last seen (ms since epoch). */
  balanceAt?: number;
  tier?: string;
  charged?: boolean;
  accessPermitted?: boolean;
  /** ISO date, or null when the key never expires. */
  keyExpiration?: string | null;
  nextEpochBegins?: string;
  /** When /api_keys/rate_limits was last read. */
  limitsAt?: number;
  modelLimits: ModelLimit[];
  window?: WindowLimits;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function text(v: unknown, max = 100): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;
}

const MAX_MODELS = 500;

export class AccountState {
  private snap: AccountSnapshot = { modelLimits: [] };

  get hasBalance(): boolean {
    return this.snap.balanceUsd !== undefined || this.snap.balanceDiem !== undefined;
  }

  snapshot(): AccountSnapshot {
    return structuredClone(this.snap);
  }

  clear(): void {
    this.snap = { modelLimits: [] };
  }

  /** The answer of GET /api_keys/rate_limits (the `data` object). */
  applyRateLimits(info: RateLimitInfo, now: number): void {
    const s = this.snap;
    const b = info.balances ?? {};
    // Headers seen after this request started are newer: keep them.
    if (s.balanceAt === undefined || s.balanceAt <= now) {
      if (finite(b.USD) !== undefined) s.balanceUsd = b.USD;
      if (finite(b.DIEM) !== undefined) s.balanceDiem = b.DIEM;
      s.balanceAt = now;
    }
    if (finite(b.BUNDLED_CREDITS) !== undefined) s.bundledCredits = b.BUNDLED_CREDITS;
    s.tier = text(info.apiTier?.id, 40);
    s.charged = typeof info.apiTier?.isCharged === 'boolean' ? info.apiTier.isCharged : undefined;
    s.accessPermitted = typeof info.accessPermitted === 'boolean' ? info.accessPermitted : undefined;
    s.keyExpiration = info.keyExpiration === null ? null : text(info.keyExpiration, 40);
    s.nextEpochBegins = text(info.nextEpochBegins, 40);
    s.limitsAt = now;
    const limits: ModelLimit[] = [];
    for (const entry of Array.isArray(info.rateLimits) ? info.rateLimits : []) {
      const model = text(entry?.apiModelId, 200);
      if (!model || limits.length >= MAX_MODELS) continue;
      const l: ModelLimit = { model };
      for (const r of Array.isArray(entry.rateLimits) ? entry.rateLimits : []) {
        const amount = finite(r?.amount);
        if (amount === undefined) continue;
        if (r.type === 'RPM') l.rpm = amount;
        else if (r.type === 'RPD') l.rpd = amount;
        else if (r.type === 'TPM') l.tpm = amount;
      }
      limits.push(l);
    }
    s.modelLimits = limits;
  }

  /** Headers of one response. Returns true when something the status bar shows changed. */
  applyMeta(meta: ResponseMeta, now: number): boolean {
    const s = this.snap;
    let changed = false;
    if (meta.balanceUsd !== undefined && meta.balanceUsd !== s.balanceUsd) {
      s.balanceUsd = meta.balanceUsd;
      changed = true;
    }
    if (meta.balanceDiem !== undefined && meta.balanceDiem !== s.balanceDiem) {
      s.balanceDiem = meta.balanceDiem;
      changed = true;
    }
    if (meta.balanceUsd !== undefined || meta.balanceDiem !== undefined) s.balanceAt = now;
    if (meta.rateLimit && Object.keys(meta.rateLimit).length > 0) {
      s.window = { ...meta.rateLimit, model: meta.modelId, at: now };
    }
    return changed;
  }
}
