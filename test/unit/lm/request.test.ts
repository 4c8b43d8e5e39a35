import * as assert from 'node:assert/strict';
import type { VeniceChatModelInfo } from '../../../src/lm/modelInfo';
import { buildChatRequest, type LmRequestInput } from '../../../src/lm/request';
import { ToolNames } from '../../../src/lm/tools';
import { VeniceError } from '../../../src/venice/errors';
import { chatBody } from '../../../src/venice/requests';

const MODEL: VeniceChatModelInfo = {
  id: 'glm',
  name: 'GLM',
  family: 'glm',
  version: 'glm',
  maxInputTokens: 100_000,
  maxOutputTokens: 8_000,
  capabilities: { toolCalling: true, imageInput: false },
};

function input(extra: Partial<LmRequestInput> = {}): LmRequestInput {
  return {
    model: MODEL,
    messages: [{ role: 'user', content: 'hi' }],
    toolMode: 'auto',
    toolNames: new ToolNames([]),
    includeVeniceSystemPrompt: false,
    ...extra,
  };
}

function rejects(fn: () => unknown, re: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof VeniceError && e.kind === 'badRequest' && re.test(e.message));
}

describe('lm: request to Venice', () => {
  it('sends the model, the messages and no Venice system prompt by default', () => {
    const req = buildChatRequest(input());
    assert.equal(req.model, 'glm');
    assert.deepEqual(req.venice_parameters, { include_venice_system_prompt: false });
    assert.equal(req.tools, undefined);
    assert.equal(req.tool_choice, undefined);
  });

  it('maps documented modelOptions, clamps max tokens, and ignores unknown ones', () => {
    const req = buildChatRequest(input({ modelOptions: { temperature: 0.2, top_p: 0.9, maxTokens: 50_000, stop: ['END'], seed: 7, reasoning_effort: 'low', service_tier: 'flex', response_format: { type: 'json' } } }));
    assert.equal(req.temperature, 0.2);
    assert.equal(req.top_p, 0.9);
    assert.equal(req.max_completion_tokens, 8_000);
    assert.deepEqual(req.stop, ['END']);
    assert.equal(req.seed, 7);
    assert.equal(req.reasoning_effort, 'low');
    const body = chatBody(req, true);
    assert.ok(!('service_tier' in body) && !('response_format' in body), 'undocumented options never reach Venice');
  });

  it('rejects bad modelOptions with a clear message', () => {
    rejects(() => buildChatRequest(input({ modelOptions: { temperature: 5 } })), /temperature must be a number from 0 to 2/);
    rejects(() => buildChatRequest(input({ modelOptions: { max_tokens: 1.5 } })), /max_tokens must be a whole number/);
    rejects(() => buildChatRequest(input({ modelOptions: { stop: ['a', 'b', 'c', 'd', 'e'] } })), /stop must be/);
    rejects(() => buildChatRequest(input({ modelOptions: { parallel_tool_calls: 'yes' } })), /parallel_tool_calls/);
  });

  it('passes tools as functions, with a safe alias for names the API would refuse', () => {
    const names = new ToolNames(['get_weather', 'mcp.github/search issues']);
    const req = buildChatRequest(
      input({
        toolNames: names,
        tools: [
          { name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } },
          { name: 'mcp.github/search issues', description: 'Search' },
        ],
      }),
    );
    assert.deepEqual(req.tools?.[0], { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } });
    assert.equal(req.tools?.[1].function.name, 'mcp_github_search_issues');
    assert.deepEqual(req.tools?.[1].function.parameters, { type: 'object', properties: {} });
    assert.equal(names.original('mcp_github_search_issues'), 'mcp.github/search issues');
    assert.equal(req.tool_choice, undefined, 'auto is the default and is not sent');
  });

  it('maps the Required tool mode', () => {
    const one = buildChatRequest(input({ toolNames: new ToolNames(['a']), tools: [{ name: 'a', description: '' }], toolMode: 'required' }));
    assert.deepEqual(one.tool_choice, { type: 'function', function: { name: 'a' } });
    const two = buildChatRequest(input({ toolNames: new ToolNames(['a', 'b']), tools: [{ name: 'a', description: '' }, { name: 'b', description: '' }], toolMode: 'required' }));
    assert.equal(two.tool_choice, 'required');
    rejects(() => buildChatRequest(input({ toolMode: 'required' })), /no tools were given/);
  });

  it('refuses tools for a model without function calling, before any request', () => {
    rejects(() => buildChatRequest(input({ model: { ...MODEL, capabilities: { toolCalling: false, imageInput: false } }, tools: [{ name: 'a', description: '' }] })), /GLM cannot call tools/);
  });

  it('gives colliding aliases distinct names', () => {
    const names = new ToolNames(['a.b', 'a/b', 'a_b']);
    const apiNames = ['a.b', 'a/b', 'a_b'].map((n) => names.api(n));
    assert.equal(new Set(apiNames).size, 3);
    for (const n of apiNames) assert.match(n, /^[A-Za-z0-9_-]{1,64}$/);
    assert.equal(names.api('x'.repeat(100)).length, 64);
  });
});

describe('lm: tool name aliases', () => {
  it('keeps valid names even when an earlier invalid name would map onto them', () => {
    const names = new ToolNames(['a.b', 'a_b']);
    assert.equal(names.api('a_b'), 'a_b');
    assert.equal(names.api('a.b'), 'a_b_2');
    assert.equal(names.original('a_b_2'), 'a.b');
    assert.equal(names.original('unknown_tool'), 'unknown_tool');
  });
});
