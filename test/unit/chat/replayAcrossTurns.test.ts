// Issue 18: reasoning signatures across turns. An answer's Gemini-style `reasoning_details` and
// `thought_signature` are stored with it, survive a reload, and go back verbatim with the next
// question through the one planner; a model the catalogue says does not reason gets none of them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitRequest, planRequest, type TurnSettings } from '../../../src/llm/planner';
import { ChatController } from '../../../src/chat/controller';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { parseConversation } from '../../../src/chat/storeSchema';
import type { ChatMessage, StreamEvent } from '../../../src/venice/types';
import { FakeApi, FakeEnv, FakeTools, RecordingView, textModel } from './fakes';

const DETAILS = [{ type: 'reasoning.encrypted', data: 'opaque==', id: 'r1', format: 'google-gemini-v1', index: 0 }];
const SIGNATURE = 'sig-abc/123=';

const replayAnswer: StreamEvent[] = [
  { type: 'text', text: 'First answer.' },
  { type: 'replay', reasoningDetails: DETAILS, thoughtSignature: SIGNATURE },
  { type: 'finish', reason: 'stop' },
];

describe('reasoning signatures across turns (issue 18)', () => {
  let dir: string;
  const controllers: ChatController[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-replay-'));
  });
  afterEach(() => {
    for (const c of controllers.splice(0)) c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function make(api: FakeApi): ChatController {
    const store = new ConversationStore(join(dir, 'chat'), nodeStorageFs, { warn: () => undefined });
    const c = new ChatController(api.asApi(), new FakeTools(), store, new FakeEnv(), new RecordingView(), { batchMs: 1 });
    controllers.push(c);
    return c;
  }

  const assistantIn = (messages: ChatMessage[]) => messages.find((m) => m.role === 'assistant');

  it('are stored with the answer and sent back verbatim with the next question, also after a reload', async () => {
    const api = new FakeApi();
    api.models = [textModel('gemini-3-pro', { availableContextTokens: 100_000, capabilities: { supportsReasoning: true } })];
    api.scripts.push({ events: replayAnswer }, { events: [{ type: 'text', text: 'Second.' }, { type: 'finish', reason: 'stop' }] });
    const first = make(api);
    await first.send('question one', []);
    await first.idle();
    await first.send('question two', []);
    await first.idle();
    assert.deepEqual(assistantIn(api.requests[1].messages), { role: 'assistant', content: 'First answer.', reasoning_details: DETAILS, thought_signature: SIGNATURE });

    first.dispose();
    api.scripts.push({ events: [{ type: 'text', text: 'Third.' }, { type: 'finish', reason: 'stop' }] });
    const second = make(api);
    await second.onReady();
    await second.send('question three', []);
    await second.idle();
    assert.deepEqual(assistantIn(api.requests[2].messages), { role: 'assistant', content: 'First answer.', reasoning_details: DETAILS, thought_signature: SIGNATURE }, 'read back from the stored chat');
  });

  it('a model that does not reason gets the history without them; an unknown model keeps them', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a', reasoning_details: DETAILS, thought_signature: SIGNATURE },
      { role: 'user', content: 'q2' },
    ];
    const settings = (modelInfo: ReturnType<typeof textModel> | undefined): TurnSettings => ({ model: 'm', resolvedModel: 'm', modelInfo, temperature: undefined, maxCompletionTokens: undefined, systemPrompt: '', includeVeniceSystemPrompt: true, webSearch: 'off', character: '', maxToolRounds: 10 });
    const plain = fitRequest(planRequest(settings(textModel('m', { capabilities: { supportsReasoning: false } })), []), history);
    assert.deepEqual(plain.body.messages[1], { role: 'assistant', content: 'a' });
    const unknown = fitRequest(planRequest(settings(undefined), []), history);
    assert.deepEqual(unknown.body.messages[1], history[1]);
  });

  it('the stored form is checked: an item without a type is refused, older chats without the fields read fine', () => {
    const conv = (round: Record<string, unknown>) => ({ version: 1, id: 'c1', title: 't', createdAt: 1, updatedAt: 1, entries: [{ id: 'a1', role: 'assistant', createdAt: 1, state: 'done', rounds: [{ text: 'x', reasoning: '', toolCalls: [], ...round }], citations: [], notes: [] }] });
    const ok = parseConversation(JSON.stringify(conv({ reasoningDetails: DETAILS, thoughtSignature: SIGNATURE })));
    const round = ok.entries[0].role === 'assistant' ? ok.entries[0].rounds[0] : undefined;
    assert.deepEqual(round?.reasoningDetails, DETAILS);
    assert.equal(round?.thoughtSignature, SIGNATURE);
    const old = parseConversation(JSON.stringify(conv({})));
    assert.equal(old.entries[0].role === 'assistant' && old.entries[0].rounds[0].reasoningDetails, undefined);
    assert.throws(() => parseConversation(JSON.stringify(conv({ reasoningDetails: [{ data: 'no type' }] }))));
  });
});
