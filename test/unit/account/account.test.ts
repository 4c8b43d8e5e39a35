// Balance and rate limits: header parsing (through the client's headers.ts) in every unit Venice's
// sources disagree on, the merged account state, the status bar text and tooltip (escaped), the
// low-balance check, and one-time deprecation warnings.
import * as assert from 'node:assert/strict';
import { DeprecationNotices, SHOWN_KEY, type DeprecationNotice } from '../../../src/account/deprecation';
import { accountLines, clockTimes, escapeMarkdown, isLowBalance, relativeTime, statusBarText, tooltipMarkdown } from '../../../src/account/format';
import { AccountState } from '../../../src/account/state';
import { parseResponseMeta } from '../../../src/venice/headers';
import type { RateLimitInfo, VeniceModel } from '../../../src/venice/types';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

const RATE_LIMITS: RateLimitInfo = {
  accessPermitted: true,
  apiTier: { id: 'paid', isCharged: true },
  balances: { USD: 50.23, DIEM: 100.023, BUNDLED_CREDITS: 25 },
  keyExpiration: null,
  nextEpochBegins: '2026-11-26T00:00:00.000Z',
  rateLimits: [
    { apiModelId: 'zai-org-glm-5-2', rateLimits: [{ type: 'RPM', amount: 100 }, { type: 'TPM', amount: 2_000_000 }] },
    { apiModelId: 'kimi-k3', rateLimits: [{ type: 'RPD', amount: 5000 }] },
  ],
};

