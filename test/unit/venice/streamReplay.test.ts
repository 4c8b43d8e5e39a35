// Issue 18, "Streams": each defect replayed from a recorded stream (test/fixtures/streams/) through
// the real client (client.ts + sse.ts) from a loopback server, whole, in tiny and in random pieces,
// and through the one turn loop (src/llm/turnLoop.ts) that the chat view and @venice answer with.
import * as assert from 'node:assert/strict';
import { assistantView } from '../../../src/chat/view';
import { newAssistantEntry, type AssistantEntry } from '../../../src/chat/model';
import type { ChatMessage, StreamEvent } from '../../../src/venice/types';
import { TurnLoop, type TurnHooks } from '../../../src/llm/turnLoop';
import { relayStream } from '../../../src/lm/relay';
import { validateBody } from '../../fixtures/simulator/schemas';
import { BASE_SETTINGS, FakeTools } from '../chat/fakes';
import { collect, KEY } from './helpers';
import { CHUNKINGS, replayClient, startReplay, streamFixture, type Chunking } from './streamReplay';

const hooks: TurnHooks = {
  onText: () => undefined,
  onReasoning: () => undefined,
  onChange: () => undefined,
  onRetry: () => undefined,
  requestApproval: async () => true,
};

/** One answer by the turn loop, its rounds served from the fixtures in order. */
async function answer(fixtures: string[], how: Chunking, tools = new FakeTools()) {
  const server = await startReplay(fixtures.map(streamFixture), how);
  const { client, logs } = replayClient(server);
  const entry: AssistantEntry = newAssistantEntry(0, undefined);
  try {
    const prior: ChatMessage[] = [{ role: 'user', content: 'Read src/a.ts' }];
    await new TurnLoop(client, tools).run({ prior, entry, settings: { ...BASE_SETTINGS, resolvedModel: 'model-a' }, signal: new AbortController().signal, hooks });
  } finally {
    await client.close();
    await server.close();
  }
  return { entry, logs, requests: server.requests, tools };
}

/** The raw events of one replayed response. */
async function events(fixture: string, how: Chunking) {
  const server = await startReplay([streamFixture(fixture)], how);
  const { client, logs } = replayClient(server);
  try {
    return { ...(await collect(client.streamChat({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] }))), logs };
  } finally {
    await client.close();
    await server.close();
  }
}

const toolCallsOf = (evs: StreamEvent[]) => evs.find((e): e is Extract<StreamEvent, { type: 'toolCalls' }> => e.type === 'toolCalls')?.calls;

