// Issue 18, "Streams": the edges of each fix that the recorded streams do not reach, on exact byte
// sequences (the parser alone), the contract (the strict simulator), the stored answer and the chat webview.
import * as assert from 'node:assert/strict';
import { parseConversation } from '../../../src/chat/storeSchema';
import { incompleteText } from '../../../src/llm/answer';
import { relayStream } from '../../../src/lm/relay';
import { classifyStreamError } from '../../../src/venice/errors';
import { parseChatStream } from '../../../src/venice/sse';
import type { StreamEvent } from '../../../src/venice/types';
import { startSimulator } from '../../fixtures/simulator';
import { answer, harness, state, user } from '../webview/appHarness';
import { collect } from './helpers';

const enc = new TextEncoder();
const sse = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const tc = (calls: unknown[], finish: string | null = null) => sse({ choices: [{ index: 0, delta: { tool_calls: calls }, finish_reason: finish }] });
const DONE = 'data: [DONE]\n\n';

async function* source(parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield enc.encode(p);
}
const parse = (parts: string[]) => collect(parseChatStream(source(parts)));
const callsOf = (evs: StreamEvent[]) => evs.filter((e): e is Extract<StreamEvent, { type: 'toolCalls' }> => e.type === 'toolCalls').flatMap((e) => e.calls);

