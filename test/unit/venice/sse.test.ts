// The SSE parser on its own, fed exact byte sequences (no network), so every framing case is deterministic.
import * as assert from 'node:assert/strict';
import { parseChatStream, ThinkSplitter, type ParseStreamOptions } from '../../../src/venice/sse';
import type { StreamEvent } from '../../../src/venice/types';
import { collect } from './helpers';

const enc = new TextEncoder();

function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'zai-org-glm-5-2', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
}
const usage = `data: ${JSON.stringify({ id: 'c1', choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, completion_tokens_details: { reasoning_tokens: 2 } }, cost: { usd: 0.00042, diem: 0 } })}\n\n`;
const DONE = 'data: [DONE]\n\n';

async function* source(parts: Array<string | Uint8Array>, thenThrow?: Error): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? enc.encode(p) : p;
  if (thenThrow) throw thenThrow;
}

function parse(parts: Array<string | Uint8Array>, options?: ParseStreamOptions, thenThrow?: Error) {
  return collect(parseChatStream(source(parts, thenThrow), options));
}

/** Event types in order, with runs of the same type collapsed (deltas may or may not be merged). */
function kinds(events: StreamEvent[]): string[] {
  return events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
}

function toolCalls(events: StreamEvent[]) {
  const ev = events.filter((e) => e.type === 'toolCalls');
  assert.equal(ev.length, 1, 'tool calls are emitted exactly once');
  return (ev[0] as Extract<StreamEvent, { type: 'toolCalls' }>).calls;
}

