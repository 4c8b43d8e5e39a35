import * as assert from 'node:assert/strict';
import type { AssistantEntry, Entry, ToolCallRecord, UserEntry } from '../../../src/chat/model';
import { newAssistantEntry } from '../../../src/chat/model';
import type { TurnSettings } from '../../../src/llm/planner';
import { TurnRunner, type TurnHooks } from '../../../src/chat/turnRunner';
import { VeniceError } from '../../../src/venice/errors';
import type { ApprovalRequest } from '../../../src/tools/types';
import { BASE_SETTINGS, FakeApi, FakeTools, textEvents, textModel } from './fakes';

function userEntry(text: string): UserEntry {
  return { id: `u-${text.length}`, role: 'user', text, attachments: [], createdAt: 0 };
}

interface Recorder extends TurnHooks {
  texts: string[];
  reasoning: string[];
  approvals: ApprovalRequest[];
  changes: number;
}

function recorder(approve: (req: ApprovalRequest) => boolean | Promise<boolean> = () => true): Recorder {
  const r: Recorder = {
    texts: [],
    reasoning: [],
    approvals: [],
    changes: 0,
    onText: (_round, t) => r.texts.push(t),
    onReasoning: (_round, t) => r.reasoning.push(t),
    onChange: () => r.changes++,
    onRetry: () => undefined,
    requestApproval: async (_call: ToolCallRecord, req) => {
      r.approvals.push(req);
      return approve(req);
    },
  };
  return r;
}

function settings(over: Partial<TurnSettings> = {}): TurnSettings {
  return { ...BASE_SETTINGS, resolvedModel: 'model-a', ...over };
}

async function run(api: FakeApi, tools: FakeTools, prior: Entry[], s: TurnSettings, hooks = recorder(), signal = new AbortController().signal) {
  const entry = newAssistantEntry(0, undefined);
  await new TurnRunner(api.asApi(), tools).run({ prior, entry, settings: s, signal, hooks });
  return { entry, hooks };
}

const call = (id: string, name = 'read_file', args = '{"path":"a.ts"}') => ({ id, name, arguments: args });