describe('venice-only account: rate-limit headers', () => {
  const base = { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-remaining-requests': '498', 'x-ratelimit-limit-tokens': '1000000', 'x-ratelimit-remaining-tokens': '999000' };

  it('reads reset times given as seconds from now, epoch seconds and epoch milliseconds', () => {
    const delta = parseResponseMeta(200, { ...base, 'x-ratelimit-reset-requests': '42', 'x-ratelimit-reset-tokens': '1.5' }, NOW);
    assert.equal(delta.rateLimit?.resetRequestsAt, NOW + 42_000);
    assert.equal(delta.rateLimit?.resetTokensAt, NOW + 1_500);
    const epochS = parseResponseMeta(200, { ...base, 'x-ratelimit-reset-requests': String(NOW / 1000 + 60) }, NOW);
    assert.equal(epochS.rateLimit?.resetRequestsAt, NOW + 60_000);
    const epochMs = parseResponseMeta(200, { ...base, 'x-ratelimit-reset-requests': String(NOW + 90_000) }, NOW);
    assert.equal(epochMs.rateLimit?.resetRequestsAt, NOW + 90_000);
    const date = parseResponseMeta(200, { ...base, 'x-ratelimit-reset-requests': new Date(NOW + 5_000).toUTCString() }, NOW);
    assert.equal(date.rateLimit?.resetRequestsAt, NOW + 5_000);
    assert.equal(parseResponseMeta(200, { 'x-ratelimit-reset-requests': 'soon' }, NOW).rateLimit, undefined);
  });

  it('feeds the account state: remaining requests and tokens with their reset shown in the tooltip', () => {
    const meta = parseResponseMeta(200, { ...base, 'x-ratelimit-reset-requests': String(NOW + 30_000), 'x-ratelimit-reset-tokens': '60', 'x-venice-balance-usd': '12.5000', 'x-venice-balance-diem': '0.0000', 'x-venice-model-id': 'zai-org-glm-5-2' }, NOW);
    const state = new AccountState();
    assert.equal(state.applyMeta(meta, NOW), true, 'a new balance is a visible change');
    const s = state.snapshot();
    assert.equal(s.balanceUsd, 12.5);
    assert.deepEqual(s.window, { limitRequests: 500, remainingRequests: 498, resetRequestsAt: NOW + 30_000, limitTokens: 1_000_000, remainingTokens: 999_000, resetTokensAt: NOW + 60_000, model: 'zai-org-glm-5-2', at: NOW });
    const tip = tooltipMarkdown(s, { until: (at) => relativeTime(at, NOW), since: (at) => relativeTime(at, NOW) });
    assert.match(tip, /Remaining for zai\\-org\\-glm\\-5\\-2 \(seen just now\): 498 of 500 requests \(resets in 30 s\) · 999,000 of 1,000,000 tokens \(resets in 60 s\)/);
    assert.equal(state.applyMeta(meta, NOW + 1), false, 'the same balance again is not a change');
  });
});

describe('venice-only account: state and texts', () => {
  it('merges /api_keys/rate_limits: balance, tier, expiry, per-model limits', () => {
    const state = new AccountState();
    state.applyRateLimits(RATE_LIMITS, NOW);
    const s = state.snapshot();
    assert.equal(statusBarText(s), '$(credit-card) $50.23 · 100.02 DIEM');
    assert.deepEqual(s.modelLimits, [{ model: 'zai-org-glm-5-2', rpm: 100, tpm: 2_000_000 }, { model: 'kimi-k3', rpd: 5000 }]);
    const tip = tooltipMarkdown(s, clockTimes);
    assert.ok(tip.includes('Balance: **\\$50\\.23 · 100\\.02 DIEM**'), tip);
    assert.match(tip, /API tier: paid/);
    assert.match(tip, /Key expires: never/);
    assert.match(tip, /\| zai\\-org\\-glm\\-5\\-2 \| 100 \| – \| 2,000,000 \|/);
    const lines = accountLines(s, NOW).map((l) => l.label);
    assert.ok(lines.includes('API tier: paid'));
    assert.ok(lines.includes('zai-org-glm-5-2: 100 requests/min · – requests/day · 2,000,000 tokens/min'), lines.join('\n'));
  });

  it('newer balance headers win over an older rate_limits answer', () => {
    const state = new AccountState();
    state.applyMeta(parseResponseMeta(200, { 'x-venice-balance-usd': '7.00' }, NOW), NOW + 1_000);
    state.applyRateLimits(RATE_LIMITS, NOW); // the request started before the header arrived
    assert.equal(state.snapshot().balanceUsd, 7);
    assert.equal(state.snapshot().tier, 'paid');
  });

  it('counts USD + DIEM + bundled credits below $1 as low, and shows a warning icon', () => {
    const low = { balanceUsd: 0.42, balanceDiem: 0.1, modelLimits: [] };
    assert.equal(isLowBalance(low), true);
    assert.equal(statusBarText(low), '$(warning) $0.42 · 0.10 DIEM');
    assert.match(tooltipMarkdown(low, clockTimes), /Your balance is low\. \[Add credit at venice\.ai\]\(https:\/\/venice\.ai\/settings\/api\)/);
    assert.equal(isLowBalance({ balanceUsd: 0.5, balanceDiem: 40, modelLimits: [] }), false, 'DIEM is spent first');
    assert.equal(isLowBalance({ modelLimits: [] }), false, 'unknown is not low');
  });

  it('escapes API text in the Markdown tooltip (no links, no icons, no HTML from a model id)', () => {
    const state = new AccountState();
    state.applyRateLimits({ ...RATE_LIMITS, apiTier: { id: '[x](command:evil) <img> $(zap)' }, rateLimits: [{ apiModelId: '**bold**|pipe', rateLimits: [] }] }, NOW);
    const tip = tooltipMarkdown(state.snapshot(), clockTimes);
    assert.ok(tip.includes('API tier: \\[x\\]\\(command:evil\\) \\<img\\> \\$\\(zap\\)'), tip);
    assert.ok(tip.includes('| \\*\\*bold\\*\\*\\|pipe |'));
    assert.equal(escapeMarkdown('a\u0007b\nc'), 'a b c');
  });
});

describe('venice-only account: deprecation notices', () => {
  function memory() {
    const data = new Map<string, unknown>();
    return { data, get: <T>(k: string) => data.get(k) as T | undefined, update: async (k: string, v: unknown) => void data.set(k, v) };
  }

  it('warns once per model from the headers, naming the date, and remembers it across sessions', async () => {
    const mem = memory();
    const shown: DeprecationNotice[] = [];
    const notices = new DeprecationNotices(mem, (n) => shown.push(n), () => NOW);
    const meta = parseResponseMeta(200, { 'x-venice-model-id': 'claude-sonnet-4-5', 'x-venice-model-deprecation-date': '2026-12-30T00:00:00.000Z', 'x-venice-model-deprecation-warning': 'Use <b>kimi-k3</b>\u0000 instead.' }, NOW);
    assert.equal(notices.fromMeta(meta), true);
    assert.equal(notices.fromMeta(meta), false);
    assert.equal(shown.length, 1);
    assert.match(shown[0].message, /claude-sonnet-4-5 will be retired on 2026-12-30\. Use <b>kimi-k3<\/b> instead\./);
    assert.ok(!shown[0].message.includes('\u0000'));
    await Promise.resolve();
    assert.deepEqual(mem.get(SHOWN_KEY), { 'claude-sonnet-4-5': '2026-12-30' });
    const nextSession = new DeprecationNotices(mem, (n) => shown.push(n), () => NOW);
    assert.equal(nextSession.fromMeta(meta), false);
    assert.equal(shown.length, 1);
  });

  it('warns from model_spec.deprecation, and ignores models without one', () => {
    const shown: DeprecationNotice[] = [];
    const notices = new DeprecationNotices(memory(), (n) => shown.push(n), () => NOW);
    const model = { id: 'old-model', type: 'text', model_spec: { deprecation: { date: '2026-10-30T00:00:00.000Z', autoRemap: 'kimi-k3' } } } as VeniceModel;
    assert.equal(notices.fromModel({ id: 'fine', type: 'text', model_spec: {} } as VeniceModel), false);
    assert.equal(notices.fromModel(model), true);
    assert.match(shown[0].message, /old-model was scheduled for retirement on 2026-10-30\. Venice suggests kimi-k3 instead\./);
    assert.equal(notices.fromModel(model), false);
  });
});
