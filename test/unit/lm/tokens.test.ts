import * as assert from 'node:assert/strict';
import { estimateTextTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, TOOL_CALL_OVERHEAD_TOKENS } from '../../../src/llm/tokens';
import { estimateMessageTokens } from '../../../src/lm/tokens';

describe('lm: token estimate', () => {
  it('counts ASCII at four characters a token, rounded up', () => {
    assert.equal(estimateTextTokens(''), 0);
    assert.equal(estimateTextTokens('a'), 1);
    assert.equal(estimateTextTokens('abcd'), 1);
    assert.equal(estimateTextTokens('abcde'), 2);
    assert.equal(estimateTextTokens('x'.repeat(4000)), 1000);
  });

  it('counts other scripts higher, so the estimate does not undercount them', () => {
    assert.equal(estimateTextTokens('éé'), 1, 'two-byte characters: two a token');
    assert.equal(estimateTextTokens('日本語'), 3, 'CJK: one a character');
    assert.equal(estimateTextTokens('😀'), 1, 'a surrogate pair is one character');
    assert.ok(estimateTextTokens('こんにちは世界') >= 7);
  });

  it('is never below a real tokenizer on typical code (about 3.5-4 chars/token)', () => {
    const code = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(50);
    assert.ok(estimateTextTokens(code) >= Math.floor(code.length / 4.5));
  });

  it('adds message framing, tool calls and images', () => {
    assert.equal(estimateMessageTokens({ role: 'user', parts: [] }), MESSAGE_OVERHEAD_TOKENS);
    assert.equal(estimateMessageTokens({ role: 'user', parts: [{ kind: 'text', text: 'abcdefgh' }] }), MESSAGE_OVERHEAD_TOKENS + 2);
    const call = estimateMessageTokens({ role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c', name: 'read', input: { path: 'a' } }] });
    assert.equal(call, MESSAGE_OVERHEAD_TOKENS + TOOL_CALL_OVERHEAD_TOKENS + 1 + Math.ceil('{"path":"a"}'.length / 4));
    const image = estimateMessageTokens({ role: 'user', parts: [{ kind: 'data', mimeType: 'image/png', data: new Uint8Array(10) }] });
    assert.equal(image, MESSAGE_OVERHEAD_TOKENS + IMAGE_TOKENS);
    const result = estimateMessageTokens({ role: 'user', parts: [{ kind: 'toolResult', callId: 'c', content: [{ kind: 'text', text: 'abcd' }] }] });
    assert.equal(result, MESSAGE_OVERHEAD_TOKENS * 2 + 1);
  });
});
