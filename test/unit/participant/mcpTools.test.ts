// @venice's MCP tools through the one turn loop: only the tools of Venice's published servers are
// offered (never another extension's or VS Code's own), each call goes to VS Code's invokeTool (a
// fake here: VS Code's own confirmation is its business), results are capped, a declined call is
// "rejected", rounds are capped by the user's setting, and the closing line shows tokens and cost.
import * as assert from 'node:assert/strict';
import type { Answer } from '../../../src/llm/answer';
import { TurnLoop } from '../../../src/llm/turnLoop';
import { publishedLabel } from '../../../src/mcp/published';
import { fromServers, MAX_RESULT_CHARS, participantToolHost, type LmToolInfo, type LmToolPort } from '../../../src/participant/mcpTools';
import { usageFooter } from '../../../src/participant/text';
import { participantMessages, participantSettings } from '../../../src/participant/turn';
import type { ChatSettings } from '../../../src/llm/planner';
import { FakeApi, textModel } from '../chat/fakes';

const MODEL = textModel('zai-org-glm-5-2', {
  availableContextTokens: 128_000,
  maxCompletionTokens: 8_000,
  capabilities: { supportsFunctionCalling: true },
  pricing: { input: { usd: 1, diem: 1 }, output: { usd: 2, diem: 2 } },
});

const LISTED: LmToolInfo[] = [
  { name: 'mcp_venice-test-s_echo', description: 'Echoes the text back.', inputSchema: { type: 'object', properties: { text: { type: 'string' } } }, fullReferenceName: 'venice:-test/echo' },
  { name: 'mcp_venice-test-s_add', description: 'Adds.', fullReferenceName: 'venice:-test/add' },
  // The user's own VS Code server with the same tool, another extension's tool and a built-in one.
  { name: 'mcp_other_echo', description: 'Echo elsewhere.', fullReferenceName: 'test/echo' },
  { name: 'runTests', description: 'Runs unit tests.', fullReferenceName: 'vscode/runTests' },
  { name: 'renderMermaidDiagram', description: 'Renders a diagram.' },
];

class FakeVsCode implements LmToolPort {
  readonly calls: Array<{ name: string; input: Record<string, unknown> }> = [];
  answer: (name: string) => Promise<string> = async () => 'echo: from @venice';
  tools = (): readonly LmToolInfo[] => LISTED;
  invoke = async (name: string, input: Record<string, unknown>): Promise<string> => {
    this.calls.push({ name, input });
    return this.answer(name);
  };
}

const noop = () => undefined;
const hooks = { onText: noop, onReasoning: noop, onChange: noop, onRetry: noop, requestApproval: async () => false };

function settings(over: Partial<ChatSettings> = {}): ChatSettings {
  return { model: MODEL.id, temperature: 0.3, maxCompletionTokens: 4_000, systemPrompt: '', includeVeniceSystemPrompt: false, webSearch: 'off', character: '', maxToolRounds: 3, ...over };
}

async function ask(api: FakeApi, vs: FakeVsCode, s = settings()): Promise<Answer> {
  const loop = new TurnLoop(api.asApi(), participantToolHost(vs, fromServers([publishedLabel('test')])));
  const entry: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
  const { prior } = participantMessages([], 'echo something', [], true);
  await loop.run({ prior, entry, signal: new AbortController().signal, settings: participantSettings(s, MODEL.id, MODEL, {}, true), hooks });
  return entry;
}

const callEcho = (id: string, args = '{"text":"from @venice"}') => ({ events: [{ type: 'toolCalls' as const, calls: [{ id, name: 'mcp_venice-test-s_echo', arguments: args }] }, { type: 'finish' as const, reason: 'tool_calls' }] });

