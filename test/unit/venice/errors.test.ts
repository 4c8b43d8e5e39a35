import * as assert from 'node:assert/strict';
import { classifyHttpError, classifyStreamError, networkError, safeServerText } from '../../../src/venice/errors';

const SECRET = 'vk-unit-0123456789abcdef';

function classify(status: number, body: unknown, extra: { retryAfterSeconds?: number } = {}) {
  return classifyHttpError({ status, bodyText: typeof body === 'string' ? body : JSON.stringify(body), secret: SECRET, ...extra });
}

describe('venice/errors classify', () => {
  it('401: bad key -> setApiKey', () => {
    const e = classify(401, { error: 'Authentication failed' });
    assert.equal(e.kind, 'auth');
    assert.equal(e.action, 'setApiKey');
    assert.match(e.message, /API key/);
  });

  it('401: Pro-only model -> chooseModel, not setApiKey', () => {
    const e = classify(401, { error: 'This model is only available to Pro users' });
    assert.equal(e.action, 'chooseModel');
  });

  it('402 with an x402 discovery body means no key was sent', () => {
    const e = classify(402, { x402Version: 2, error: 'Authentication required', accepts: [] });
    assert.equal(e.kind, 'noKey');
    assert.equal(e.action, 'setApiKey');
  });

  it('402 without x402 means the balance is empty', () => {
    const e = classify(402, { error: 'Insufficient USD or Diem balance to complete request' });
    assert.equal(e.kind, 'payment');
    assert.match(e.message, /Your Venice balance is empty.*add credit/i);
    assert.equal(e.action, undefined);
  });

  it('400 validation bodies are flattened to field messages', () => {
    const e = classify(400, {
      error: 'Invalid request parameters',
      details: { _errors: ["Unrecognized key(s) in object: 'service_tier'"], temperature: { _errors: ['must be <= 2'] } },
      issues: [],
    });
    assert.equal(e.kind, 'badRequest');
    assert.match(e.message, /service_tier/);
    assert.match(e.message, /temperature: must be <= 2/);
  });

  it('400 context_length_exceeded (object form) -> contextLength', () => {
    const e = classify(400, { error: { message: "Your request exceeds the model's maximum context", type: 'invalid_request_error', code: 'context_length_exceeded' } });
    assert.equal(e.kind, 'contextLength');
    assert.match(e.message, /too long/);
  });

  it('404 model vs character', () => {
    assert.equal(classify(404, { error: "The model 'x' does not exist" }).action, 'chooseModel');
    const c = classify(404, { error: 'No character could be found from the provided character_slug' });
    assert.equal(c.kind, 'notFound');
    assert.match(c.message, /character/);
  });

  it('403, 410, 413, 415, 422 map to their kinds', () => {
    assert.equal(classify(403, { error: 'Region restricted' }).kind, 'forbidden');
    assert.equal(classify(410, { error: 'gone' }).kind, 'gone');
    assert.equal(classify(413, { code: 'PAYLOAD_TOO_LARGE', error: 'File exceeds the maximum allowed size of 25 MB.' }).kind, 'tooLarge');
    assert.equal(classify(415, { error: 'Unsupported' }).kind, 'unsupportedMedia');
    const policy = classify(422, { error: 'Blocked', suggested_prompt: 'a friendly cat' });
    assert.equal(policy.kind, 'contentPolicy');
    assert.match(policy.message, /a friendly cat/);
  });

  it('429 says how long to wait', () => {
    const e = classify(429, { error: 'Rate limit exceeded' }, { retryAfterSeconds: 12 });
    assert.equal(e.kind, 'rateLimit');
    assert.equal(e.retryAfterSeconds, 12);
    assert.match(e.message, /12 s/);
  });

  it('5xx with an HTML page shows status and short plain text, no markup', () => {
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>Bad gateway</h1><script>alert(1)</script><p>${'cloudflare '.repeat(60)}</p></body></html>`;
    const e = classify(502, html);
    assert.equal(e.kind, 'server');
    assert.match(e.message, /502/);
    assert.match(e.message, /Bad Gateway/);
    assert.doesNotMatch(e.message, /[<>]/);
    assert.doesNotMatch(e.message, /alert|color:red/);
    assert.ok((e.detail ?? '').length <= 200, `detail is ${e.detail?.length} chars`);
  });

  it('a 3xx is reported as a redirect that was not followed', () => {
    const e = classify(302, '');
    assert.equal(e.action, 'openSettings');
    assert.match(e.message, /redirect/);
  });

  it('never repeats the key, even when the server echoes it', () => {
    const e = classify(500, { error: `upstream rejected Authorization: Bearer ${SECRET} for key ${SECRET}` });
    for (const text of [e.message, e.detail ?? '', e.stack ?? '']) assert.ok(!text.includes(SECRET), text);
  });

  it('safeServerText truncates to about 200 characters', () => {
    const t = safeServerText('x'.repeat(1000));
    assert.ok(t.length <= 200);
    assert.ok(t.endsWith('…'));
  });

  it('in-stream errors are classified by code', () => {
    assert.equal(classifyStreamError({ message: 'Model overloaded', code: 'model_overloaded', retry_after: 30 }).kind, 'rateLimit');
    assert.equal(classifyStreamError({ message: 'Model overloaded', code: 'model_overloaded', retry_after: 30 }).retryAfterSeconds, 30);
    assert.equal(classifyStreamError({ message: 'blocked', type: 'content_filter_error', code: 'content_blocked_by_provider' }).kind, 'contentPolicy');
    assert.equal(classifyStreamError({ code: 502, message: 'provider overloaded' }).kind, 'server');
    assert.equal(classifyStreamError('plain text error').kind, 'server');
  });

  it('network errors say what failed without leaking internals', () => {
    const e = networkError('ENOTFOUND', `getaddrinfo ENOTFOUND api.venice.ai key=${SECRET}`, SECRET);
    assert.equal(e.kind, 'network');
    assert.match(e.message, /could not be resolved/);
    assert.ok(!(e.detail ?? '').includes(SECRET));
  });
});