describe('turn runner', () => {
  it('streams an answer: text, reasoning kept apart, usage and cost, the model that answered', async () => {
    const api = new FakeApi();
    api.scripts.push({
      events: [
        { type: 'model', model: 'model-a-2026' },
        { type: 'reasoning', text: 'Let me think.' },
        { type: 'text', text: 'Hello ' },
        { type: 'text', text: 'there.' },
        { type: 'finish', reason: 'stop' },
        { type: 'usage', usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 }, cost: { usd: 0.0004, diem: 0 } },
      ],
    });
    const { entry, hooks } = await run(api, new FakeTools(), [userEntry('hi')], settings());
    assert.equal(entry.state, 'done');
    assert.equal(entry.rounds.length, 1);
    assert.equal(entry.rounds[0].text, 'Hello there.');
    assert.equal(entry.rounds[0].reasoning, 'Let me think.');
    assert.deepEqual(hooks.texts, ['Hello ', 'there.']);
    assert.equal(entry.model, 'model-a-2026');
    assert.deepEqual(entry.usage, { promptTokens: 12, completionTokens: 5, costUsd: 0.0004, costDiem: 0 });
  });

  it('builds the request from the settings: system prompt, temperature, clamped output cap, Venice parameters', async () => {
    const api = new FakeApi();
    const model = textModel('model-a', { maxCompletionTokens: 4_096, availableContextTokens: 100_000, capabilities: { supportsWebSearch: true } });
    await run(
      api,
      new FakeTools(),
      [userEntry('hi')],
      settings({ modelInfo: model, systemPrompt: 'Answer in French.', temperature: 0.3, maxCompletionTokens: 50_000, webSearch: 'auto', character: 'alan-watts', includeVeniceSystemPrompt: true }),
    );
    const req = api.requests[0];
    assert.equal(req.model, 'model-a');
    assert.equal(req.stream, true);
    assert.equal(req.temperature, 0.3);
    assert.equal(req.max_completion_tokens, 4_096, 'clamped to the model maximum');
    assert.deepEqual(req.messages[0], { role: 'system', content: 'Answer in French.' });
    assert.deepEqual(req.venice_parameters, {
      include_venice_system_prompt: true,
      enable_web_search: 'auto',
      enable_web_citations: true,
      include_search_results_in_stream: true,
      character_slug: 'alan-watts',
    });
    assert.equal(req.tools?.length, 1, 'tools offered by the ToolHost are sent');
  });

  it('does not ask for web search from a model that cannot search, and says so', async () => {
    const api = new FakeApi();
    const tools = new FakeTools();
    tools.offered = [];
    const { entry } = await run(api, tools, [userEntry('hi')], settings({ webSearch: 'on', modelInfo: textModel('model-a') }));
    const req = api.requests[0];
    assert.deepEqual(req.venice_parameters, { include_venice_system_prompt: false });
    assert.equal(req.temperature, undefined, 'unset settings are not sent');
    assert.equal(req.max_completion_tokens, undefined);
    assert.equal(req.tools, undefined, 'no empty tools list');
    assert.match(entry.notes.join(' '), /does not support it/);
  });

  it('runs tool calls in order, sends their results back and continues until the model answers', async () => {
    const api = new FakeApi();
    api.scripts.push(
      { events: [{ type: 'reasoning', text: 'private' }, { type: 'text', text: 'Reading.' }, { type: 'toolCalls', calls: [call('c1'), call('c2', 'list_files', '{}')] }, { type: 'finish', reason: 'tool_calls' }] },
      { events: textEvents('Done.') },
    );
    const tools = new FakeTools();
    const { entry } = await run(api, tools, [userEntry('look')], settings());
    assert.deepEqual(tools.runs.map((r) => r.call.id), ['c1', 'c2']);
    assert.equal(api.requests.length, 2);
    const second = api.requests[1].messages;
    assert.deepEqual(second.slice(-3), [
      {
        role: 'assistant',
        content: 'Reading.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
          { id: 'c2', type: 'function', function: { name: 'list_files', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'result of read_file' },
      { role: 'tool', tool_call_id: 'c2', content: 'result of list_files' },
    ]);
    assert.ok(!JSON.stringify(api.requests[1]).includes('private'), 'reasoning is never sent back');
    assert.equal(entry.state, 'done');
    assert.equal(entry.rounds.length, 2);
    assert.deepEqual(entry.rounds[0].toolCalls.map((c) => [c.status, c.summary]), [['done', 'read_file ran'], ['done', 'list_files ran']]);
    assert.equal(entry.rounds[1].text, 'Done.');
  });

  it('stops after venice.tools.maxRounds tool rounds with a visible note', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 5; i++) api.scripts.push({ events: [{ type: 'toolCalls', calls: [call(`c${i}`)] }, { type: 'finish', reason: 'tool_calls' }] });
    const tools = new FakeTools();
    const { entry } = await run(api, tools, [userEntry('loop')], settings({ maxToolRounds: 2 }));
    assert.equal(api.requests.length, 2);
    assert.equal(tools.runs.length, 2);
    assert.equal(entry.state, 'done');
    assert.match(entry.notes.join(' '), /Stopped after 2 tool rounds/);
  });

  it('Stop during a tool run finishes the current tool, records the rest as not run, and sends nothing more', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [call('c1'), call('c2')] }, { type: 'finish', reason: 'tool_calls' }] });
    const ac = new AbortController();
    const tools = new FakeTools();
    tools.handler = async (c) => {
      ac.abort(); // the user presses Stop while the first tool is running
      return { ok: true, content: `ran ${c.id}`, summary: 'ran' };
    };
    const { entry } = await run(api, tools, [userEntry('go')], settings(), recorder(), ac.signal);
    assert.equal(entry.state, 'stopped');
    assert.deepEqual(tools.runs.map((r) => r.call.id), ['c1']);
    const [first, second] = entry.rounds[0].toolCalls;
    assert.equal(first.status, 'done');
    assert.equal(first.content, 'ran c1');
    assert.equal(second.status, 'skipped');
    assert.match(second.content ?? '', /not run/);
    assert.equal(api.requests.length, 1);
  });

  it('asks for approval through the hook; a rejection is recorded as rejected', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [call('c1', 'insert_text', '{"text":"x"}')] }, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('ok') });
    const tools = new FakeTools();
    tools.handler = async (_c, ctx) => {
      const approved = await ctx.requestApproval({ toolCallId: 'c1', toolName: 'insert_text', title: 'Insert 1 line', detail: 'x' });
      return approved ? { ok: true, content: 'inserted', summary: 'inserted' } : { ok: false, rejected: true, content: 'The user rejected this change.', summary: 'Rejected' };
    };
    const hooks = recorder(() => false);
    const { entry } = await run(api, tools, [userEntry('insert')], settings(), hooks);
    assert.equal(hooks.approvals.length, 1);
    assert.equal(hooks.approvals[0].title, 'Insert 1 line');
    assert.equal(entry.rounds[0].toolCalls[0].status, 'rejected');
    assert.deepEqual(api.requests[1].messages.at(-1), { role: 'tool', tool_call_id: 'c1', content: 'The user rejected this change.' });
  });

  it('keeps partial text and marks the answer stopped when the user stops mid-stream', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'text', text: 'Half an ans' }], hang: true });
    const ac = new AbortController();
    const hooks = recorder();
    hooks.onText = () => ac.abort();
    const { entry } = await run(api, new FakeTools(), [userEntry('q')], settings(), hooks, ac.signal);
    assert.equal(entry.state, 'stopped');
    assert.equal(entry.rounds[0].text, 'Half an ans');
    assert.equal(entry.error, undefined);
  });

  it('turns API errors into an error state with the action that fixes them', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: [], thenThrow: new VeniceError({ kind: 'auth', status: 401, message: 'Venice rejected the API key.', action: 'setApiKey' }) });
    const { entry } = await run(api, new FakeTools(), [userEntry('q')], settings());
    assert.equal(entry.state, 'error');
    assert.deepEqual(entry.error, { kind: 'auth', message: 'Venice rejected the API key.', action: 'setApiKey' });
  });

  it('marks a cut stream interrupted and keeps what arrived', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'text', text: 'partial' }], thenThrow: new VeniceError({ kind: 'interrupted', message: 'The connection dropped.', action: 'retry' }) });
    const { entry } = await run(api, new FakeTools(), [userEntry('q')], settings());
    assert.equal(entry.state, 'interrupted');
    assert.equal(entry.rounds[0].text, 'partial');
    assert.equal(entry.error?.action, 'retry');
  });

  it('trims a long history to the context window and notes it in the answer', async () => {
    const api = new FakeApi();
    const prior: Entry[] = [];
    for (let i = 0; i < 10; i++) {
      prior.push(userEntry(`question ${i} `.repeat(200)));
      const a: AssistantEntry = { ...newAssistantEntry(0, 'm'), state: 'done', rounds: [{ text: `answer ${i} `.repeat(200), reasoning: '', toolCalls: [] }] };
      prior.push(a);
    }
    prior.push(userEntry('latest'));
    const model = textModel('model-a', { availableContextTokens: 4_000, maxCompletionTokens: 1_000 });
    const { entry } = await run(api, new FakeTools(), prior, settings({ modelInfo: model }));
    const sent = api.requests[0].messages;
    assert.deepEqual(sent.at(-1), { role: 'user', content: 'latest' });
    assert.ok(sent.length < prior.length);
    assert.match(entry.notes[0], /Left out \d+ earlier messages to fit MODEL-A's context window \(~4k tokens\)/);
  });

  it('refuses a message that alone is larger than the context window, without calling the API', async () => {
    const api = new FakeApi();
    const model = textModel('model-a', { availableContextTokens: 1_000, maxCompletionTokens: 200 });
    const { entry } = await run(api, new FakeTools(), [userEntry('x'.repeat(10_000))], settings({ modelInfo: model }));
    assert.equal(api.requests.length, 0);
    assert.equal(entry.state, 'error');
    assert.equal(entry.error?.kind, 'contextLength');
    assert.equal(entry.error?.action, 'chooseModel');
  });

  it('cuts attached context to the window instead of refusing the message, and says so on the answer', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: textEvents('ok') });
    const page = 'A long page line.\n'.repeat(2_000);
    const question: UserEntry = {
      ...userEntry('Compare them'),
      attachments: [
        { id: 'p1', kind: 'url', label: 'example.com/one', content: page, lines: 2_000, bytes: page.length },
        { id: 'p2', kind: 'terminal', label: 'Terminal: npm test', content: `${page}FAILED: 3 tests`, lines: 2_001, bytes: page.length + 15 },
      ],
    };
    const model = textModel('model-a', { availableContextTokens: 8_000, maxCompletionTokens: 1_000 });
    const { entry } = await run(api, new FakeTools(), [question], settings({ modelInfo: model }));
    assert.equal(entry.state, 'done');
    assert.equal(api.requests.length, 1);
    const sent = String(api.requests[0].messages.at(-1)?.content);
    assert.ok(sent.length < page.length, 'the sent context was cut');
    assert.match(sent, /FAILED: 3 tests/, 'terminal output keeps its end');
    assert.equal(entry.notes.filter((n) => /^Attached context "(example\.com\/one|Terminal: npm test)" was cut from/.test(n)).length, 2);
    assert.equal(question.attachments[0].content, page, 'the stored message keeps all of it');
  });
});
