// Issue 18 item 11: whatever the model asks, one response runs at most 32 tool calls, and one answer
// runs at most a few calls of paid tools (declared by their spec), even when they are auto-approved.
// The calls over a limit are not run; the model reads why, the user sees a note.
import * as assert from 'node:assert/strict';
import type { Answer } from '../../../src/llm/answer';
import type { TurnSettings } from '../../../src/llm/planner';
import { TOOL_CAPS } from '../../../src/llm/toolCaps';
import { TurnLoop, type TurnHooks } from '../../../src/llm/turnLoop';
import { BASE_SETTINGS, FakeApi, FakeTools, textEvents } from '../chat/fakes';

const hooks: TurnHooks = { onText: () => undefined, onReasoning: () => undefined, onChange: () => undefined, onRetry: () => undefined, requestApproval: async () => true };
const settings: TurnSettings = { ...BASE_SETTINGS, resolvedModel: 'model-a' };

function callsOf(n: number, name: string, from = 0) {
  return Array.from({ length: n }, (_, i) => ({ id: `c${from + i}`, name, arguments: '{}' }));
}

async function answer(api: FakeApi, tools: FakeTools): Promise<Answer> {
  const entry: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
  await new TurnLoop(api.asApi(), tools).run({ prior: [{ role: 'user', content: 'go' }], entry, settings, signal: new AbortController().signal, hooks });
  return entry;
}

describe('turn loop: tool call caps', () => {
  it('runs the first 32 calls of a response; the rest are not run and the model is told why', async () => {
    assert.equal(TOOL_CAPS.callsPerRound, 32);
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'toolCalls', calls: callsOf(40, 'read_file') }, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('ok') });
    const tools = new FakeTools();
    const entry = await answer(api, tools);
    assert.equal(tools.runs.length, 32);
    const calls = entry.rounds[0].toolCalls;
    assert.deepEqual(calls.slice(0, 32).map((c) => c.status), Array(32).fill('done'));
    assert.deepEqual(calls.slice(32).map((c) => c.status), Array(8).fill('skipped'));
    assert.match(calls[32].content ?? '', /not run: at most 32 tool calls run per response, and this response had 40/);
    // Every call still gets its answer in the next request (the API requires one per call id).
    const toolMessages = api.requests[1].messages.filter((m) => m.role === 'tool');
    assert.equal(toolMessages.length, 40);
    assert.match(JSON.stringify(toolMessages[39]), /at most 32 tool calls/);
    assert.equal(entry.notes.filter((n) => /asked for 40 tool calls at once; only the first 32 ran/.test(n)).length, 1);
    assert.equal(entry.state, 'done');
  });

  it('paid tools run at most TOOL_CAPS.paidPerTurn times per answer, across rounds; free tools are not counted', async () => {
    const cap = TOOL_CAPS.paidPerTurn;
    const api = new FakeApi();
    api.scripts.push(
      { events: [{ type: 'toolCalls', calls: [...callsOf(cap - 1, 'generate_image'), ...callsOf(3, 'read_file', 100)] }, { type: 'finish', reason: 'tool_calls' }] },
      { events: [{ type: 'toolCalls', calls: callsOf(3, 'generate_image', 200) }, { type: 'finish', reason: 'tool_calls' }] },
      { events: textEvents('Here they are.') },
    );
    const tools = new FakeTools();
    tools.paid.add('generate_image');
    const entry = await answer(api, tools);
    const ran = tools.runs.map((r) => r.call.name);
    assert.equal(ran.filter((n) => n === 'generate_image').length, cap);
    assert.equal(ran.filter((n) => n === 'read_file').length, 3);
    const second = entry.rounds[1].toolCalls;
    assert.deepEqual(second.map((c) => c.status), ['done', 'skipped', 'skipped']);
    assert.match(second[1].content ?? '', /generate_image spends Venice credits, and this answer already used its budget/);
    assert.match(entry.notes.join(' '), /Stopped paid tool calls after \d+ calls? in this answer/);
    assert.equal(entry.rounds[2].text, 'Here they are.');
  });

  it('a paid call the user rejected does not use the budget', async () => {
    const cap = TOOL_CAPS.paidPerTurn;
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'toolCalls', calls: callsOf(cap + 2, 'generate_image') }, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('ok') });
    const tools = new FakeTools();
    tools.paid.add('generate_image');
    let n = 0;
    tools.handler = async () => (n++ < 2 ? { ok: false, rejected: true, content: 'rejected', summary: 'Rejected' } : { ok: true, content: 'made', summary: 'made' });
    const entry = await answer(api, tools);
    assert.equal(tools.runs.length, cap + 2);
    assert.equal(entry.rounds[0].toolCalls.filter((c) => c.status === 'done').length, cap);
  });
});
