import * as assert from 'node:assert/strict';
import { parseResetTime, parseResponseMeta, parseRetryAfter, retryHintMs } from '../../../src/venice/headers';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('venice/headers', () => {
  describe('parseResetTime (units disagree across Venice sources)', () => {
    it('reads a value above 1e12 as epoch milliseconds', () => {
      assert.equal(parseResetTime(String(NOW + 5000), NOW), NOW + 5000);
    });
    it('reads a value above 1e9 as epoch seconds', () => {
      assert.equal(parseResetTime(String(Math.floor(NOW / 1000) + 30), NOW), Math.floor(NOW / 1000) * 1000 + 30_000);
    });
    it('reads a small value as seconds from now (fractions allowed)', () => {
      assert.equal(parseResetTime('42', NOW), NOW + 42_000);
      assert.equal(parseResetTime('0.25', NOW), NOW + 250);
    });
    it('accepts an HTTP-date and ignores junk', () => {
      assert.equal(parseResetTime(new Date(NOW + 60_000).toUTCString(), NOW), NOW + 60_000);
      assert.equal(parseResetTime('soon', NOW), undefined);
      assert.equal(parseResetTime('-5', NOW), undefined);
      assert.equal(parseResetTime(undefined, NOW), undefined);
    });
  });

  describe('parseRetryAfter', () => {
    it('reads delta seconds and HTTP-dates as a wait in ms', () => {
      assert.equal(parseRetryAfter('2', NOW), 2000);
      assert.equal(parseRetryAfter(new Date(NOW + 7000).toUTCString(), NOW), 7000);
      assert.equal(parseRetryAfter(new Date(NOW - 7000).toUTCString(), NOW), 0);
      assert.equal(parseRetryAfter('later', NOW), undefined);
    });
  });

  describe('retryHintMs', () => {
    it('prefers retry-after-ms, then Retry-After', () => {
      assert.equal(retryHintMs(429, { 'retry-after-ms': '250', 'retry-after': '9' }, NOW), 250);
      assert.equal(retryHintMs(503, { 'retry-after': '3' }, NOW), 3000);
    });
    it('uses the reset time of the exhausted rate-limit window on a 429', () => {
      const headers = {
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': String(NOW + 4000),
        'x-ratelimit-remaining-tokens': '5000',
        'x-ratelimit-reset-tokens': '50',
      };
      assert.equal(retryHintMs(429, headers, NOW), 4000);
    });
    it('uses the failed-request budget reset (x-ratelimit-resets) when that is exhausted', () => {
      assert.equal(retryHintMs(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-resets': '30' }, NOW), 30_000);
    });
    it('falls back to the latest reset when no window says it is exhausted', () => {
      assert.equal(retryHintMs(429, { 'x-ratelimit-reset-requests': '2', 'x-ratelimit-reset-tokens': String(Math.floor(NOW / 1000) + 5) }, NOW), 5000);
    });
    it('ignores rate-limit resets on server errors and gives no hint without headers', () => {
      assert.equal(retryHintMs(500, { 'x-ratelimit-reset-requests': '2' }, NOW), undefined);
      assert.equal(retryHintMs(429, {}, NOW), undefined);
    });
  });

  describe('parseResponseMeta', () => {
    it('reads balance, limits, deprecation, moderation and ids', () => {
      const meta = parseResponseMeta(
        200,
        {
          'cf-ray': '8abc-AMS',
          'x-venice-model-id': 'claude-sonnet-4-5',
          'x-venice-model-name': 'Claude Sonnet 4.5',
          'x-venice-balance-usd': '12.3400',
          'x-venice-balance-diem': '0.5',
          'x-venice-model-deprecation-warning': 'Retiring soon',
          'x-venice-model-deprecation-date': '2026-10-30T00:00:00.000Z',
          'x-venice-is-blurred': 'true',
          'x-venice-is-content-violation': 'false',
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '499',
          'x-ratelimit-reset-requests': String(NOW + 60_000),
          'x-ratelimit-limit-tokens': '1000000',
          'x-ratelimit-remaining-tokens': '998000',
          'x-ratelimit-reset-tokens': '60',
        },
        NOW,
      );
      assert.deepEqual(meta, {
        status: 200,
        requestId: '8abc-AMS',
        modelId: 'claude-sonnet-4-5',
        modelName: 'Claude Sonnet 4.5',
        balanceUsd: 12.34,
        balanceDiem: 0.5,
        deprecationWarning: 'Retiring soon',
        deprecationDate: '2026-10-30T00:00:00.000Z',
        isBlurred: true,
        isContentViolation: false,
        rateLimit: {
          limitRequests: 500,
          remainingRequests: 499,
          resetRequestsAt: NOW + 60_000,
          limitTokens: 1_000_000,
          remainingTokens: 998_000,
          resetTokensAt: NOW + 60_000,
        },
      });
    });
    it('leaves out what is absent or unreadable', () => {
      assert.deepEqual(parseResponseMeta(404, { 'x-venice-balance-usd': 'n/a' }, NOW), { status: 404 });
    });
  });
});