for (const how of CHUNKINGS) {
  describe(`recorded streams replayed through the real client (${how} pieces)`, function () {
    this.timeout(20_000);

    it('1. usage repeated as a running total counts once per response, summed over the tool rounds', async () => {
      const { entry } = await answer(['usage-running-totals-tool.sse', 'usage-running-totals-text.sse'], how);
      assert.equal(entry.state, 'done');
      assert.equal(entry.rounds.length, 2);
      // Round 1 reports 58 in / 12 out (last of its running totals), round 2 80 in / 4 out.
      assert.deepEqual(
        { promptTokens: entry.usage?.promptTokens, completionTokens: entry.usage?.completionTokens },
        { promptTokens: 58 + 80, completionTokens: 12 + 4 },
      );
      assert.ok(Math.abs((entry.usage?.costUsd ?? 0) - (0.00006 + 0.00005)) < 1e-12, `cost ${entry.usage?.costUsd}`);
    });

    it('1. the language model relay keeps the same figure for one response', async () => {
      const server = await startReplay([streamFixture('usage-running-totals-text.sse')], how);
      const { client } = replayClient(server);
      try {
        const out = await relayStream(client.streamChat({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] }), { text: () => undefined, toolCall: () => undefined }, { has: () => true } as never, () => 'x');
        assert.deepEqual(out.usage, { prompt_tokens: 80, completion_tokens: 4, total_tokens: 84 });
      } finally {
        await client.close();
        await server.close();
      }
    });

    it('2. a truncated chunk is skipped, the answer is marked "may be incomplete", and the log says what was skipped', async () => {
      const { entry, logs } = await answer(['truncated-chunk.sse'], how);
      assert.equal(entry.state, 'done');
      assert.equal(entry.rounds[0]?.text, 'Hello ld', 'the readable text is kept');
      assert.equal(entry.skipped, 1);
      assert.match(assistantView(entry, () => undefined).incomplete ?? '', /may be incomplete/);
      const warn = logs.find((l) => l.startsWith('warn Skipped an unreadable stream event'));
      assert.ok(warn, logs.join('\n'));
      assert.match(warn, /"content":"wo/, 'the skipped data is in the log');
    });

    it('3. tool-call fragments after finish_reason are kept until [DONE]', async () => {
      const r = await events('tool-args-after-finish.sse', how);
      assert.equal(r.error, undefined);
      assert.deepEqual(toolCallsOf(r.events), [{ id: 'call_late', name: 'read_file', arguments: '{"path":"src/a.ts"}' }]);
      assert.deepEqual(
        r.events.map((e) => e.type),
        ['model', 'toolCalls', 'finish', 'usage'],
      );
    });

    it('4. a context-length error inside the stream is context overflow, offering a larger model, not Retry', async () => {
      const { entry } = await answer(['context-length-midstream.sse'], how);
      assert.equal(entry.state, 'error');
      assert.equal(entry.error?.kind, 'contextLength');
      assert.equal(entry.error?.action, 'chooseModel');
      assert.match(entry.error?.message ?? '', /too long for the model's context window/);
      assert.equal(entry.rounds[0]?.text, 'Let me look at ', 'the text before the error stays');
    });

    it('5. Gemini reasoning_details and the tool call thought signature go back verbatim, and the strict contract accepts them', async () => {
      const { entry, requests } = await answer(['gemini-reasoning-tool.sse', 'gemini-answer.sse'], how);
      assert.equal(entry.state, 'done', JSON.stringify(entry.error));
      assert.equal(requests.length, 2);
      const messages = requests[1]?.messages as Array<Record<string, unknown>>;
      const assistant = messages.find((m) => m.role === 'assistant');
      assert.deepEqual(assistant?.reasoning_details, [
        { type: 'reasoning.text', text: 'Checking the file', format: 'google-gemini-v1', index: 0 },
        { type: 'reasoning.text', text: ' first.', format: 'google-gemini-v1', index: 0 },
        { type: 'reasoning.encrypted', data: 'CiQBjz1rX0sig+/AbC==', id: 'tool_read_file_x1', format: 'google-gemini-v1', index: 1 },
      ]);
      assert.equal(assistant?.thought_signature, 'CiQBjz1rX0sig+/AbC==');
      assert.equal(validateBody('ChatCompletionRequest', requests[1]), undefined, 'Venice\'s own schema accepts the second request');
      assert.equal(entry.rounds[1]?.text, 'The README says hello.');
    });

    it('6. two calls sharing an index, the second without an id, stay two calls', async () => {
      const tools = new FakeTools();
      tools.offered = [
        { type: 'function', function: { name: 'read_file', parameters: {} } },
        { type: 'function', function: { name: 'list_files', parameters: {} } },
      ];
      const r = await events('shared-index-no-id.sse', how);
      assert.deepEqual(toolCallsOf(r.events), [
        { id: 'call_f', name: 'read_file', arguments: '{"path":"a.ts"}' },
        { id: 'call_1_0', name: 'list_files', arguments: '{"path":"src"}' },
      ]);
    });
  });
}

describe('recorded streams: the key never reaches the log of a skipped event', () => {
  it('an unreadable event that echoes the key is logged scrubbed and cut short', async () => {
    const echo = `data: {"error":"invalid key ${KEY} ${'x'.repeat(500)}\n\n`;
    const body = Buffer.from(`data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n${echo}data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`);
    const server = await startReplay([body], 'random');
    const { client, logs } = replayClient(server);
    try {
      const r = await collect(client.streamChat({ model: 'model-a', messages: [{ role: 'user', content: 'hi' }] }));
      assert.equal(r.text, 'Hi');
      assert.deepEqual(r.events.filter((e) => e.type === 'incomplete'), [{ type: 'incomplete', skipped: 1 }]);
      const warn = logs.find((l) => l.includes('Skipped an unreadable stream event')) ?? '';
      assert.ok(warn.includes('invalid key'), warn);
      assert.ok(!logs.join('\n').includes(KEY), 'the key is scrubbed');
      assert.ok(warn.length < 400, 'cut short');
    } finally {
      await client.close();
      await server.close();
    }
  });
});
