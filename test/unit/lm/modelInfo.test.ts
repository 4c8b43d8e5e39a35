import * as assert from 'node:assert/strict';
import { FALLBACK_CONTEXT_TOKENS, toChatModelInfo, toChatModelInfos, tokenLimits } from '../../../src/lm/modelInfo';
import type { VeniceModel } from '../../../src/venice/types';

function model(id: string, spec: VeniceModel['model_spec'] = {}, extra: Partial<VeniceModel> = {}): VeniceModel {
  return { id, type: 'text', object: 'model', model_spec: spec, ...extra };
}

describe('lm: Venice models as VS Code chat models', () => {
  it('maps name, limits and capabilities from model_spec', () => {
    const info = toChatModelInfo(
      model('zai-org-glm-5-2', {
        name: 'GLM 5.2',
        description: 'A capable\nmodel.',
        availableContextTokens: 200_000,
        maxCompletionTokens: 24_000,
        privacy: 'private',
        capabilities: { supportsFunctionCalling: true, supportsVision: false },
      }),
    );
    assert.ok(info);
    assert.equal(info.id, 'zai-org-glm-5-2');
    assert.equal(info.name, 'GLM 5.2');
    assert.equal(info.family, 'zai-org-glm-5-2');
    assert.equal(info.maxOutputTokens, 24_000);
    assert.equal(info.maxInputTokens, 200_000 - 24_000, 'the answer keeps its room in the shared window');
    assert.deepEqual(info.capabilities, { toolCalling: true, imageInput: false });
    assert.equal(info.tooltip, 'A capable model.');
    assert.equal(info.detail, 'private');
  });

  it('reads vision as image input', () => {
    const info = toChatModelInfo(model('qwen-vl', { availableContextTokens: 32_000, maxCompletionTokens: 4_000, capabilities: { supportsVision: true } }));
    assert.deepEqual(info?.capabilities, { toolCalling: false, imageInput: true });
  });

  it('falls back to context_length, and keeps at least half the window for input', () => {
    const limits = tokenLimits(model('x', { maxCompletionTokens: 100_000 }, { context_length: 128_000 }));
    assert.equal(limits.maxOutputTokens, 100_000);
    assert.equal(limits.maxInputTokens, 64_000);
  });

  it('uses small, safe limits when Venice gives none', () => {
    const limits = tokenLimits(model('bare'));
    assert.equal(limits.maxInputTokens + Math.min(limits.maxOutputTokens, FALLBACK_CONTEXT_TOKENS / 2), FALLBACK_CONTEXT_TOKENS);
    assert.ok(limits.maxOutputTokens >= 1 && limits.maxOutputTokens <= FALLBACK_CONTEXT_TOKENS / 4);
  });

  it('ignores nonsense limits (negative, NaN, strings)', () => {
    const limits = tokenLimits(model('odd', { availableContextTokens: -5, maxCompletionTokens: Number.NaN }, { context_length: 'big' as unknown as number }));
    assert.ok(limits.maxInputTokens > 0 && limits.maxOutputTokens > 0);
    assert.ok(limits.maxInputTokens + limits.maxOutputTokens <= FALLBACK_CONTEXT_TOKENS);
  });

  it('leaves out offline, E2EE-only and non-text models, and repeated ids', () => {
    const infos = toChatModelInfos([
      model('a', { availableContextTokens: 1000, maxCompletionTokens: 100 }),
      model('offline', { offline: true }),
      model('e2ee-glm-5-2-p'),
      model('secret', { capabilities: { supportsE2EE: true } }),
      model('flux', {}, { type: 'image' }),
      model('a', { availableContextTokens: 5, maxCompletionTokens: 1 }),
      model('b'),
    ]);
    assert.deepEqual(
      infos.map((i) => i.id),
      ['a', 'b'],
    );
    assert.equal(infos[0].maxInputTokens, 900, 'the first copy of a repeated id wins');
  });

  it('uses the id as the name when the name is missing', () => {
    assert.equal(toChatModelInfo(model('llama-3.3-70b'))?.name, 'llama-3.3-70b');
  });
});