describe('participant/mcpTools: @venice runs MCP tools through VS Code', () => {
  it('offers only the tools of Venice\'s published servers, by their tool set, with their schemas', async () => {
    const api = new FakeApi();
    await ask(api, new FakeVsCode());
    const offered = (api.requests[0].tools ?? []).map((t) => t.function.name);
    assert.deepEqual(offered, ['mcp_venice-test-s_echo', 'mcp_venice-test-s_add']);
    assert.deepEqual(api.requests[0].tools?.[1].function.parameters, { type: 'object', properties: {} }, 'a tool without a schema takes an empty object');
  });

  it('offers nothing when the model cannot call tools, or when VS Code lists no full reference names', async () => {
    const api = new FakeApi();
    const vs = new FakeVsCode();
    vs.tools = () => LISTED.map(({ fullReferenceName: _, ...t }) => t);
    await ask(api, vs);
    assert.equal(api.requests[0].tools, undefined);
    const host = participantToolHost(new FakeVsCode(), fromServers([publishedLabel('test')]));
    assert.deepEqual(host.definitions(textModel('plain', { capabilities: { supportsFunctionCalling: false } })), []);
  });

  it('runs a call through VS Code\'s invokeTool and gives the model the result, capped like the chat view\'s', async () => {
    const api = new FakeApi();
    api.scripts.push(callEcho('call_1'), { events: [{ type: 'text', text: 'It said: from @venice' }, { type: 'finish', reason: 'stop' }] });
    const vs = new FakeVsCode();
    const answer = await ask(api, vs);
    assert.deepEqual(vs.calls, [{ name: 'mcp_venice-test-s_echo', input: { text: 'from @venice' } }]);
    const tool = api.requests[1].messages.find((m) => m.role === 'tool');
    assert.equal(tool?.content, 'echo: from @venice');
    assert.equal(answer.state, 'done');
    assert.equal(answer.rounds[1].text, 'It said: from @venice');

    const big = new FakeApi();
    big.scripts.push(callEcho('call_2'), { events: [{ type: 'text', text: 'ok' }, { type: 'finish', reason: 'stop' }] });
    const huge = new FakeVsCode();
    huge.answer = async () => 'x'.repeat(MAX_RESULT_CHARS + 500);
    await ask(big, huge);
    const capped = String(big.requests[1].messages.find((m) => m.role === 'tool')?.content);
    assert.ok(capped.length < MAX_RESULT_CHARS + 100, `capped: ${capped.length}`);
    assert.match(capped, /\[result cut: 500 more characters were left out\]$/);
  });

  it('tells the model when the user declined in VS Code\'s confirmation, or the tool failed; never runs another extension\'s tool', async () => {
    const api = new FakeApi();
    api.scripts.push(
      { events: [{ type: 'toolCalls', calls: [{ id: 'a', name: 'mcp_venice-test-s_echo', arguments: '{"text":"x"}' }, { id: 'b', name: 'mcp_venice-test-s_add', arguments: '{}' }, { id: 'c', name: 'runTests', arguments: '{}' }, { id: 'd', name: 'mcp_venice-test-s_echo', arguments: 'not json' }] }, { type: 'finish', reason: 'tool_calls' }] },
      { events: [{ type: 'text', text: 'done' }, { type: 'finish', reason: 'stop' }] },
    );
    const vs = new FakeVsCode();
    vs.answer = async (name) => {
      if (name.endsWith('_echo')) throw new Error('The user cancelled the tool call.');
      throw new Error('MCP server exited');
    };
    const answer = await ask(api, vs);
    const byId = Object.fromEntries(answer.rounds[0].toolCalls.map((c) => [c.id, c]));
    assert.equal(byId.a.status, 'rejected');
    assert.equal(byId.a.content, 'The user did not allow this tool call.');
    assert.equal(byId.b.status, 'failed');
    assert.match(byId.b.content ?? '', /The tool failed: MCP server exited/);
    assert.equal(byId.c.status, 'failed');
    assert.match(byId.c.content ?? '', /There is no tool called "runTests"/);
    assert.equal(byId.d.status, 'failed');
    assert.deepEqual(vs.calls.map((c) => c.name), ['mcp_venice-test-s_echo', 'mcp_venice-test-s_add'], 'runTests and the bad arguments never reached VS Code');
  });

  it('stops after the user\'s venice.tools.maxRounds tool rounds', async () => {
    const api = new FakeApi();
    for (let i = 0; i < 5; i++) api.scripts.push(callEcho(`call_${i}`));
    const vs = new FakeVsCode();
    const answer = await ask(api, vs, settings({ maxToolRounds: 2 }));
    assert.equal(vs.calls.length, 2);
    assert.equal(api.requests.length, 2);
    assert.match(answer.notes.join('\n'), /Stopped after 2 tool rounds/);
  });

  it('ends the answer with one quiet line of its tokens and cost, priced from /models when Venice sent no cost', async () => {
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'text', text: 'Hi' }, { type: 'usage', usage: { prompt_tokens: 12_345, completion_tokens: 678, total_tokens: 13_023 } }, { type: 'finish', reason: 'stop' }] });
    const answer = await ask(api, new FakeVsCode());
    // 12,345 × $1/M + 678 × $2/M = $0.013701, estimated from the listed prices.
    assert.equal(usageFooter(answer.model, answer.usage), '\n\n*zai\\-org\\-glm\\-5\\-2 · 12k in · 678 out · \\~\\$0\\.014*');
    assert.equal(usageFooter('m', { promptTokens: 1_200, completionTokens: 30, cachedTokens: 800, costUsd: 0.0021 }), '\n\n*m · 1\\.2k in · 30 out · 800 cached · \\$0\\.0021*');
    assert.equal(usageFooter('m', undefined), '', 'no usage, no line');
  });
});
