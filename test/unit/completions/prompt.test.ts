// Building an inline-completion request: the text around the cursor cut to its token budget, the
// snippets from other files, the prompt with its hole and stop sequences, and the body the one
// planner makes of it, sent to the strict simulator (which refuses what Venice refuses).
import * as assert from 'node:assert/strict';
import { cutAroundCursor, wantsMultiline, worthCompleting } from '../../../src/completions/context';
import { buildPrompt, HOLE, SYSTEM_PROMPT } from '../../../src/completions/prompt';
import { completionBody, resolveCompletionModel } from '../../../src/completions/request';
import { pickSnippets } from '../../../src/completions/snippets';
import { ModelCatalog } from '../../../src/llm/modelCatalog';
import { estimateTextTokens } from '../../../src/llm/tokens';
import { isVeniceError } from '../../../src/venice/errors';
import { collect, makeClient, clientSuite } from '../venice/helpers';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `const ${tag}${i} = ${i}; // line ${i} of ${tag}`).join('\n');

describe('completions: the text around the cursor', () => {
  it('keeps the lines nearest the cursor within the budget, and the cursor line whole', () => {
    const before = `${lines(400, 'a')}\nfunction total(`;
    const after = `) {\n${lines(400, 'b')}`;
    const cut = cutAroundCursor(before, after, { prefixTokens: 300, suffixTokens: 100 });
    assert.ok(cut.prefixCut && cut.suffixCut);
    assert.ok(cut.prefix.endsWith('\nfunction total('), 'the cursor line stays');
    assert.ok(cut.suffix.startsWith(') {\n'), 'the rest of the cursor line stays');
    assert.ok(estimateTextTokens(cut.prefix) <= 300 && estimateTextTokens(cut.prefix) > 250, `prefix ~300 tokens, got ${estimateTextTokens(cut.prefix)}`);
    assert.ok(estimateTextTokens(cut.suffix) <= 100 && estimateTextTokens(cut.suffix) > 60);
    assert.ok(cut.prefix.includes('a399') && !cut.prefix.includes('a0 '), 'the nearest lines, not the first ones');
    assert.ok(/^(const a\d+|function)/m.test(cut.prefix.split('\n')[0]), 'cut at a line boundary');
  });

  it('a small file is sent whole', () => {
    const cut = cutAroundCursor('a\nb', 'c\nd');
    assert.deepEqual(cut, { prefix: 'a\nb', suffix: 'c\nd', prefixCut: false, suffixCut: false });
  });

  it('asks for several lines only at the end of a line that opens something, or on an empty line', () => {
    assert.equal(wantsMultiline('function f() {', '\n}'), true);
    assert.equal(wantsMultiline('  ', '\n'), true);
    assert.equal(wantsMultiline('const x = f(', ');'), true);
    assert.equal(wantsMultiline('const x = 1', ';\n'), false);
    assert.equal(wantsMultiline('if (', 'a) {'), false);
  });

  it('does not complete in the middle of a word', () => {
    assert.equal(worthCompleting('const to', 'tal = 1'), false);
    assert.equal(worthCompleting('const total', ' = 1'), true);
    assert.equal(worthCompleting('f(', ')'), true);
  });
});

describe('completions: snippets from other files', () => {
  it('picks the window that shares the most identifiers, one per file, within the budget', () => {
    const other = `${lines(100, 'z')}\nexport function priceOf(item: Item): number {\n  return item.price * item.quantity;\n}\n${lines(100, 'y')}`;
    const unrelated = lines(50, 'q');
    const got = pickSnippets('const p = priceOf(item) + item.quantity', [
      { path: 'src/unrelated.ts', text: unrelated },
      { path: 'src/price.ts', text: other, focusLine: 150 },
    ]);
    assert.equal(got.length, 1, 'the unrelated file shares nothing');
    assert.equal(got[0].path, 'src/price.ts');
    assert.ok(got[0].text.includes('return item.price * item.quantity'));
    assert.ok(got[0].text.split('\n').length <= 16);
  });

  it('stays within the token budget', () => {
    const src = (i: number) => ({ path: `f${i}.ts`, text: `function shared${i}(alpha, beta) { return alpha + beta; }\n`.repeat(16) });
    const got = pickSnippets('alpha beta', [src(1), src(2), src(3), src(4)], 300);
    const cost = got.reduce((n, s) => n + estimateTextTokens(s.text) + estimateTextTokens(s.path) + 4, 0);
    assert.ok(got.length >= 1 && cost <= 300, `${got.length} snippets, ${cost} tokens`);
  });
});

