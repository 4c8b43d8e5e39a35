import * as assert from 'node:assert/strict';
import { relayStream } from '../../../src/lm/relay';
import type { ParsedToolCall } from '../../../src/lm/tools';
import { ToolNames } from '../../../src/lm/tools';
import { VeniceError } from '../../../src/venice/errors';
import type { StreamEvent } from '../../../src/venice/types';

async function* events(list: StreamEvent[]): AsyncGenerator<StreamEvent> {
  for (const e of list) yield e;
}

function collect() {
  const text: string[] = [];
  const calls: ParsedToolCall[] = [];
  return { text, calls, sink: { text: (t: string) => text.push(t), toolCall: (c: ParsedToolCall) => calls.push(c) } };
}

let n = 0;
const newId = (): string => `gen_${++n}`;

describe('lm: relaying a Venice stream', () => {
  it('passes text on as it arrives and leaves reasoning out', async () => {
    const c = collect();
    const out = await relayStream(
      events([
        { type: 'reasoning', text: 'thinking…' },
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
        { type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
        { type: 'finish', reason: 'stop' },
      ]),
      c.sink,
      new ToolNames([]),
      newId,
    );
    assert.deepEqual(c.text, ['Hel', 'lo']);
    assert.equal(out.finishReason, 'stop');
    assert.equal(out.usage?.total_tokens, 5);
  });

  it('turns tool calls into parsed calls with the caller’s tool names', async () => {
    const c = collect();
    const names = new ToolNames(['mcp.fs/read']);
    await relayStream(
      events([
        { type: 'text', text: 'Reading.' },
        { type: 'toolCalls', calls: [{ id: 'call_1', name: names.api('mcp.fs/read'), arguments: '{"path":"a.txt"}' }, { id: '', name: 'mcp_fs_read', arguments: '' }] },
        { type: 'finish', reason: 'tool_calls' },
      ]),
      c.sink,
      names,
      newId,
    );
    assert.deepEqual(c.calls[0], { callId: 'call_1', name: 'mcp.fs/read', input: { path: 'a.txt' } });
    assert.equal(c.calls[1].name, 'mcp.fs/read');
    assert.deepEqual(c.calls[1].input, {}, 'empty arguments mean no input');
    assert.match(c.calls[1].callId, /^gen_/, 'a call without an id gets one');
  });

  for (const [args, why] of [
    ['{"path": "a.txt"', /not valid JSON/],
    ['[1,2]', /not a JSON object/],
    ['"text"', /not a JSON object/],
  ] as const) {
    it(`reports an error instead of a call for arguments ${args}`, async () => {
      const c = collect();
      await assert.rejects(
        relayStream(events([{ type: 'toolCalls', calls: [{ id: 'ok', name: 'a', arguments: '{}' }, { id: 'bad', name: 'read_file', arguments: args }] }]), c.sink, new ToolNames([]), newId),
        (e: unknown) => e instanceof VeniceError && e.kind === 'malformed' && why.test(e.message) && e.message.includes('read_file'),
      );
      assert.equal(c.calls.length, 0, 'no call of the bad turn is passed on');
    });
  }

  it('fails a content-filtered answer', async () => {
    await assert.rejects(relayStream(events([{ type: 'text', text: 'x' }, { type: 'finish', reason: 'content_filter' }]), collect().sink, new ToolNames([]), newId), /content policy/);
  });

  it('lets stream errors through unchanged', async () => {
    async function* failing(): AsyncGenerator<StreamEvent> {
      yield { type: 'text', text: 'partial' };
      throw new VeniceError({ kind: 'interrupted', message: 'The answer from Venice was cut off before it finished. Try again.' });
    }
    const c = collect();
    await assert.rejects(relayStream(failing(), c.sink, new ToolNames([]), newId), /cut off/);
    assert.deepEqual(c.text, ['partial']);
  });
});