describe('venice/sse', () => {
  it('turns a normal stream into model, text, finish and usage events', async () => {
    const r = await parse([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usage, DONE]);
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'Hello');
    assert.deepEqual(kinds(r.events), ['model', 'text', 'finish', 'usage']);
    const u = r.events.find((e) => e.type === 'usage');
    assert.deepEqual(u, { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, completion_tokens_details: { reasoning_tokens: 2 } }, cost: { usd: 0.00042, diem: 0 } });
  });

  it('reassembles a multi-byte character split across chunks exactly', async () => {
    const text = 'naïve café 🎉 日本語 — ok';
    const bytes = enc.encode(chunk({ content: text }) + chunk({}, 'stop') + DONE);
    const parts: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1) parts.push(bytes.subarray(i, i + 1)); // one byte per chunk
    const r = await parse(parts);
    assert.equal(r.text, text);
  });

  it('ignores comments, a BOM, CRLF framing, event: ping and unknown fields', async () => {
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    const r = await parse([
      new Uint8Array([0xef, 0xbb, 0xbf]),
      ': OPENROUTER PROCESSING\r\n\r\n',
      crlf(chunk({ content: 'A' })),
      'event: ping\r\ndata: {"type":"ping"}\r\n\r\n',
      'foo: bar\r\n',
      crlf(chunk({ content: 'B', unknown_field: 1 }, null, { x_extra: true })),
      crlf(chunk({}, 'stop')),
      crlf(DONE),
    ]);
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'AB');
  });

  it('skips up to three non-JSON data lines, and fails on the fourth as malformed', async () => {
    const ok = await parse([chunk({ content: 'A' }), 'data: {not json\n\n', 'data: <html>\n\n', 'data: 42\n\n', chunk({ content: 'B' }), chunk({}, 'stop'), DONE]);
    assert.equal(ok.error, undefined);
    assert.equal(ok.text, 'AB');
    const bad = await parse([chunk({ content: 'A' }), ...Array(4).fill('data: {oops\n\n'), chunk({ content: 'B' }), DONE]);
    assert.equal(bad.error?.kind, 'malformed');
    assert.equal(bad.text, 'A', 'what arrived before stays delivered');
  });

  it('a stream that ends without [DONE] and without finish reason is interrupted, and never emits tool calls', async () => {
    const r = await parse([chunk({ content: 'partial' }), chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'edit_file', arguments: '{"path":' } }] })]);
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.text, 'partial');
    assert.ok(!r.events.some((e) => e.type === 'toolCalls' || e.type === 'finish'));
  });

  it('discards an unterminated last line instead of parsing it', async () => {
    const r = await parse([chunk({ content: 'x' }), 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}']);
    assert.equal(r.error?.kind, 'interrupted');
  });

  it('a connection error mid-stream is interrupted', async () => {
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const r = await parse([chunk({ content: 'Hello' })], {}, reset);
    assert.equal(r.error?.kind, 'interrupted');
    assert.equal(r.text, 'Hello');
  });

  it('a finish reason without [DONE] still completes (only the usage tail is lost)', async () => {
    const r = await parse([chunk({ content: 'done' }), chunk({}, 'stop')]);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events.at(-1), { type: 'finish', reason: 'stop' });
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    const r2 = await parse([chunk({ content: 'done' }), chunk({}, 'stop')], {}, reset);
    assert.equal(r2.error, undefined);
  });

  it('an error chunk inside a 200 stream is thrown after the text that came before', async () => {
    const r = await parse([chunk({ content: 'Hi' }), 'data: {"error":{"message":"provider overloaded","type":"server_error","code":"model_overloaded","param":null,"retry_after":30}}\n\n', DONE]);
    assert.equal(r.text, 'Hi');
    assert.equal(r.error?.kind, 'rateLimit');
    assert.equal(r.error?.retryAfterSeconds, 30);
    assert.match(r.error?.message ?? '', /provider overloaded/);
    const policy = await parse(['data: {"error":{"message":"blocked","type":"content_filter_error","code":"content_blocked_by_provider"}}\n\n']);
    assert.equal(policy.error?.kind, 'contentPolicy');
    const generic = await parse(['data: {"error":{"code":502,"message":"upstream failed"}}\n\n']);
    assert.equal(generic.error?.kind, 'server');
  });

  it('reads reasoning_content and a leading <think> block as reasoning, even with split tags', async () => {
    const r = await parse([chunk({ reasoning_content: 'plan. ' }), chunk({ content: '  <thi' }), chunk({ content: 'nk>step 1</th' }), chunk({ content: 'ink>\n\nAnswer <think> stays' }), chunk({}, 'stop'), DONE]);
    assert.equal(r.reasoning, 'plan. step 1');
    assert.equal(r.text, 'Answer <think> stays');
  });

  it('keeps the order of interleaved reasoning, text and other events, merging only neighbours of one kind', async () => {
    const r = await parse([
      chunk({ reasoning_content: 'r1 ' }) + chunk({ reasoning_content: 'r2 ' }) + chunk({ content: 't1 ' }) + chunk({ reasoning_content: 'r3' }),
      chunk({ content: 't2' }, 'stop') + usage + DONE,
    ]);
    assert.equal(r.error, undefined);
    const shape = r.events.map((e) => (e.type === 'text' || e.type === 'reasoning' ? `${e.type}:${e.text}` : e.type));
    assert.deepEqual(shape, ['model', 'reasoning:r1 r2 ', 'text:t1 ', 'reasoning:r3', 'text:t2', 'finish', 'usage']);
  });

  it('reads bare chunks (no model or id), `event: message`, and a null error field as ordinary text', async () => {
    const bare = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => `data: ${JSON.stringify({ choices: [{ delta, finish_reason: null }], ...extra })}\n\n`;
    const r = await parse([bare({ content: 'a' }), bare({ content: 'b' }, { error: null }), `event: message\n${bare({ content: 'c' })}`, bare({ content: 'd' }), chunk({}, 'stop'), DONE]);
    assert.equal(r.error, undefined);
    assert.equal(r.text, 'abcd');
  });

  it('ThinkSplitter leaves ordinary text alone and flushes an unterminated block as reasoning', () => {
    const s = new ThinkSplitter();
    assert.deepEqual([...s.feed('<'), ...s.feed('b>bold</b>')], [{ type: 'text', text: '<b>bold</b>' }]);
    const t = new ThinkSplitter();
    assert.deepEqual([...t.feed('<think>never closed'), ...t.flush()], [{ type: 'reasoning', text: 'never closed' }]);
  });

  describe('tool-call assembly', () => {
    const tc = (deltas: Array<Record<string, unknown>>): string => chunk({ tool_calls: deltas });

    it('starts a new call for an unseen id even when the index repeats', async () => {
      const r = await parse([
        tc([{ index: 0, id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '{"path":' } }]),
        tc([{ index: 0, function: { arguments: '"a.ts"}' } }]),
        tc([{ index: 0, id: 'call_b', type: 'function', function: { name: 'list_files', arguments: '' } }]),
        tc([{ index: 0, function: { arguments: '{"glob":"*.md"}' } }]),
        chunk({}, 'tool_calls'),
        DONE,
      ]);
      assert.deepEqual(toolCalls(r.events), [
        { id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { id: 'call_b', name: 'list_files', arguments: '{"glob":"*.md"}' },
      ]);
    });

    it('accepts a name that arrives after the arguments started', async () => {
      const r = await parse([tc([{ index: 0, id: 'c1', function: { arguments: '{"te' } }]), tc([{ index: 0, function: { name: 'insert_text' } }]), tc([{ index: 0, function: { arguments: 'xt":"hi"}' } }]), chunk({}, 'tool_calls'), DONE]);
      assert.deepEqual(toolCalls(r.events), [{ id: 'c1', name: 'insert_text', arguments: '{"text":"hi"}' }]);
    });

    it('turns empty arguments into {}', async () => {
      const r = await parse([tc([{ index: 0, id: 'c1', function: { name: 'get_editor_context' } }]), chunk({}, 'tool_calls'), DONE]);
      assert.deepEqual(toolCalls(r.events), [{ id: 'c1', name: 'get_editor_context', arguments: '{}' }]);
    });

    it('keeps interleaved calls apart by index', async () => {
      const r = await parse([
        tc([
          { index: 0, id: 'a', function: { name: 'f', arguments: '' } },
          { index: 1, id: 'b', function: { name: 'g', arguments: '' } },
        ]),
        tc([{ index: 0, function: { arguments: '{"x"' } }]),
        tc([{ index: 1, function: { arguments: '{"y"' } }]),
        tc([{ index: 0, function: { arguments: ':1}' } }]),
        tc([{ index: 1, function: { arguments: ':2}' } }]),
        chunk({}, 'tool_calls'),
        DONE,
      ]);
      assert.deepEqual(toolCalls(r.events), [
        { id: 'a', name: 'f', arguments: '{"x":1}' },
        { id: 'b', name: 'g', arguments: '{"y":2}' },
      ]);
    });

    it('appends fragments without an index to the latest call', async () => {
      const r = await parse([tc([{ id: 'g1', function: { name: 'search_workspace', arguments: '{"query"' } }]), tc([{ function: { arguments: ':"todo"}' } }]), DONE]);
      assert.deepEqual(toolCalls(r.events), [{ id: 'g1', name: 'search_workspace', arguments: '{"query":"todo"}' }]);
    });

    it('emits tool calls before the finish event, once', async () => {
      const r = await parse([tc([{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }]), chunk({}, 'tool_calls'), usage, DONE]);
      assert.deepEqual(
        r.events.map((e) => e.type),
        ['model', 'toolCalls', 'finish', 'usage'],
      );
    });
  });

  it('reads citations from any chunk, once per distinct list', async () => {
    const cites = [{ title: 'Sky', url: 'https://example.com/sky', content: 'blue', date: '2025-04-16T16:55:11' }];
    const early = `data: ${JSON.stringify({ id: 'c1', choices: [], venice_parameters: { web_search_citations: cites } })}\n\n`;
    const r = await parse([early, chunk({ content: 'Blue.' }, null, { venice_parameters: { web_search_citations: cites } }), chunk({}, 'stop'), DONE]);
    const found = r.events.filter((e) => e.type === 'citations');
    assert.deepEqual(found, [{ type: 'citations', citations: cites }]);
  });

  it('caps one event: a huge line fails as tooLarge and keeps what was delivered', async () => {
    const huge = `data: {"choices":[{"index":0,"delta":{"content":"${'a'.repeat(50_000)}`;
    const r = await parse([chunk({ content: 'before' }), huge], { limits: { maxEventChars: 10_000 } });
    assert.equal(r.error?.kind, 'tooLarge');
    assert.equal(r.text, 'before');
  });

  it('caps the whole response at maxTotalBytes', async () => {
    const parts = Array.from({ length: 200 }, () => chunk({ content: 'xxxxxxxxxx' }));
    const r = await parse(parts, { limits: { maxTotalBytes: 5_000 } });
    assert.equal(r.error?.kind, 'tooLarge');
    assert.ok(r.text.length > 0 && r.text.length < 2000, `kept ${r.text.length} chars`);
  });
});
