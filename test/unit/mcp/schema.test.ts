import * as assert from 'node:assert/strict';
import { McpNameTable, mcpToolName } from '../../../src/mcp/names';
import { convertResult, MAX_RESULT_CHARS } from '../../../src/mcp/results';
import { checkInputSchema } from '../../../src/mcp/schema';

describe('mcp: offered names, schemas and results', () => {
  it('names tools mcp_<server>_<tool> with only [A-Za-z0-9_-], at most 64 characters, unique', () => {
    assert.equal(mcpToolName('git hub', 'search.issues/v2'), 'mcp_git_hub_search_issues_v2');
    const long = mcpToolName('server', 'x'.repeat(100));
    assert.equal(long.length, 64);
    const table = new McpNameTable();
    assert.equal(table.claim('a.b', 'c'), 'mcp_a_b_c');
    assert.equal(table.claim('a_b', 'c'), 'mcp_a_b_c_2');
    const t2 = new McpNameTable();
    const first = t2.claim('s', 'y'.repeat(80));
    const second = t2.claim('s', `${'y'.repeat(80)}z`);
    assert.equal(second.length, 64);
    assert.notEqual(first, second);
  });

  it('offers the common schema subset, drops annotations, and refuses unsupported keywords with the reason', () => {
    const ok = checkInputSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', 'x-order': 1, type: 'object', properties: { q: { type: 'string', $comment: 'c' } } });
    assert.deepEqual(ok, { ok: true, schema: { type: 'object', properties: { q: { type: 'string' } } } });
    assert.deepEqual(checkInputSchema(undefined), { ok: true, schema: { type: 'object', properties: {} } });
    const refused = (s: unknown): string => {
      const r = checkInputSchema(s);
      assert.equal(r.ok, false);
      return r.ok ? '' : r.reason;
    };
    assert.match(refused({ type: 'object', if: {}, then: {} }), /unsupported keyword "if"/);
    assert.match(refused({ type: 'object', properties: { a: { not: { type: 'string' } } } }), /"not" at #\/properties\/a/);
    assert.match(refused({ type: 'object', patternProperties: { '^x': {} } }), /patternProperties/);
    assert.match(refused({ type: 'object', properties: { a: { $ref: 'https://evil.example/s.json' } } }), /outside schema/);
    assert.match(refused({ type: 'array' }), /not "object"/);
    assert.match(refused({ type: 'object', properties: { a: { type: 'array', items: [{}, {}] } } }), /tuple/);
    assert.match(refused({ type: 'object', description: 'd'.repeat(20_000) }), /characters long/);
  });

  it('turns a result into capped text: images named, resources kept, errors marked', () => {
    const r = convertResult({
      content: [
        { type: 'text', text: 'hello' },
        { type: 'image', mimeType: 'image/png', data: 'A'.repeat(4000) },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'body' } },
        { type: 'resource_link', uri: 'file:///b.txt', name: 'b' },
      ],
    });
    assert.equal(r.ok, true);
    assert.match(r.content, /^hello\n\n\[image image\/png, 3 KB: not shown to the model\]\n\n\[resource file:\/\/\/a.txt\]\nbody\n\n\[link to resource file:\/\/\/b.txt "b"\]$/);
    const huge = convertResult({ content: [{ type: 'text', text: 'x'.repeat(MAX_RESULT_CHARS + 500) }] });
    assert.equal(huge.cutChars, 500);
    assert.ok(huge.content.length < MAX_RESULT_CHARS + 100);
    assert.match(huge.content, /\[result cut: 500 more characters were left out\]$/);
    assert.equal(convertResult({ isError: true, content: [{ type: 'text', text: 'down' }] }).ok, false);
    assert.equal(convertResult({ structuredContent: { a: 1 } }).content, '{"a":1}');
  });
});
