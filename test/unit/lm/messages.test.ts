import * as assert from 'node:assert/strict';
import { classifyPart, IMAGE_NOT_SUPPORTED_NOTE, toVeniceMessages, type PortableMessage } from '../../../src/lm/messages';

// Shapes of VS Code's part classes (the real ones are only available inside VS Code).
class TextPart {
  constructor(readonly value: string) {}
}
class ToolCallPart {
  constructor(
    readonly callId: string,
    readonly name: string,
    readonly input: object,
  ) {}
}
class ToolResultPart {
  constructor(
    readonly callId: string,
    readonly content: unknown[],
  ) {}
}
class DataPart {
  constructor(
    readonly data: Uint8Array,
    readonly mimeType: string,
  ) {}
}
class PromptTsxPart {
  constructor(readonly value: unknown) {}
}

function msg(role: PortableMessage['role'], ...parts: unknown[]): PortableMessage {
  return { role, parts: parts.map((p) => classifyPart(p)).filter((p) => p !== undefined) };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('lm: VS Code messages to Venice messages', () => {
  it('classifies parts by shape', () => {
    assert.deepEqual(classifyPart(new TextPart('hi')), { kind: 'text', text: 'hi' });
    assert.deepEqual(classifyPart(new ToolCallPart('c1', 'read', { path: 'a' })), { kind: 'toolCall', callId: 'c1', name: 'read', input: { path: 'a' } });
    assert.deepEqual(classifyPart(new ToolResultPart('c1', [new TextPart('ok')])), { kind: 'toolResult', callId: 'c1', content: [{ kind: 'text', text: 'ok' }] });
    assert.equal(classifyPart(new DataPart(PNG, 'image/PNG'))?.kind, 'data');
    assert.equal(classifyPart(null), undefined);
    assert.equal(classifyPart('text'), undefined);
    assert.equal(classifyPart({ something: 1 }), undefined);
    assert.equal(classifyPart(new PromptTsxPart({ node: 1 })), undefined, 'prompt-tsx only counts inside tool results');
  });

  it('maps a plain conversation, joining the text parts of a message', () => {
    const out = toVeniceMessages([msg('system', new TextPart('Be brief.')), msg('user', new TextPart('Hello '), new TextPart('there')), msg('assistant', new TextPart('Hi!'))], { vision: false });
    assert.deepEqual(out, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: 'Hi!' },
    ]);
  });

  it('maps a tool round trip: assistant tool_calls, then tool messages before the user text', () => {
    const out = toVeniceMessages(
      [
        msg('user', new TextPart('What is in a.txt?')),
        msg('assistant', new TextPart('Let me look.'), new ToolCallPart('call_1', 'read_file', { path: 'a.txt' })),
        msg('user', new ToolResultPart('call_1', [new TextPart('hello '), new PromptTsxPart({ lines: 1 }), new DataPart(new TextEncoder().encode('{"x":1}'), 'application/json')]), new TextPart('Summarise it.')),
      ],
      { vision: false },
    );
    assert.deepEqual(out, [
      { role: 'user', content: 'What is in a.txt?' },
      { role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'hello {"lines":1}{"x":1}' },
      { role: 'user', content: 'Summarise it.' },
    ]);
  });

  it('sends an assistant turn with only tool calls with null content', () => {
    const [m] = toVeniceMessages([msg('assistant', new ToolCallPart('c', 'list_files', {}))], { vision: false });
    assert.equal(m.role, 'assistant');
    assert.equal((m as { content: unknown }).content, null);
  });

  it('uses the API-safe tool name for past calls', () => {
    const [m] = toVeniceMessages([msg('assistant', new ToolCallPart('c', 'mcp.server/tool', {}))], { vision: false, apiToolName: (n) => n.replace(/[^A-Za-z0-9_-]/g, '_') });
    assert.equal((m as { tool_calls: Array<{ function: { name: string } }> }).tool_calls[0].function.name, 'mcp_server_tool');
  });

  it('sends images as data URLs to vision models', () => {
    const [m] = toVeniceMessages([msg('user', new TextPart('What is this?'), new DataPart(PNG, 'image/png'))], { vision: true });
    assert.deepEqual(m, {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` } },
      ],
    });
  });

  it('tells a text-only model that an image was left out, instead of sending it', () => {
    const [m] = toVeniceMessages([msg('user', new TextPart('What is this? '), new DataPart(PNG, 'image/png'))], { vision: false });
    assert.deepEqual(m, { role: 'user', content: `What is this? ${IMAGE_NOT_SUPPORTED_NOTE}` });
  });

  it('reads text attachments as text and drops cache-control markers', () => {
    const [m] = toVeniceMessages([msg('user', new TextPart('File: '), new DataPart(new TextEncoder().encode('été'), 'text/plain'), new DataPart(new TextEncoder().encode('ephemeral'), 'cache_control'))], { vision: true });
    assert.deepEqual(m, { role: 'user', content: 'File: été' });
  });

  it('drops empty messages rather than sending empty content', () => {
    const out = toVeniceMessages([msg('user', new TextPart('')), msg('assistant'), msg('system', new TextPart('  ')), msg('user', new TextPart('hi'))], { vision: false });
    assert.deepEqual(out, [{ role: 'user', content: 'hi' }]);
  });

  it('serialises missing or odd tool input as an empty object', () => {
    const [m] = toVeniceMessages([{ role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c', name: 't', input: undefined }] }], { vision: false });
    assert.equal((m as { tool_calls: Array<{ function: { arguments: string } }> }).tool_calls[0].function.arguments, '{}');
  });
});
