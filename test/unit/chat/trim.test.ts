import * as assert from 'node:assert/strict';
import { toApiMessages } from '../../../src/chat/history';
import type { AssistantEntry, Entry, UserEntry } from '../../../src/chat/model';
import { estimateChatMessageTokens as estimateMessageTokens } from '../../../src/llm/tokens';
import { trimToContext } from '../../../src/llm/trim';
import type { ChatMessage } from '../../../src/venice/types';

function user(text: string): ChatMessage {
  return { role: 'user', content: text };
}
function assistant(text: string): ChatMessage {
  return { role: 'assistant', content: text };
}
const system: ChatMessage = { role: 'system', content: 'Be brief.' };

describe('chat history trimming', () => {
  it('keeps everything when it fits, or when the context size is unknown', () => {
    const history = [user('a'.repeat(400)), assistant('b'.repeat(400)), user('c')];
    const fits = trimToContext(system, history, { contextTokens: 10_000, reserveTokens: 1_000 });
    assert.equal(fits.dropped, 0);
    assert.deepEqual(fits.messages, [system, ...history]);
    const unknown = trimToContext(system, history, { contextTokens: undefined, reserveTokens: 1_000 });
    assert.equal(unknown.dropped, 0);
    assert.equal(unknown.messages.length, 4);
  });

  it('drops the oldest exchanges first and always keeps the system prompt and the newest message', () => {
    const history = [user('old question '.repeat(100)), assistant('old answer '.repeat(100)), user('middle'), assistant('reply'), user('newest')];
    // ~4 chars per token: the old exchange alone is ~600 tokens; budget leaves room for the rest only.
    const r = trimToContext(system, history, { contextTokens: 300, reserveTokens: 100 });
    assert.equal(r.dropped, 2);
    assert.deepEqual(r.messages, [system, user('middle'), assistant('reply'), user('newest')]);
    assert.ok(r.fits);
    assert.ok(r.estimatedTokens <= (r.budget ?? 0));
  });

  it('never separates a tool result from the assistant message that called the tool', () => {
    const history: ChatMessage[] = [
      user('q1'),
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'x'.repeat(2_000) },
      assistant('done'),
      user('q2'),
    ];
    const r = trimToContext(undefined, history, { contextTokens: 200, reserveTokens: 50 });
    assert.deepEqual(r.messages, [user('q2')]);
    assert.ok(!r.messages.some((m) => m.role === 'tool'), 'no orphaned tool result');
  });

  it('reports when even the newest message does not fit', () => {
    const r = trimToContext(system, [user('x'.repeat(4_000))], { contextTokens: 500, reserveTokens: 100 });
    assert.equal(r.fits, false);
    assert.ok(r.estimatedTokens > 400);
  });

  it('estimates about four characters per token, counting tool call arguments', () => {
    assert.equal(estimateMessageTokens(user('x'.repeat(400))), 104);
    const call: ChatMessage = { role: 'assistant', content: null, tool_calls: [{ id: 'id', type: 'function', function: { name: 'n', arguments: 'a'.repeat(397) } }] };
    assert.equal(estimateMessageTokens(call), 104);
  });
});

describe('history sent to the model', () => {
  const u: UserEntry = {
    id: 'u1',
    role: 'user',
    text: 'Explain this',
    createdAt: 0,
    attachments: [{ id: 'a1', kind: 'selection', label: 'a.ts:1-2', path: 'src/a.ts', languageId: 'typescript', startLine: 1, endLine: 2, content: 'const a = ```;', lines: 2, bytes: 14 }],
  };
  const a: AssistantEntry = {
    id: 'x1',
    role: 'assistant',
    createdAt: 0,
    state: 'stopped',
    citations: [],
    notes: [],
    rounds: [
      {
        text: '',
        reasoning: 'secret chain of thought',
        toolCalls: [
          { id: 'c1', name: 'read_file', arguments: '{"path":"a.ts"}', status: 'done', content: 'file text' },
          { id: 'c2', name: 'read_file', arguments: '{"path":"b.ts"}', status: 'skipped' },
        ],
      },
      { text: 'Partial answer', reasoning: 'more thinking', toolCalls: [] },
    ],
  };

  it('includes attachments (fenced safely), tool calls with every result, and never the reasoning', () => {
    const msgs = toApiMessages([u, a] as Entry[]);
    assert.equal(msgs.length, 5);
    const first = msgs[0];
    assert.equal(first.role, 'user');
    assert.match(String(first.content), /Context from `src\/a\.ts` \(lines 1-2\)/);
    assert.match(String(first.content), /````typescript\nconst a = ```;\n````/, 'fence longer than any backticks inside');
    assert.deepEqual(msgs[1], {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
        { id: 'c2', type: 'function', function: { name: 'read_file', arguments: '{"path":"b.ts"}' } },
      ],
    });
    assert.deepEqual(msgs[2], { role: 'tool', tool_call_id: 'c1', content: 'file text' });
    assert.equal(msgs[3].role, 'tool');
    assert.match(String(msgs[3].content), /not run/);
    assert.deepEqual(msgs[4], { role: 'assistant', content: 'Partial answer' });
    assert.ok(!JSON.stringify(msgs).includes('thinking') && !JSON.stringify(msgs).includes('chain of thought'));
  });
});
