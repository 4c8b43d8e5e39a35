import * as assert from 'node:assert/strict';
import { VeniceError } from '../../../src/venice/errors';
import { backoffDelayMs, decideRetry, isRetryableNetworkCode, isRetryableStatus, MAX_HINT_MS, sleep } from '../../../src/venice/retry';

describe('venice/retry', () => {
  it('retries only 429 and 5xx', () => {
    for (const s of [429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
    for (const s of [400, 401, 402, 403, 404, 410, 413, 415, 422]) assert.equal(isRetryableStatus(s), false, String(s));
  });

  it('retries connection failures but not DNS or certificate errors', () => {
    assert.equal(isRetryableNetworkCode('ECONNRESET'), true);
    assert.equal(isRetryableNetworkCode('ECONNREFUSED'), true);
    assert.equal(isRetryableNetworkCode('ENOTFOUND'), false);
    assert.equal(isRetryableNetworkCode('CERT_HAS_EXPIRED'), false);
    assert.equal(isRetryableNetworkCode(undefined), false);
  });

  it('backs off exponentially from 0.5 s with jitter, capped at 30 s', () => {
    assert.equal(backoffDelayMs(0, () => 0), 250);
    assert.equal(backoffDelayMs(0, () => 1), 500);
    assert.equal(backoffDelayMs(1, () => 1), 1000);
    assert.equal(backoffDelayMs(3, () => 0.5), 3000);
    assert.equal(backoffDelayMs(20, () => 1), 30_000);
    assert.equal(backoffDelayMs(20, () => 0), 15_000);
  });

  it('waits exactly the server hint when it is within 60 s', () => {
    assert.deepEqual(decideRetry(0, 2, 1500), { retry: true, delayMs: 1500 });
    assert.deepEqual(decideRetry(0, 2, MAX_HINT_MS), { retry: true, delayMs: MAX_HINT_MS });
  });

  it('does not sleep on a hint above 60 s and reports it in seconds', () => {
    assert.deepEqual(decideRetry(0, 2, 3_600_000), { retry: false, retryAfterSeconds: 3600 });
  });

  it('stops after maxRetries', () => {
    assert.deepEqual(decideRetry(2, 2, undefined), { retry: false });
    assert.deepEqual(decideRetry(0, 0, 2000), { retry: false, retryAfterSeconds: 2 });
    assert.equal(decideRetry(1, 2, undefined, () => 0).retry, true);
  });

  it('sleep is cancelled promptly by the AbortSignal', async () => {
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(sleep(5000, ac.signal), (e: unknown) => e instanceof VeniceError && e.kind === 'cancelled');
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(sleep(10, ac.signal), (e: unknown) => e instanceof VeniceError && e.kind === 'cancelled');
  });
});
