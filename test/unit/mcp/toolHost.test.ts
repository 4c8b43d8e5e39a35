// MCP tools in the one turn loop: offered beside the editor tools, asked with the same approval
// card, checked before the call, results as tool messages (capped), failures the model reads.
// Real stdio test server, the real manager, the real TurnLoop; only Venice is the fake API.
import * as assert from 'node:assert/strict';
import type { Answer } from '../../../src/llm/answer';
import type { TurnSettings } from '../../../src/llm/planner';
import { TurnLoop, type TurnHooks } from '../../../src/llm/turnLoop';
import { MAX_RESULT_CHARS } from '../../../src/mcp/results';
import { withMcpTools, type McpHostPolicy } from '../../../src/mcp/toolHost';
import type { ApprovalRequest } from '../../../src/tools/types';
import type { ChatMessage } from '../../../src/venice/types';
import { BASE_SETTINGS, FakeApi, FakeTools, textEvents } from '../chat/fakes';
import { stdioServer, testManager, type TestManager } from './fixtures';

const settings: TurnSettings = { ...BASE_SETTINGS, resolvedModel: 'model-a' };

interface Run {
  entry: Answer;
  asked: ApprovalRequest[];
  api: FakeApi;
}

describe('mcp: tools in the turn loop', function () {
  this.timeout(20_000);
  let t: TestManager;
  let prepared = 0;
  const policy = (over: Partial<McpHostPolicy> = {}): McpHostPolicy => ({
    source: () => ({
      prepare: (signal) => {
        prepared++;
        return t.manager.prepare(signal);
      },
      offer: (limits) => t.manager.offer(limits),
      call: (...a) => t.manager.call(...a),
    }),
    isTrusted: () => true,
    autoApproved: () => false,
    callTimeoutMs: () => 5000,
    ...over,
  });

  beforeEach(() => {
    prepared = 0;
    t = testManager([stdioServer('test')]);
  });
  afterEach(() => t.manager.dispose());

  async function turn(call: { name: string; arguments: string }, opts: { policy?: McpHostPolicy; approve?: boolean; base?: FakeTools; stopAfterMs?: number } = {}): Promise<Run> {
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [{ id: 'call1', ...call }] }, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('done') });
    const asked: ApprovalRequest[] = [];
    const hooks: TurnHooks = {
      onText: () => undefined,
      onReasoning: () => undefined,
      onChange: () => undefined,
      onRetry: () => undefined,
      requestApproval: async (_call, req) => {
        asked.push(req);
        return opts.approve ?? true;
      },
    };
    const entry: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
    const stop = new AbortController();
    if (opts.stopAfterMs) setTimeout(() => stop.abort(), opts.stopAfterMs);
    const host = withMcpTools(opts.base ?? new FakeTools(), opts.policy ?? policy());
    await new TurnLoop(api.asApi(), host).run({ prior: [{ role: 'user', content: 'go' }], entry, settings, signal: stop.signal, hooks });
    return { entry, asked, api };
  }

  const toolMessage = (run: Run): string => {
    const msgs = run.api.requests[1]?.messages as ChatMessage[] | undefined;
    const m = msgs?.find((x) => x.role === 'tool');
    return typeof m?.content === 'string' ? m.content : '';
  };

  it('offers MCP tools beside the editor tools, asks with the card, and sends the result back to the model', async () => {
    const run = await turn({ name: 'mcp_test_echo', arguments: '{"text":"hello"}' });
    const offered = (run.api.requests[0].tools ?? []).map((x) => ('function' in x ? x.function.name : ''));
    assert.equal(offered[0], 'read_file');
    assert.ok(offered.includes('mcp_test_echo'));
    assert.ok(!offered.includes('mcp_test_conditional'), 'the schema with "if" is not sent to Venice');
    assert.equal(run.asked.length, 1);
    assert.equal(run.asked[0].toolName, 'mcp_test_echo');
    assert.match(run.asked[0].title, /Run the MCP tool "echo" of the server "test"/);
    assert.match(run.asked[0].detail, /"text": "hello"/);
    assert.match(run.asked[0].detail, /Server: .*stdioServer\.mjs/);
    assert.match(toolMessage(run), /Result of the MCP tool "echo" of the server "test".*\necho: hello$/);
    assert.equal(run.entry.rounds[0].toolCalls[0].status, 'done');
    assert.equal(run.entry.state, 'done');
  });

  it('a rejected call does not run; auto-approve skips the card only in a trusted workspace', async () => {
    const rejected = await turn({ name: 'mcp_test_crash', arguments: '{}' }, { approve: false });
    assert.equal(rejected.entry.rounds[0].toolCalls[0].status, 'rejected');
    assert.equal(t.manager.statuses()[0].state, 'running', 'the crash tool never ran');
    const auto = await turn({ name: 'mcp_test_echo', arguments: '{"text":"a"}' }, { policy: policy({ autoApproved: (n) => n === 'mcp_test_echo' }) });
    assert.equal(auto.asked.length, 0);
    assert.match(toolMessage(auto), /echo: a$/);
    const restricted = await turn({ name: 'mcp_test_echo', arguments: '{"text":"a"}' }, { policy: policy({ autoApproved: () => true, isTrusted: () => false }) });
    assert.equal(restricted.asked.length, 1, 'Restricted Mode: auto-approve does not apply');
  });

  it('checks the arguments against the schema before asking or calling', async () => {
    const run = await turn({ name: 'mcp_test_add', arguments: '{"a":1}' });
    assert.equal(run.asked.length, 0);
    assert.equal(run.entry.rounds[0].toolCalls[0].status, 'failed');
    assert.match(toolMessage(run), /Invalid arguments for mcp_test_add: the arguments lack the required property "b". Nothing was run./);
  });

  it('a server that crashes during the call fails the tool, not the answer; it restarts', async () => {
    const run = await turn({ name: 'mcp_test_crash', arguments: '{}' });
    assert.equal(run.entry.rounds[0].toolCalls[0].status, 'failed');
    assert.match(toolMessage(run), /The MCP tool mcp_test_crash failed: .*closed/i);
    assert.equal(run.entry.state, 'done');
    assert.equal(run.entry.rounds[1].text, 'done');
  });

  it('Stop cancels a hanging call; a huge result is capped in the tool message', async () => {
    const started = Date.now();
    const stopped = await turn({ name: 'mcp_test_hang', arguments: '{}' }, { stopAfterMs: 1500 });
    assert.ok(Date.now() - started < 4500);
    assert.equal(stopped.entry.state, 'stopped');
    const huge = await turn({ name: 'mcp_test_huge', arguments: '{"chars":300000}' });
    const content = toolMessage(huge);
    assert.ok(content.length < MAX_RESULT_CHARS + 400, `tool message is ${content.length} characters`);
    assert.match(content, /\[result cut: 260000 more characters were left out\]$/);
  });

  it('starts no server when the request offers no tools (tools off, or a model without tools)', async () => {
    const none = new FakeTools();
    none.offered = [];
    const run = await turn({ name: 'mcp_test_echo', arguments: '{}' }, { base: none });
    assert.equal(prepared, 0);
    assert.equal(t.manager.statuses()[0].state, 'idle');
    assert.equal(run.api.requests[0].tools, undefined);
  });
});
