// Streaming chat through the real client against the simulator: faults, retries, timeouts, cancellation.
import * as assert from 'node:assert/strict';
import type { ChatCompletionRequest, StreamEvent } from '../../../src/venice/types';
import { collect, errorSurface, failure, KEY, noticesCollector, startCaptureServer, textChat, clientSuite } from './helpers';

describe('venice/client chat (against the simulator)', function () {
  this.timeout(8000);
  const { sim, client: newClient } = clientSuite();

  const client = newClient;

  it('streams the default answer and sends only documented fields, with developer mapped to system', async () => {
    const { client: c, metas } = client();
    const req = {
      model: 'default',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'Hello Venice' },
      ],
      temperature: 0.2,
      max_completion_tokens: undefined,
      service_tier: 'priority', // an OpenAI-only field the contract does not document
      venice_parameters: { include_venice_system_prompt: false, not_a_param: 1 },
    } as unknown as ChatCompletionRequest;
    const r = await collect(c.streamChat(req));
    assert.equal(r.error, undefined);
    assert.match(r.text, /^You said: Hello Venice/);
    assert.ok(r.events.some((e) => e.type === 'usage' && e.cost?.usd !== undefined));
    assert.deepEqual(sim.requests[0]?.body, {
      model: 'default',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello Venice' },
      ],
      temperature: 0.2,
      venice_parameters: { include_venice_system_prompt: false },
      stream: true,
      stream_options: { include_usage: true },
    });
    const headers = sim.requests[0]?.headers ?? {};
    assert.equal(headers.authorization, `Bearer ${KEY}`);
    assert.equal(headers.accept, 'text/event-stream');
    assert.equal(metas[0]?.path, '/chat/completions');
    assert.equal(metas[0]?.meta.modelId, 'zai-org-glm-5-2');
    assert.equal(typeof metas[0]?.meta.balanceUsd, 'number');
  });

  it('the strict simulator itself rejects an unknown top-level field with 400', async () => {
    const res = await fetch(`${sim.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'default', messages: [{ role: 'user', content: 'x' }], service_tier: 'priority' }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: string; details: unknown };
    assert.equal(body.error, 'Invalid request parameters');
    assert.match(JSON.stringify(body.details), /service_tier/);
  });

  it('maps tools, tool results and assistant tool calls to the documented shapes', async () => {
    const { client: c } = client();
    const req: ChatCompletionRequest = {
      model: 'default',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'read it' }, { type: 'text', text: '' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'file text' },
      ],
      tools: [{ type: 'function', function: { name: 'read_file', description: 'Read a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }],
      tool_choice: 'auto',
    };
    const r = await collect(c.streamChat(req));
    assert.equal(r.error, undefined);
    assert.match(r.text, /Tool result received: file text/);
    const body = sim.requests[0]?.body as { messages: unknown[] };
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'read it' }] },
      { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'file text' },
    ]);
  });

  it('assembles scripted tool calls (repeated index with a new id, late name, empty args)', async () => {
    sim.enqueueChat({
      steps: [
        { toolDelta: { index: 0, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":' } } },
        { toolDelta: { index: 0, function: { arguments: '"x.ts"}' } } },
        { toolDelta: { index: 0, id: 'call_b', type: 'function', function: { arguments: '' } } },
        { toolDelta: { index: 0, function: { name: 'get_editor_context' } } },
      ],
      toolCalls: [{ name: 'create_file', arguments: '{"path":"n.md","content":"# hi"}', id: 'call_c', fragments: 4 }],
    });
    const { client: c } = client();
    const r = await collect(c.streamChat({ ...textChat('go'), tools: [{ type: 'function', function: { name: 'read_file' } }] }));
    assert.equal(r.error, undefined);
    const calls = r.events.find((e): e is Extract<StreamEvent, { type: 'toolCalls' }> => e.type === 'toolCalls')?.calls;
    assert.deepEqual(calls, [
      { id: 'call_a', name: 'read_file', arguments: '{"path":"x.ts"}' },
      { id: 'call_b', name: 'get_editor_context', arguments: '{}' },
      { id: 'call_c', name: 'create_file', arguments: '{"path":"n.md","content":"# hi"}' },
    ]);
    assert.deepEqual(r.events.at(-2), { type: 'finish', reason: 'tool_calls' });
  });

  it('reports citations sent on an early chunk and usage with cost', async () => {
    const cites = [{ title: 'Venice', url: 'https://example.com/venice' }];
    sim.enqueueChat({ steps: [{ citations: cites }, 'Venice is a city.'], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }, cost: { usd: 0.01, diem: 0 } });
    const { client: c } = client();
    const r = await collect(c.streamChat(textChat('what is venice')));
    assert.deepEqual(r.events.find((e) => e.type === 'citations'), { type: 'citations', citations: cites });
    assert.deepEqual(r.events.find((e) => e.type === 'usage'), { type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 }, cost: { usd: 0.01, diem: 0 } });
  });

  it('web search with include_search_results_in_stream delivers citations at the end', async () => {
    const { client: c } = client();
    const r = await collect(c.streamChat({ ...textChat('canals'), venice_parameters: { enable_web_search: 'on', include_search_results_in_stream: true } }));
    const cites = r.events.find((e): e is Extract<StreamEvent, { type: 'citations' }> => e.type === 'citations');
    assert.ok(cites && cites.citations.length > 0);
  });

  it('connection reset mid-stream -> interrupted, text kept, no tool calls, no retry', async () => {
    sim.enqueueChat({ steps: ['one ', 'two ', 'three ', { toolCall: { name: 'edit_file', arguments: '{"path":"a"}' } }, { reset: true }] });
    const { client: c } = client({ maxRetries: 2 });
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.error?.action, 'retry');
    assert.equal(r.text, 'one two three ');
    assert.ok(!r.events.some((e) => e.type === 'toolCalls'));
    assert.equal(sim.requests.length, 1, 'nothing is retried once bytes were delivered');
  });

  it('EOF without [DONE] or finish reason -> interrupted, never success', async () => {
    sim.enqueueChat({ steps: ['half an answer'], finishReason: null, usage: null, done: false });
    const { client: c } = client();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.text, 'half an answer');
    assert.ok(!r.events.some((e) => e.type === 'finish'));
  });

  it('malformed lines are skipped up to three, and a fourth fails the turn', async () => {
    sim.enqueueChat({ steps: ['A', { raw: 'data: {not json\n\n' }, { raw: 'data: <b>\n\n' }, 'B'] });
    sim.enqueueChat({ steps: ['A', ...Array.from({ length: 4 }, () => ({ raw: 'data: garbage\n\n' })), 'B'] });
    const { client: c } = client();
    const ok = await collect(c.streamChat(textChat('x')));
    assert.equal(ok.error, undefined);
    assert.equal(ok.text, 'AB');
    const bad = await collect(c.streamChat(textChat('x')));
    assert.equal(bad.error?.kind, 'malformed');
  });

  it('SSE comments, BOM, CRLF, event: ping and unknown fields are ignored', async () => {
    sim.enqueueChat({ bom: true, crlf: true, steps: ['A', { raw: ': keep-alive\r\n\r\n' }, { raw: 'event: ping\r\ndata: {}\r\n\r\n' }, { raw: 'retry: 10\r\nfoo: bar\r\n' }, 'B'] });
    const { client: c } = client();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'AB');
  });

  it('UTF-8 split across network writes arrives exactly', async () => {
    const text = 'Grüße 👋🏽 — 日本語テキスト ✓';
    sim.enqueueChat({ steps: [{ content: text, sliceBytes: 3 }] });
    const { client: c } = client();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error, undefined);
    assert.equal(r.text, text);
  });

  it('an error chunk inside a 200 stream is thrown with its message, after the text', async () => {
    sim.enqueueChat({ steps: ['Partial ', { error: { message: 'model overloaded, try later', type: 'server_error', code: 'model_overloaded', param: null, retry_after: 30 } }] });
    const { client: c } = client();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.text, 'Partial ');
    assert.equal(r.error?.kind, 'rateLimit');
    assert.match(r.error?.message ?? '', /model overloaded/);
    assert.equal(sim.requests.length, 1);
  });

  it('429 with Retry-After is waited out and retried, then succeeds', async () => {
    sim.enqueueChat({ fault: { kind: 'status', status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '1' } } });
    const { client: c } = client();
    const { notices, onRetry } = noticesCollector();
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('again'), { onRetry }));
    const elapsed = Date.now() - started;
    assert.equal(r.error, undefined);
    assert.match(r.text, /You said: again/);
    assert.deepEqual(notices.map((n) => [n.attempt, n.delayMs, n.status]), [[1, 1000, 429]]);
    assert.ok(elapsed >= 950, `waited ${elapsed} ms`);
    assert.equal(sim.requests.length, 2);
  });

  it('a rate-limit reset header (delta seconds) is honoured when there is no Retry-After', async () => {
    sim.enqueueChat({ fault: { kind: 'status', status: 429, body: { error: 'Too many requests' }, headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '0.3' } } });
    const { client: c } = client();
    const { notices, onRetry } = noticesCollector();
    const r = await collect(c.streamChat(textChat('x'), { onRetry }));
    assert.equal(r.error, undefined);
    assert.ok(notices[0] && notices[0].delayMs >= 250 && notices[0].delayMs <= 300, `delay ${notices[0]?.delayMs}`);
  });

  it('429 asking for more than 60 s is not slept on', async () => {
    sim.enqueueChat({ fault: { kind: 'status', status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '3600' } } });
    const { client: c } = client();
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error?.kind, 'rateLimit');
    assert.equal(r.error?.retryAfterSeconds, 3600);
    assert.ok(Date.now() - started < 1000);
    assert.equal(sim.requests.length, 1);
  });

  it('5xx with an HTML body is retried with backoff; the final error shows status and short text', async () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    sim.setFault({ path: '/chat/completions', fault: { kind: 'status', status: 502, body: html, contentType: 'text/html' } });
    const { client: c } = client({ maxRetries: 1 });
    const { notices, onRetry } = noticesCollector();
    const r = await collect(c.streamChat(textChat('x'), { onRetry }));
    assert.equal(r.error?.kind, 'server');
    assert.equal(r.error?.status, 502);
    assert.match(r.error?.message ?? '', /502.*Bad Gateway/);
    assert.doesNotMatch(r.error?.message ?? '', /[<>]/);
    assert.equal(notices.length, 1);
    assert.ok(notices[0] && notices[0].delayMs >= 250 && notices[0].delayMs <= 500, `backoff ${notices[0]?.delayMs}`);
    assert.equal(sim.requests.length, 2);
  });

  it('a 5xx followed by success is retried transparently', async () => {
    sim.enqueueChat({ fault: { kind: 'status', status: 503, body: { error: 'Model at capacity' } } });
    const { client: c } = client();
    const r = await collect(c.streamChat(textChat('after outage')));
    assert.equal(r.error, undefined);
    assert.match(r.text, /after outage/);
  });

  for (const [status, body, kind] of [
    [400, { error: 'Invalid request parameters', details: 'bad' }, 'badRequest'],
    [401, { error: 'Authentication failed' }, 'auth'],
    [402, { error: 'Insufficient USD or Diem balance to complete request' }, 'payment'],
    [404, { error: "The model 'nope' does not exist" }, 'notFound'],
  ] as const) {
    it(`${status} is never retried (${kind})`, async () => {
      sim.enqueueChat({ fault: { kind: 'status', status, body } });
      const { client: c } = client({ maxRetries: 3 });
      const r = await collect(c.streamChat(textChat('x')));
      assert.equal(r.error?.kind, kind);
      assert.equal(sim.requests.length, 1);
    });
  }

  it('a wrong key -> 401 with the Set API Key action; no key -> noKey without sending anything', async () => {
    const wrong = client({ key: 'vk-wrong-key-000000' });
    const e = await failure(() => collect(wrong.client.streamChat(textChat('x'))).then((r) => Promise.reject(r.error)));
    assert.equal(e.kind, 'auth');
    assert.equal(e.action, 'setApiKey');
    sim.reset();
    const none = client({ key: undefined });
    const n = await failure(() => collect(none.client.streamChat(textChat('x'))).then((r) => Promise.reject(r.error)));
    assert.equal(n.kind, 'noKey');
    assert.equal(n.action, 'setApiKey');
    assert.equal(sim.requests.length, 0, 'no request without a key');
  });

  it('the simulator answers a request without a key with a 402 x402 body, which reads as noKey', async () => {
    const res = await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 402);
    const body = (await res.json()) as { x402Version?: number };
    assert.equal(body.x402Version, 2);
  });

  it('hang before headers -> timeout, and the connection is closed', async () => {
    sim.enqueueChat({ fault: { kind: 'hangBeforeHeaders' } });
    const { client: c } = client({ timeoutMs: 300 });
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error?.kind, 'timeout');
    assert.ok(Date.now() - started < 2000);
    const req = sim.requests[0];
    assert.ok(req);
    assert.equal(await sim.waitForClose(req, 2000), true, 'the server saw the connection close');
    assert.equal(sim.requests.length, 1, 'timeouts are not retried');
  });

  it('hang mid-body -> idle timeout after the delivered text, connection closed', async () => {
    sim.enqueueChat({ steps: ['Hello ', { hang: true }] });
    const { client: c } = client({ timeoutMs: 300 });
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.text, 'Hello ');
    assert.equal(r.error?.kind, 'timeout');
    const req = sim.requests[0];
    assert.ok(req);
    assert.equal(await sim.waitForClose(req, 2000), true);
  });

  it('slow chunks within the idle limit are fine (the timer is per chunk, not per answer)', async () => {
    sim.enqueueChat({ steps: ['a', 'b', 'c', 'd'], delayMs: 150 });
    const { client: c } = client({ timeoutMs: 400 });
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'abcd');
  });

  it('a consumer slower than the idle limit is not a timeout (only waiting for the network counts)', async () => {
    sim.enqueueChat({ steps: ['a', 'b'], delayMs: 20 });
    const { client: c } = client({ timeoutMs: 100 });
    let text = '';
    for await (const ev of c.streamChat(textChat('x'))) {
      if (ev.type !== 'text') continue;
      text += ev.text;
      await new Promise((resolve) => setTimeout(resolve, 250)); // the UI busy with one piece for longer than the limit
    }
    assert.equal(text, 'ab');
  });

  it('a huge line fails as tooLarge and keeps what was delivered', async () => {
    sim.enqueueChat({ steps: ['kept ', { hugeLine: 300_000 }] });
    const { client: c } = client({ extras: { streamLimits: { maxEventChars: 64 * 1024 } } });
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error?.kind, 'tooLarge');
    assert.equal(r.text, 'kept ');
  });

  it('an endless answer stops at the total byte cap', async () => {
    sim.enqueueChat({ bulk: { chunks: 20_000, text: 'word ' } });
    const { client: c } = client({ extras: { streamLimits: { maxTotalBytes: 200_000 } } });
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error?.kind, 'tooLarge');
    assert.ok(r.text.length > 1000);
  });

  it('a big answer streams fast (benchmark mode)', async () => {
    sim.enqueueChat({ bulk: { chunks: 20_000, text: 'tok ' } });
    const { client: c } = client();
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error, undefined);
    assert.equal(r.text.length, 20_000 * 4);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('a cross-origin redirect is not followed: the key never reaches the other server', async () => {
    const capture = await startCaptureServer();
    try {
      sim.enqueueChat({ fault: { kind: 'redirect', location: `${capture.url}/api/v1/chat/completions`, status: 307 } });
      sim.enqueueFault({ path: '/models', fault: { kind: 'redirect', location: `${capture.url}/api/v1/models` } });
      const { client: c } = client();
      const r = await collect(c.streamChat(textChat('x')));
      assert.equal(r.error?.kind, 'network');
      assert.match(r.error?.message ?? '', /redirect/);
      const e = await failure(() => c.listModels('text'));
      assert.match(e.message, /redirect/);
      assert.equal(capture.hits.length, 0, 'the capture server received nothing');
    } finally {
      await capture.close();
    }
  });

  it('cancellation mid-stream ends with cancelled promptly and closes the connection', async () => {
    sim.enqueueChat({ steps: ['first ', { delayMs: 3000 }, 'never'] });
    const { client: c } = client();
    const ac = new AbortController();
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('x'), { signal: ac.signal }), (ev) => {
      if (ev.type === 'text') ac.abort();
    });
    assert.equal(r.error?.kind, 'cancelled');
    assert.ok(Date.now() - started < 1500);
    const req = sim.requests[0];
    assert.ok(req);
    assert.equal(await sim.waitForClose(req, 2000), true);
  });

  it('breaking out of the loop closes the connection too', async () => {
    sim.enqueueChat({ steps: ['first ', { delayMs: 3000 }, 'never'] });
    const { client: c } = client();
    for await (const ev of c.streamChat(textChat('x'))) if (ev.type === 'text') break;
    const req = sim.requests[0];
    assert.ok(req);
    assert.equal(await sim.waitForClose(req, 2000), true);
  });

  it('a stream read to [DONE] keeps its connection: the next request goes over the same one', async () => {
    const { client: c } = client();
    for (const q of ['one', 'two', 'three']) {
      // As through a proxy or a CDN: the chunked body's end arrives a moment after [DONE].
      sim.enqueueChat({ done: false, steps: [q, { raw: 'data: [DONE]\n\n' }, { delayMs: 30 }] });
      const r = await collect(c.streamChat(textChat(q)));
      assert.equal(r.error, undefined);
      assert.equal(r.text, q);
      // The body's end is read in the background; the user's next request comes later than this.
      await new Promise((res) => setTimeout(res, 80));
    }
    assert.equal(sim.requests.length, 3);
    assert.equal(sim.connectionsOpened(), 1, 'one connection for three whole answers (a fresh connection costs a handshake)');
  });

  it('a server that stays silent after [DONE] does not hold the caller, and its connection is closed', async () => {
    sim.enqueueChat({ done: false, steps: ['all of it', { raw: 'data: [DONE]\n\n' }, { hang: true }] });
    const { client: c } = client();
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('x')));
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'all of it');
    assert.ok(Date.now() - started < 1000, 'the answer ends at [DONE]');
    const req = sim.requests[0];
    assert.ok(req);
    assert.equal(await sim.waitForClose(req, 4000), true, 'closed after the short wait for the body to end');
  });

  it('cancellation during a retry wait stops at once, without another request', async () => {
    sim.enqueueChat({ fault: { kind: 'status', status: 429, body: { error: 'slow down' }, headers: { 'retry-after': '20' } } });
    const { client: c } = client();
    const ac = new AbortController();
    const started = Date.now();
    const r = await collect(c.streamChat(textChat('x'), { signal: ac.signal, onRetry: () => setTimeout(() => ac.abort(), 30) }));
    assert.equal(r.error?.kind, 'cancelled');
    assert.ok(Date.now() - started < 1500);
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(sim.requests.length, 1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { client: c } = client();
    const ac = new AbortController();
    ac.abort();
    const r = await collect(c.streamChat(textChat('x'), { signal: ac.signal }));
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(sim.requests.length, 0);
  });

  it('capability gates: tools to a model without function calling, too many tokens, unknown model, unknown character', async () => {
    const { client: c } = client();
    const tools = await collect(c.streamChat({ ...textChat('x', 'venice-uncensored-1-2'), tools: [{ type: 'function', function: { name: 'f' } }] }));
    assert.equal(tools.error?.kind, 'badRequest');
    assert.match(tools.error?.message ?? '', /function calling/);
    const tokens = await collect(c.streamChat({ ...textChat('x'), max_completion_tokens: 999_999 }));
    assert.equal(tokens.error?.kind, 'badRequest');
    assert.match(tokens.error?.message ?? '', /max_completion_tokens/);
    const model = await collect(c.streamChat(textChat('x', 'no-such-model')));
    assert.equal(model.error?.kind, 'notFound');
    assert.equal(model.error?.action, 'chooseModel');
    const character = await collect(c.streamChat({ ...textChat('x'), venice_parameters: { character_slug: 'nobody-here' } }));
    assert.equal(character.error?.kind, 'notFound');
    assert.match(character.error?.message ?? '', /character/);
  });

  it('a deprecated model reports its deprecation headers', async () => {
    const { client: c, metas } = client();
    await collect(c.streamChat(textChat('x', 'claude-sonnet-4-5')));
    assert.match(metas[0]?.meta.deprecationWarning ?? '', /deprecated/);
    assert.equal(metas[0]?.meta.deprecationDate, '2026-10-30T00:00:00.000Z');
  });

  it('non-stream chat returns the completion JSON (gzip/br decoded)', async () => {
    sim.enqueueChat({ steps: [{ reasoning: 'thinking' }, 'x'.repeat(3000)] });
    const { client: c } = client();
    const out = await c.chat(textChat('hi'));
    assert.equal(out.choices[0]?.message.content, 'x'.repeat(3000));
    assert.equal(out.choices[0]?.message.reasoning_content, 'thinking');
    assert.equal(sim.requests[0]?.headers['accept-encoding'], 'gzip, br');
    assert.equal((sim.requests[0]?.body as { stream?: boolean }).stream, undefined);
  });

  it('the key never appears in any error message, detail or stack', async () => {
    const { client: c } = client({ maxRetries: 0, timeoutMs: 300 });
    const echo = `Authorization: Bearer ${KEY} was rejected; key=${KEY}`;
    sim.enqueueChat({ fault: { kind: 'status', status: 500, body: { error: echo } } });
    sim.enqueueChat({ fault: { kind: 'status', status: 400, body: { error: 'Invalid request parameters', details: { model: { _errors: [echo] } } } } });
    sim.enqueueChat({ steps: [{ error: { message: echo, code: 'upstream_error' } }] });
    sim.enqueueChat({ fault: { kind: 'status', status: 502, body: `<html><body>${echo}</body></html>` } });
    sim.enqueueChat({ fault: { kind: 'hangBeforeHeaders' } });
    const errors = [];
    for (let i = 0; i < 5; i++) {
      const r = await collect(c.streamChat(textChat('x')));
      assert.ok(r.error, `case ${i} failed`);
      errors.push(r.error);
    }
    const refused = client({ baseUrl: 'http://127.0.0.1:9/api/v1', maxRetries: 0 });
    errors.push(await failure(() => refused.client.listModels()));
    for (const e of errors) {
      const surface = errorSurface(e);
      assert.ok(!surface.includes(KEY), `key leaked in ${e.kind}: ${surface}`);
    }
  });
});
