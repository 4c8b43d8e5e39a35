// "Compact conversation" and the header meter, on the chat's host side: which turns a compaction
// summarises, what the model reads afterwards, that "Undo compact" gives the original turns back,
// that old stored chats still load, and the meter's totals and context figure.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactPlan, COMPACT_INSTRUCTIONS, KEEP_EXCHANGES } from '../../../src/chat/compact';
import { ChatController } from '../../../src/chat/controller';
import { meterView } from '../../../src/chat/meter';
import { newAssistantEntry, type Conversation, type Entry } from '../../../src/chat/model';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { parseConversation } from '../../../src/chat/storeSchema';
import type { MeterView } from '../../../src/shared/protocol';
import type { StreamEvent } from '../../../src/venice/types';
import { FakeApi, FakeEnv, FakeTools, RecordingView, textEvents, textModel } from './fakes';

function exchange(i: number): Entry[] {
  return [
    { id: `u${i}`, role: 'user', text: `Question ${i}`, attachments: [], createdAt: i * 10 },
    { ...newAssistantEntry(i * 10 + 1, 'model-a'), id: `a${i}`, state: 'done', rounds: [{ text: `Answer ${i}`, reasoning: '', toolCalls: [] }] },
  ];
}

const chatOf = (n: number): Entry[] => Array.from({ length: n }, (_, i) => exchange(i + 1)).flat();

function usageEvents(text: string, prompt: number, completion: number, usd: number): StreamEvent[] {
  return [{ type: 'text', text }, { type: 'usage', usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion }, cost: { usd } }, { type: 'finish', reason: 'stop' }];
}

describe('chat: compact plan', () => {
  it(`keeps the newest ${KEEP_EXCHANGES} questions with their answers and summarises whole exchanges before them`, () => {
    assert.equal(compactPlan(chatOf(2)), undefined, 'nothing older than the kept questions');
    assert.deepEqual(compactPlan(chatOf(3)), { throughId: 'a1', messages: 2 });
    assert.deepEqual(compactPlan(chatOf(6)), { throughId: 'a4', messages: 8 });
  });

  it('offers nothing new until more turns came after the last compaction', () => {
    const entries = chatOf(5);
    const done = { throughId: 'a3', summary: 's', messages: 6, createdAt: 1 };
    assert.equal(compactPlan(entries, done), undefined);
    assert.deepEqual(compactPlan([...entries, ...exchange(6)], done), { throughId: 'a4', messages: 8 });
  });
});