describe('completions: the prompt', () => {
  const input = {
    path: 'src/cart.ts',
    language: 'typescript',
    prefix: 'export function total(items: Item[]) {\n  ',
    suffix: '\n}\n',
    multiline: true,
    snippets: [{ path: 'src/item.ts', text: 'export interface Item {\n  price: number;\n}\n```not a fence end' }],
  };

  it('marks the hole between the prefix and the suffix and asks for only the missing code', () => {
    const p = buildPrompt(input);
    assert.equal(p.system, SYSTEM_PROMPT);
    assert.match(p.system, /only|nothing else/);
    assert.match(p.system, /no Markdown code fences/);
    const user = String(p.user.content);
    assert.ok(user.includes(`<file>\n${input.prefix}${HOLE}${input.suffix}\n</file>`));
    assert.ok(user.includes('src/cart.ts (typescript)'));
    assert.ok(user.includes('src/item.ts:\n````\nexport interface Item'), 'a snippet with backticks gets a longer fence');
    assert.match(user, /at most 12 lines/);
  });

  it('one-line mode asks for the rest of the line, with a small answer cap', () => {
    const p = buildPrompt({ ...input, multiline: false, snippets: [] });
    assert.match(String(p.user.content), /only the rest of the current line/);
    assert.ok(!String(p.user.content).includes('for reference'));
    assert.equal(p.maxTokens, 64);
    assert.equal(buildPrompt(input).maxTokens, 256);
  });

  it('stop sequences: the hole marker, the closing tag and a run of blank lines (at most 4, as Venice allows)', () => {
    const { stop } = buildPrompt(input);
    assert.deepEqual(stop, [HOLE, '</file>', '\n\n\n']);
    assert.ok(stop.length <= 4);
    assert.ok(!stop.includes('\n') && !stop.some((s) => s.startsWith('```')), 'a fenced answer must not be cut to nothing');
  });
});

describe('completions: the request, through the planner and the catalogue', function () {
  this.timeout(20_000);
  const { sim } = clientSuite();

  it("uses Venice's default_code model, without Venice's system prompt, thinking off, and the simulator accepts the body", async () => {
    const { client } = makeClient(sim);
    const catalog = new ModelCatalog(client);
    const model = await resolveCompletionModel(catalog, '');
    assert.equal(model.id, 'deepseek-v4-pro-0813');
    assert.equal(model.label, 'DeepSeek V4 Pro');
    const prompt = buildPrompt({ path: 'a.ts', language: 'typescript', prefix: 'const x = ', suffix: ';\n', multiline: false, snippets: [] });
    const body = completionBody(model, prompt);
    assert.deepEqual(body.messages, [
      { role: 'system', content: SYSTEM_PROMPT },
      prompt.user,
    ]);
    assert.equal(body.model, 'deepseek-v4-pro-0813');
    assert.equal(body.stream, true);
    assert.equal(body.max_completion_tokens, 64);
    assert.deepEqual(body.stop, prompt.stop);
    assert.equal(body.temperature, 0.2);
    assert.deepEqual(body.venice_parameters, { include_venice_system_prompt: false, disable_thinking: true });
    assert.equal(body.tools, undefined);
    sim.enqueueChat({ steps: ['42'] });
    const got = await collect(client.streamChat(body));
    assert.equal(got.error, undefined);
    assert.equal(got.text, '42');
    catalog.dispose();
  });

  it('venice.completions.model wins over the trait; a model without reasoning gets no disable_thinking', async () => {
    const { client } = makeClient(sim);
    const catalog = new ModelCatalog(client);
    const model = await resolveCompletionModel(catalog, 'venice-uncensored-1-2');
    assert.equal(model.id, 'venice-uncensored-1-2');
    const body = completionBody(model, buildPrompt({ path: '', language: 'python', prefix: 'def f(', suffix: '', multiline: true, snippets: [] }));
    assert.deepEqual(body.venice_parameters, { include_venice_system_prompt: false });
    assert.equal(body.max_completion_tokens, 256);
    sim.enqueueChat({ steps: ['x):'] });
    assert.equal((await collect(client.streamChat(body))).error, undefined);
    catalog.dispose();
  });
});

describe('completions: errors from the host bundle', () => {
  it('a VeniceError thrown by another copy of the errors module (the lazy chunk has its own) is still recognised', () => {
    const foreign = Object.assign(new Error('Rate limited'), { name: 'VeniceError', kind: 'rateLimit', retryAfterSeconds: 3 });
    assert.equal(isVeniceError(foreign), true);
    assert.equal(isVeniceError(new Error('plain')), false);
    assert.equal(isVeniceError({ name: 'VeniceError', kind: 'auth' }), false, 'not an Error at all');
  });
});
