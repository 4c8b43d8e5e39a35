// One request planner for every surface: the same conversation, asked through the chat view, VS
// Code's language model provider and @venice, reaches Venice as the same request body.
import * as assert from 'node:assert/strict';
import type { Entry } from '../../../src/chat/model';
import { newAssistantEntry } from '../../../src/chat/model';
import { TurnRunner } from '../../../src/chat/turnRunner';
import type { Answer } from '../../../src/llm/answer';
import type { ChatSettings } from '../../../src/llm/planner';
import { TurnLoop } from '../../../src/llm/turnLoop';
import { toVeniceMessages, type PortableMessage } from '../../../src/lm/messages';
import { toChatModelInfo } from '../../../src/lm/modelInfo';
import { buildChatRequest } from '../../../src/lm/request';
import { ToolNames } from '../../../src/lm/tools';
import { participantMessages, participantSettings } from '../../../src/participant/turn';
import type { ToolHost } from '../../../src/tools/types';
import { chatBody } from '../../../src/venice/requests';
import type { ChatCompletionRequest } from '../../../src/venice/types';
import { FakeApi, textModel } from '../chat/fakes';

const noTools: ToolHost = { definitions: () => [], isPaid: () => false, run: async () => ({ ok: false, content: 'none', summary: 'none' }) };

const GLM_MODEL = textModel('zai-org-glm-5-2', {
  availableContextTokens: 128_000,
  maxCompletionTokens: 8_000,
  capabilities: { supportsFunctionCalling: true, supportsWebSearch: true, supportsVision: false },
});

/** The conversation: two questions and the answer to the first, in each surface's own types. */
const TURNS = [
  { role: 'user' as const, text: 'What is a monad?' },
  { role: 'assistant' as const, text: 'A way to chain computations.' },
  { role: 'user' as const, text: 'Show one in TypeScript.' },
];

const noop = () => undefined;
const hooks = { onText: noop, onReasoning: noop, onChange: noop, onRetry: noop, requestApproval: async () => false };

function settings(over: Partial<ChatSettings> = {}): ChatSettings {
  return { model: GLM_MODEL.id, temperature: 0.3, maxCompletionTokens: 50_000, systemPrompt: '', includeVeniceSystemPrompt: false, webSearch: 'auto', character: '', maxToolRounds: 10, ...over };
}

/** The same model with cached-token prices: the planner adds prompt caching. */
const CACHED = textModel('claude-sonnet-4-6', {
  availableContextTokens: 200_000,
  maxCompletionTokens: 8_000,
  capabilities: { supportsFunctionCalling: true, supportsWebSearch: true, supportsVision: false },
  pricing: { input: { usd: 3, diem: 3 }, output: { usd: 15, diem: 15 }, cache_input: { usd: 0.3, diem: 0.3 } },
});

async function fromChatView(s: ChatSettings, GLM = GLM_MODEL): Promise<ChatCompletionRequest> {
  const api = new FakeApi();
  const prior: Entry[] = [
    { id: 'u1', role: 'user', text: TURNS[0].text, attachments: [], createdAt: 1 },
    { ...newAssistantEntry(2, GLM.id), state: 'done', rounds: [{ text: TURNS[1].text, reasoning: 'hidden', toolCalls: [] }] },
    { id: 'u2', role: 'user', text: TURNS[2].text, attachments: [], createdAt: 3 },
  ];
  await new TurnRunner(api.asApi(), noTools).run({ prior, entry: newAssistantEntry(4, undefined), settings: { ...s, resolvedModel: GLM.id, modelInfo: GLM }, signal: new AbortController().signal, hooks });
  return api.requests[0];
}

function fromLanguageModelApi(s: ChatSettings, GLM = GLM_MODEL): ChatCompletionRequest {
  const info = toChatModelInfo(GLM);
  assert.ok(info);
  const portable: PortableMessage[] = TURNS.map((t) => ({ role: t.role, parts: [{ kind: 'text', text: t.text }] }));
  return buildChatRequest({
    model: info,
    venice: GLM,
    messages: toVeniceMessages(portable, { vision: info.capabilities.imageInput }),
    toolMode: 'auto',
    toolNames: new ToolNames([]),
    includeVeniceSystemPrompt: s.includeVeniceSystemPrompt,
    settings: s,
  });
}

async function fromParticipant(s: ChatSettings, GLM = GLM_MODEL): Promise<ChatCompletionRequest> {
  const api = new FakeApi();
  const { prior } = participantMessages(TURNS.slice(0, 2), TURNS[2].text, [], false);
  const entry: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
  await new TurnLoop(api.asApi(), noTools).run({ prior, entry, settings: participantSettings(s, GLM.id, GLM, {}), signal: new AbortController().signal, hooks });
  return api.requests[0];
}

/** What Venice receives (the client adds the stream fields and drops undocumented ones). */
const wire = (req: ChatCompletionRequest): ChatCompletionRequest => chatBody(req, true) as unknown as ChatCompletionRequest;

describe('llm: one planner for the chat view, the lm provider and @venice', () => {
  it('sends the same Venice body for the same conversation from all three surfaces', async () => {
    const s = settings();
    const chat = wire(await fromChatView(s));
    assert.deepEqual(wire(fromLanguageModelApi(s)), chat);
    assert.deepEqual(wire(await fromParticipant(s)), chat);
    // …and that body is the planned one: clamped answer length, web search with citations, the history.
    assert.equal(chat.max_completion_tokens, 8_000);
    assert.equal(chat.temperature, 0.3);
    assert.deepEqual(chat.venice_parameters, { include_venice_system_prompt: false, enable_web_search: 'auto', enable_web_citations: true, include_search_results_in_stream: true });
    assert.deepEqual(
      chat.messages.map((m) => [m.role, m.content]),
      TURNS.map((t) => [t.role, t.text]),
    );
  });

  it('adds the user\'s system prompt and character where the user talks to Venice, not for other extensions', async () => {
    const s = settings({ systemPrompt: 'Answer briefly.', character: 'alan-watts', webSearch: 'off' });
    const chat = wire(await fromChatView(s));
    assert.deepEqual(wire(await fromParticipant(s)), chat);
    assert.deepEqual(chat.messages[0], { role: 'system', content: 'Answer briefly.' });
    assert.equal(chat.venice_parameters?.character_slug, 'alan-watts');
    const lm = wire(fromLanguageModelApi(s));
    assert.equal(lm.messages[0].role, 'user', 'the calling extension brings its own system prompt');
    assert.equal(lm.venice_parameters?.character_slug, undefined);
    assert.deepEqual(lm.messages, chat.messages.slice(1));
  });

  it('a model with cached-token prices gets the same cache key and breakpoints from all three surfaces', async () => {
    const s = settings({ model: CACHED.id, webSearch: 'off' });
    const chat = wire(await fromChatView(s, CACHED));
    assert.deepEqual(wire(fromLanguageModelApi(s, CACHED)), chat);
    assert.deepEqual(wire(await fromParticipant(s, CACHED)), chat);
    assert.match(chat.prompt_cache_key ?? '', /^vscode-venice-[0-9a-f]{32}$/);
    // Both user messages carry a breakpoint; the assistant's answer between them does not.
    const marks = chat.messages.map((m) => Array.isArray(m.content) && m.content.some((p) => p.type === 'text' && p.cache_control?.type === 'ephemeral'));
    assert.deepEqual(marks, [true, false, true]);
  });
});
