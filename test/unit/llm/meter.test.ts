// The cost and context meter's arithmetic and the planner's prompt caching: prices from /models,
// a cost Venice left out, what the cache saved, and the cache key and breakpoints every surface sends.
import * as assert from 'node:assert/strict';
import { cacheSavingUsd, costFromPricing, supportsPromptCache, tokenPricingOf } from '../../../src/llm/cost';
import { fitRequest, planRequest, type TurnSettings } from '../../../src/llm/planner';
import { MAX_CACHE_BREAKPOINTS } from '../../../src/llm/promptCache';
import { answerUsage, largestUsage } from '../../../src/llm/usage';
import type { ChatMessage, VeniceModel } from '../../../src/venice/types';
import { textModel } from '../chat/fakes';

const PRICES = { input: { usd: 3, diem: 3 }, output: { usd: 15, diem: 15 }, cache_input: { usd: 0.3, diem: 0.3 }, cache_write: { usd: 3.75, diem: 3.75 } };
const CACHED = textModel('claude-sonnet-4-6', { availableContextTokens: 200_000, pricing: PRICES });
const PLAIN = textModel('zai-org-glm-5-2', { availableContextTokens: 200_000, pricing: { input: { usd: 1.4, diem: 1.4 }, output: { usd: 4.4, diem: 4.4 } } });

const close = (a: number | undefined, b: number, what: string): void => assert.ok(a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

function settings(model: VeniceModel, systemPrompt = 'Be brief.'): TurnSettings {
  return { model: model.id, resolvedModel: model.id, modelInfo: model, systemPrompt, includeVeniceSystemPrompt: false, webSearch: 'off', character: '', maxToolRounds: 5 };
}

/** A conversation of `turns` questions with an answer after each but the last. */
function history(turns: number): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 1; i <= turns; i++) {
    out.push({ role: 'user', content: `Question ${i}` });
    if (i < turns) out.push({ role: 'assistant', content: `Answer ${i}` });
  }
  return out;
}

const marked = (m: ChatMessage): boolean => Array.isArray(m.content) && m.content.some((p) => p.type === 'text' && p.cache_control?.type === 'ephemeral');

describe('meter: prices from /models', () => {
  it('reads input, output and cache prices, and ignores what is not a price', () => {
    assert.deepEqual(tokenPricingOf(CACHED), { input: PRICES.input, output: PRICES.output, cacheInput: PRICES.cache_input, cacheWrite: PRICES.cache_write });
    assert.equal(supportsPromptCache(CACHED), true);
    assert.equal(supportsPromptCache(PLAIN), false);
    assert.equal(tokenPricingOf(textModel('x', { pricing: { input: { usd: -1 }, output: { usd: 2 } } })), undefined);
    assert.equal(tokenPricingOf(textModel('x', { pricing: { generation: { usd: 0.01 } } })), undefined);
    assert.equal(supportsPromptCache(textModel('x', { pricing: { ...PRICES, cache_input: { usd: 'cheap' } } })), false);
  });

  it('prices a response: cache reads and writes at their own rates, the rest at input and output', () => {
    const cost = costFromPricing({ prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200, prompt_tokens_details: { cached_tokens: 400, cache_creation_input_tokens: 100 } }, tokenPricingOf(CACHED)!);
    close(cost.usd, (500 * 3 + 400 * 0.3 + 100 * 3.75 + 200 * 15) / 1e6, 'usd');
    close(cacheSavingUsd(400, tokenPricingOf(CACHED)), (400 * (3 - 0.3)) / 1e6, 'saving');
    assert.equal(cacheSavingUsd(400, tokenPricingOf(PLAIN)), 0, 'no cache prices, no saving');
  });

  it("an answer without Venice's cost is priced from /models and marked as an estimate; Venice's own cost wins", () => {
    const pricing = tokenPricingOf(CACHED);
    const estimated = answerUsage(undefined, { usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 } }, pricing);
    close(estimated.costUsd, (1000 * 3 + 100 * 15) / 1e6, 'estimate');
    assert.equal(estimated.costEstimated, true);
    const reported = answerUsage(undefined, { usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 }, cost: { usd: 0.001, diem: 0 } }, pricing);
    assert.equal(reported.costUsd, 0.001);
    assert.equal(reported.costEstimated, undefined);
  });

  it('sums cached tokens and their saving over the tool rounds of one answer', () => {
    const pricing = tokenPricingOf(CACHED);
    const round1 = answerUsage(undefined, { usage: { prompt_tokens: 1000, completion_tokens: 10, total_tokens: 1010, prompt_tokens_details: { cached_tokens: 800 } }, cost: { usd: 0.001 } }, pricing);
    const both = answerUsage(round1, { usage: { prompt_tokens: 1200, completion_tokens: 20, total_tokens: 1220, prompt_tokens_details: { cached_tokens: 1000 } }, cost: { usd: 0.002 } }, pricing);
    assert.equal(both.cachedTokens, 1800);
    close(both.savedUsd, (1800 * 2.7) / 1e6, 'saved');
    close(both.costUsd, 0.003, 'cost');
  });

  it('a running total repeated in every chunk keeps its largest cache figures, never their sum', () => {
    let kept = largestUsage(undefined, { usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11, prompt_tokens_details: { cached_tokens: 8, cache_creation_input_tokens: 2 } } });
    kept = largestUsage(kept, { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 8, cache_creation_input_tokens: 2 } } });
    assert.deepEqual(kept.usage, { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 8, cache_creation_input_tokens: 2 } });
  });
});

describe('meter: the planner marks the stable prefix for prompt caching', () => {
  it('a model with cache prices: a cache key, the system prompt and the last two questions marked, at most 4 marks', () => {
    const { body } = fitRequest(planRequest(settings(CACHED), []), history(6));
    assert.match(body.prompt_cache_key ?? '', /^vscode-venice-[0-9a-f]{32}$/);
    const marks = body.messages.flatMap((m, i) => (marked(m) ? [i] : []));
    assert.deepEqual(marks, [0, 9, 11], 'system, the previous question, the newest question');
    assert.ok(marks.length <= MAX_CACHE_BREAKPOINTS);
    // The text is unchanged: only a mark was added.
    const first = body.messages[0];
    assert.deepEqual(first, { role: 'system', content: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }] });
  });

  it('the cache key stays the same for the whole conversation and differs between conversations', () => {
    const plan = planRequest(settings(CACHED), []);
    const key = (h: ChatMessage[]): string | undefined => fitRequest(plan, h).body.prompt_cache_key;
    assert.equal(key(history(2)), key(history(7)));
    assert.notEqual(key(history(2)), key([{ role: 'user', content: 'Another chat' }]));
  });

  it('a model without cache prices gets neither a key nor marks (the body is as before)', () => {
    const { body } = fitRequest(planRequest(settings(PLAIN), []), history(3));
    assert.equal(body.prompt_cache_key, undefined);
    assert.ok(body.messages.every((m) => typeof m.content === 'string'));
  });

  it('questions with images keep their image parts; the mark goes on the text part', () => {
    const vision = textModel('claude-sonnet-4-6', { pricing: PRICES, capabilities: { supportsVision: true } });
    const h: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }];
    const { body } = fitRequest(planRequest(settings(vision, ''), []), h);
    assert.deepEqual(body.messages[0], { role: 'user', content: [{ type: 'text', text: 'What is this?', cache_control: { type: 'ephemeral' } }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] });
  });
});