describe('chat: compacting a conversation', () => {
  let dir: string;
  let api: FakeApi;
  let env: FakeEnv;
  let view: RecordingView;
  let controller: ChatController;
  const lastMeter = (): MeterView => {
    const m = view.of('meter').at(-1)?.meter;
    assert.ok(m, 'a meter was posted');
    return m;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-compact-'));
    api = new FakeApi();
    api.models = [textModel('model-a', { availableContextTokens: 10_000, pricing: { input: { usd: 1, diem: 1 }, output: { usd: 2, diem: 2 } } })];
    env = new FakeEnv();
    view = new RecordingView();
    const store = new ConversationStore(dir, nodeStorageFs, { warn: (m) => env.warnings.push(m) });
    controller = new ChatController(api.asApi(), new FakeTools(), store, env, view, { batchMs: 1 });
  });
  afterEach(() => {
    controller.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function ask(text: string, prompt: number, completion: number, usd: number): Promise<void> {
    api.scripts.push({ events: usageEvents(`Answer to ${text}`, prompt, completion, usd) });
    await controller.send(text, []);
    await controller.idle();
  }

  it('the meter adds up the answers and shows the last answer as the window, near full it offers compacting', async () => {
    await controller.onReady();
    await ask('one', 1_000, 100, 0.001);
    await ask('two', 3_000, 200, 0.002);
    let m = lastMeter();
    assert.equal(m.promptTokens, 4_000);
    assert.equal(m.completionTokens, 300);
    assert.ok(Math.abs((m.costUsd ?? 0) - 0.003) < 1e-12);
    assert.equal(m.contextTokens, 3_200, "the last answer's prompt plus its output");
    assert.equal(m.contextMax, 10_000);
    assert.equal(m.canCompact, false, 'two questions: nothing older to summarise');
    await ask('three', 8_000, 300, 0.004);
    m = lastMeter();
    assert.equal(m.contextTokens, 8_300);
    assert.equal(m.canCompact, true);
  });

  it('summarises older turns into one message the model reads instead; "Undo compact" gives the turns back', async () => {
    await controller.onReady();
    for (const q of ['first question', 'second question', 'third question']) await ask(q, 500, 50, 0.0005);
    const convId = view.of('meter').at(-1)?.conversationId ?? '';

    api.scripts.push({ events: usageEvents('The user asked a first question; it was answered.', 700, 40, 0.0007) });
    await controller.compact(convId);
    const summaryRequest = api.requests.at(-1);
    assert.ok(summaryRequest);
    assert.deepEqual(summaryRequest.messages[0], { role: 'system', content: COMPACT_INSTRUCTIONS });
    assert.match(JSON.stringify(summaryRequest.messages), /first question/);
    assert.doesNotMatch(JSON.stringify(summaryRequest.messages), /third question/, 'the kept turns are not summarised');
    assert.equal(summaryRequest.tools, undefined);

    let m = lastMeter();
    assert.deepEqual(m.compacted, { messages: 2, summary: 'The user asked a first question; it was answered.' });
    assert.ok(Math.abs((m.costUsd ?? 0) - (3 * 0.0005 + 0.0007)) < 1e-12, 'the summary is counted in the total');

    // The next answer reads the summary in place of the first exchange; later turns are word for word.
    await ask('fourth question', 600, 60, 0.0006);
    const next = api.requests.at(-1);
    assert.ok(next);
    const texts = next.messages.map((x) => (typeof x.content === 'string' ? x.content : ''));
    assert.match(texts[0], /^Summary of our earlier conversation[\s\S]*a first question; it was answered\.$/);
    assert.ok(!texts.some((t) => t === 'first question'), 'the original first question is not sent');
    assert.deepEqual(texts.slice(1), ['second question', 'Answer to second question', 'third question', 'Answer to third question', 'fourth question']);

    // The original turns never left the chat, and the compaction is stored with it.
    const file = readdirSync(dir).find((f) => f.startsWith('conv-'));
    assert.ok(file);
    const stored = parseConversation(readFileSync(join(dir, file), 'utf8'));
    assert.equal(stored.entries.length, 8);
    assert.equal(stored.compaction?.throughId, stored.entries[1].id);

    await controller.undoCompact(convId);
    m = lastMeter();
    assert.equal(m.compacted, undefined);
    await ask('fifth question', 700, 70, 0.0007);
    const after = api.requests.at(-1);
    assert.equal(after?.messages[0].content, 'first question', 'after undo the model reads the original turns');
  });

  it('a failed summary changes nothing and says why; Cancel stops it quietly', async () => {
    await controller.onReady();
    for (const q of ['a', 'b', 'c']) await ask(q, 10, 1, 0);
    const convId = view.of('meter').at(-1)?.conversationId ?? '';
    api.scripts.push({ events: textEvents('   ') });
    await controller.compact(convId);
    assert.equal(lastMeter().compacted, undefined);
    assert.match(env.warnings.at(-1) ?? '', /not compacted.*empty summary/);

    const warned = env.warnings.length;
    api.scripts.push({ events: [], hang: true });
    const running = controller.compact(convId);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(lastMeter().compacting, true);
    controller.cancelCompact();
    await running;
    assert.equal(lastMeter().compacting, undefined);
    assert.equal(lastMeter().compacted, undefined);
    assert.equal(env.warnings.length, warned, 'a cancel is not an error');
  });
});

describe('chat: stored chats and the meter', () => {
  it('a chat stored before the meter (no cache fields, no window figure, no compaction) still loads and is estimated', () => {
    const old = {
      version: 1,
      id: 'c1',
      title: 'Old',
      createdAt: 1,
      updatedAt: 2,
      entries: [
        { id: 'u1', role: 'user', text: 'x'.repeat(4_000), attachments: [], createdAt: 1 },
        { id: 'a1', role: 'assistant', createdAt: 2, state: 'done', rounds: [{ text: 'ok', reasoning: '', toolCalls: [] }], usage: { promptTokens: 1_005, completionTokens: 1, costUsd: 0.001 }, citations: [], notes: [] },
      ],
    };
    const conv: Conversation = parseConversation(JSON.stringify(old));
    assert.equal(conv.compaction, undefined);
    const m = meterView(conv, { model: textModel('m', { availableContextTokens: 8_000 }), systemPrompt: '', busy: false, compacting: false });
    assert.equal(m.promptTokens, 1_005);
    assert.equal(m.contextEstimated, true);
    assert.ok(m.contextTokens > 1_000 && m.contextTokens < 1_020, String(m.contextTokens));
  });

  it('per-answer cache figures round-trip through the store; a malformed one makes the file corrupt', () => {
    const conv = {
      version: 1,
      id: 'c1',
      title: 'T',
      createdAt: 1,
      updatedAt: 2,
      entries: [
        { id: 'a1', role: 'assistant', createdAt: 2, state: 'done', rounds: [], contextTokens: 900, usage: { promptTokens: 800, completionTokens: 100, costUsd: 0.001, cachedTokens: 600, savedUsd: 0.0002, costEstimated: true }, citations: [], notes: [] },
      ],
      compaction: { throughId: 'a1', summary: 'S', messages: 1, createdAt: 3 },
    };
    const parsed = parseConversation(JSON.stringify(conv));
    const a = parsed.entries[0];
    assert.equal(a.role, 'assistant');
    assert.deepEqual(a.role === 'assistant' && a.usage, { promptTokens: 800, completionTokens: 100, costUsd: 0.001, cachedTokens: 600, savedUsd: 0.0002, costEstimated: true });
    assert.equal(a.role === 'assistant' && a.contextTokens, 900);
    assert.deepEqual(parsed.compaction, { throughId: 'a1', summary: 'S', messages: 1, createdAt: 3 });
    const bad = structuredClone(conv) as { entries: Array<{ usage: Record<string, unknown> }> };
    bad.entries[0].usage.cachedTokens = 'many';
    assert.throws(() => parseConversation(JSON.stringify(bad)));
  });
});