describe('streams: two calls at one index (item 6)', () => {
  it('a repeated name with no new arguments is the same call, not a second one', async () => {
    const r = await parse([tc([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":1}' } }]), tc([{ index: 0, function: { name: 'f', arguments: '' } }], 'tool_calls'), DONE]);
    assert.deepEqual(callsOf(r.events), [{ id: 'a', name: 'f', arguments: '{"x":1}' }]);
  });

  it('a second call of the same function at the same index, name first, arguments after, is a second call', async () => {
    const r = await parse([
      tc([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":1}' } }]),
      tc([{ index: 0, function: { name: 'f' } }]),
      tc([{ index: 0, function: { arguments: '{"x":' } }]),
      tc([{ index: 0, function: { arguments: '2}' } }]),
      tc([], 'tool_calls'),
      DONE,
    ]);
    assert.deepEqual(
      callsOf(r.events).map((c) => [c.name, c.arguments]),
      [
        ['f', '{"x":1}'],
        ['f', '{"x":2}'],
      ],
    );
  });

  it('a name streamed in pieces before its arguments still joins (the call was not whole yet)', async () => {
    const r = await parse([tc([{ index: 0, id: 'a', function: { name: 'read_' } }]), tc([{ index: 0, function: { name: 'file', arguments: '{}' } }], 'tool_calls'), DONE]);
    assert.deepEqual(callsOf(r.events), [{ id: 'a', name: 'read_file', arguments: '{}' }]);
  });
});

describe('streams: the language model relay (items 1 and 2)', () => {
  it('counts skipped events for its log, and keeps the largest usage of the response', async () => {
    const evs: StreamEvent[] = [
      { type: 'text', text: 'Hel' },
      { type: 'usage', usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 } },
      { type: 'incomplete', skipped: 1 },
      { type: 'text', text: 'lo' },
      { type: 'incomplete', skipped: 2 },
      { type: 'usage', usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } },
      { type: 'finish', reason: 'stop' },
    ];
    const out = await relayStream((async function* () { yield* evs; })(), { text: () => undefined, toolCall: () => undefined }, { has: () => true } as never, () => 'x');
    assert.equal(out.skipped, 2);
    assert.deepEqual(out.usage, { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 });
  });
});

describe('streams: the end of the body (item 3)', () => {
  it('a connection lost after finish_reason keeps whole tool calls, but fails when arguments were cut', async () => {
    const whole = await collect(parseChatStream((async function* () {
      yield enc.encode(tc([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":1}' } }], 'tool_calls'));
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    })()));
    assert.equal(whole.error, undefined);
    assert.deepEqual(callsOf(whole.events), [{ id: 'a', name: 'f', arguments: '{"x":1}' }]);
    const cut = await collect(parseChatStream((async function* () {
      yield enc.encode(tc([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":' } }], 'tool_calls'));
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    })()));
    assert.equal(cut.error?.kind, 'interrupted', 'half a tool call is never run');
    assert.deepEqual(callsOf(cut.events), []);
  });
});

describe('streams: Gemini replay data (item 5)', () => {
  it('a thought_signature on the delta wins over one on a call, and is emitted once at the end', async () => {
    const r = await parse([
      sse({ choices: [{ index: 0, delta: { thought_signature: 'SIG-MSG' }, finish_reason: null }] }),
      tc([{ index: 0, id: 'a', thought_signature: 'SIG-CALL', function: { name: 'f', arguments: '{}' } }], 'tool_calls'),
      DONE,
    ]);
    assert.deepEqual(r.events.filter((e) => e.type === 'replay'), [{ type: 'replay', thoughtSignature: 'SIG-MSG' }]);
  });

  it('reasoning_details items without a type are dropped (the contract requires it), others are kept as sent', async () => {
    const r = await parse([sse({ choices: [{ index: 0, delta: { reasoning_details: [{ text: 'no type' }, { type: 'reasoning.summary', summary: 's', extra: [1] }] }, finish_reason: 'stop' }] }), DONE]);
    assert.deepEqual(r.events.filter((e) => e.type === 'replay'), [{ type: 'replay', reasoningDetails: [{ type: 'reasoning.summary', summary: 's', extra: [1] }] }]);
  });

  it('the strict simulator accepts them on an assistant message, as Venice\'s schema does, and refuses a detail without type', async () => {
    const sim = await startSimulator({ validKeys: ['k-123456'] });
    try {
      const body = (details: unknown[]) => ({
        model: 'default',
        messages: [
          { role: 'user', content: 'read it' },
          { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'read_file', arguments: '{}' } }], reasoning_details: details, thought_signature: 'SIG' },
          { role: 'tool', tool_call_id: 'a', content: 'hello' },
        ],
      });
      const post = (b: unknown) => fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k-123456', 'content-type': 'application/json' }, body: JSON.stringify(b) });
      const ok = await post(body([{ type: 'reasoning.encrypted', data: 'x', format: 'google-gemini-v1', index: 0 }]));
      assert.equal(ok.status, 200, await ok.clone().text());
      await ok.arrayBuffer();
      const bad = await post(body([{ data: 'x' }]));
      assert.equal(bad.status, 400);
      await bad.arrayBuffer();
    } finally {
      await sim.close();
    }
  });
});

describe('streams: context overflow (item 4)', () => {
  it('recognises the code or the wording of a context-length error chunk; other errors stay as they were', () => {
    assert.equal(classifyStreamError({ message: 'x', code: 'context_length_exceeded' }).kind, 'contextLength');
    assert.equal(classifyStreamError('prompt is too long: 210000 tokens > 200000 maximum').kind, 'contextLength');
    assert.equal(classifyStreamError({ message: 'busy', code: 'model_overloaded' }).action, 'retry');
  });
});

describe('streams: the "may be incomplete" marker (item 2) and the overflow card (item 4) in the chat webview', () => {
  it('an answer with skipped pieces shows the marker, named by its full sentence; others do not', () => {
    const h = harness();
    const why = incompleteText(1);
    assert.equal(why, 'This answer may be incomplete: Venice sent one piece of it that could not be read and was skipped.');
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Q'), answer('a1', 'Hello ld', { incomplete: why }), user('u2', 'Q2'), answer('a2', 'Fine')] }) });
    h.frame();
    const marker = h.byRole('note', why);
    assert.ok(marker, 'the marker is visible with its accessible name');
    assert.match(marker.textContent ?? '', /May be incomplete/);
    assert.ok(marker.closest('[data-message-id="a1"]'));
    assert.equal(h.doc.querySelectorAll('[data-message-id="a2"] .incomplete-marker:not([hidden])').length, 0);
  });

  it('a context overflow offers Choose model, Compact conversation and New chat, not Retry', () => {
    const h = harness();
    h.send({
      type: 'state',
      state: state({ messages: [user('u1', 'Q'), answer('a1', '', { state: 'error', rounds: [], error: { kind: 'contextLength', message: 'Too long.', action: 'chooseModel' } })] }),
    });
    h.frame();
    const card = h.doc.querySelector('[data-message-id="a1"] .error-card') as HTMLElement;
    const labels = Array.from(card.querySelectorAll('button')).map((b) => b.textContent?.trim());
    // Issue 18 item 4 asked for "trim or compact": Compact conversation came with the meter (issue 15).
    assert.deepEqual(labels, ['Choose model', 'Compact conversation', 'New chat']);
    (Array.from(card.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'New chat') as HTMLButtonElement).click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'newChat'), [{ type: 'newChat' }]);
  });

  it('the count of skipped pieces is stored with the answer', () => {
    const conv = parseConversation(
      JSON.stringify({
        version: 1,
        id: 'c1',
        title: 't',
        createdAt: 1,
        updatedAt: 1,
        entries: [{ id: 'a1', role: 'assistant', createdAt: 1, state: 'done', rounds: [], citations: [], notes: [], skipped: 2 }],
      }),
    );
    assert.equal((conv.entries[0] as { skipped?: number }).skipped, 2);
  });
});
