import * as assert from 'node:assert/strict';
import { capabilityNames, describeModel, formatDeprecation, formatPrice, formatTokens, isSaneModelId, listableModels, MAX_LISTED_MODELS, safeText } from '../../../src/models/format';
import type { VeniceModel } from '../../../src/venice/types';

const NOW = Date.parse('2026-10-01T00:00:00Z');

function model(id: string, spec: Record<string, unknown> = {}, type = 'text'): VeniceModel {
  return { id, type, model_spec: spec } as VeniceModel;
}

describe('models/format: how models are described in pickers', () => {
  describe('safeText', () => {
    it('removes bidi overrides, zero-width and control characters so a hostile id reads as what it is', () => {
      assert.equal(safeText('gpt-4o\u202Etxt.exe'), 'gpt-4otxt.exe');
      assert.equal(safeText('a\u200Bb\u0000c\u0007d'), 'abcd');
      assert.equal(safeText('tag\udb40\udc41ged'), 'tagged');
      assert.equal(safeText('two\nlines\there'), 'two lines here');
    });

    it('keeps markup as plain text (a QuickPick label never renders HTML)', () => {
      assert.equal(safeText('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
    });

    it('escapes codicon syntax so an id cannot draw icons', () => {
      assert.equal(safeText('$(alert) urgent'), '\\$(alert) urgent');
    });

    it('caps length with an ellipsis (a 50 KB id becomes 80 characters)', () => {
      const out = safeText('x'.repeat(50_000));
      assert.equal(out.length, 80);
      assert.ok(out.endsWith('…'));
    });

    it('shows nothing for non-text values', () => {
      assert.equal(safeText({ toString: () => 'boom' }), '');
      assert.equal(safeText(undefined), '');
    });
  });

  it('formats token counts', () => {
    assert.equal(formatTokens(1_000_000), '1M');
    assert.equal(formatTokens(131_072), '131.1K');
    assert.equal(formatTokens(24_000), '24K');
    assert.equal(formatTokens(512), '512');
    assert.equal(formatTokens(0), undefined);
    assert.equal(formatTokens('lots'), undefined);
  });

  it('formats every pricing shape of the spec', () => {
    assert.equal(formatPrice({ input: { usd: 1.4, diem: 1.4 }, output: { usd: 4.4, diem: 4.4 } }, 'text'), '$1.40 in / $4.40 out per 1M tokens');
    assert.equal(formatPrice({ input: { usd: 3.5, diem: 35 } }, 'tts'), '$3.50 per 1M characters');
    assert.equal(formatPrice({ generation: { usd: 0.01, diem: 0.1 } }, 'image'), '$0.01 per image');
    assert.equal(formatPrice({ resolutions: { '1K': { usd: 0.18 }, '2K': { usd: 0.24 } } }, 'image'), 'from $0.18 per image');
    assert.equal(formatPrice({ upscale: { '2x': { usd: 0.02 }, '4x': { usd: 0.08 } } }, 'upscale'), '$0.02 (2x) / $0.08 (4x)');
    assert.equal(formatPrice({ per_thousand_characters: { usd: 0.01 } }, 'tts'), '$0.01 per 1K characters');
    assert.equal(formatPrice({ input: { usd: 0.0005 }, output: { usd: 0 } }, 'embedding'), '$0.0005 in / $0 out per 1M tokens');
    assert.equal(formatPrice('free', 'text'), undefined);
  });

  it('names capabilities in a fixed order', () => {
    const caps = { supportsReasoning: true, supportsFunctionCalling: true, optimizedForCode: true, supportsVision: false, supportsWebSearch: true };
    assert.deepEqual(capabilityNames({ capabilities: caps }), ['tools', 'web search', 'reasoning', 'code']);
  });

  it('says when a model is deprecated or already retired', () => {
    assert.equal(formatDeprecation({ deprecation: { date: '2026-10-30T13:00:00.000Z' } }, NOW), 'deprecated 2026-10-30');
    assert.equal(formatDeprecation({ deprecation: { date: '2026-08-27T13:00:00.000Z' } }, NOW), 'retired 2026-08-27');
    assert.equal(formatDeprecation({ deprecation: {} }, NOW), 'deprecated');
    assert.equal(formatDeprecation({}, NOW), undefined);
    const scheduled = { deprecation: { date: '2026-10-30T00:00:00.000Z', removesAt: '2026-12-01T00:00:00.000Z', autoRemap: 'kimi-k3' } };
    assert.equal(formatDeprecation(scheduled, NOW), 'deprecated 2026-10-30, removed 2026-12-01 (then kimi-k3)');
    assert.equal(formatDeprecation(scheduled, Date.parse('2026-11-15T00:00:00Z')), 'deprecated, removed 2026-12-01 (then kimi-k3)');
    assert.equal(formatDeprecation(scheduled, Date.parse('2026-12-02T00:00:00Z')), 'retired 2026-12-01 (then kimi-k3)');
  });

  it('describes a text model: name, id, context, max output, capabilities, privacy, price, beta, deprecation', () => {
    const row = describeModel(
      model('zai-org-glm-5-2', {
        name: 'GLM 5.2',
        availableContextTokens: 1_000_000,
        maxCompletionTokens: 24_000,
        privacy: 'private',
        beta: true,
        capabilities: { supportsFunctionCalling: true, supportsReasoning: true, optimizedForCode: true },
        pricing: { input: { usd: 1.4 }, output: { usd: 4.4 } },
        deprecation: { date: '2026-12-01T00:00:00Z' },
      }),
      NOW,
    );
    assert.equal(row.label, 'GLM 5.2');
    assert.equal(row.id, 'zai-org-glm-5-2');
    assert.equal(row.description, 'zai-org-glm-5-2 · 1M context · 24K max output');
    assert.equal(row.detail, 'tools, reasoning, code · private · $1.40 in / $4.40 out per 1M tokens · beta · deprecated 2026-12-01');
    assert.equal(row.deprecated, true);
    assert.equal(row.beta, true);
  });

  it('falls back to context_length and the id when the spec is thin', () => {
    const row = describeModel({ id: 'plain', type: 'text', context_length: 32_768, model_spec: {} } as VeniceModel, NOW);
    assert.equal(row.label, 'plain');
    assert.equal(row.description, 'plain · 32.8K context');
    assert.equal(row.detail, '');
  });

  it('describes a speech model by its voices and price per character', () => {
    const row = describeModel(model('tts-kokoro', { name: 'Kokoro', voices: ['af_sky', 'am_adam'], privacy: 'private', pricing: { input: { usd: 3.5 } } }, 'tts'), NOW);
    assert.equal(row.description, 'tts-kokoro · 2 voices');
    assert.equal(row.detail, 'private · $3.50 per 1M characters');
  });

  it('shows a hostile id only as capped plain text, and its real id separately', () => {
    const hostile = `<img src=x onerror=alert(1)>\u202E${'A'.repeat(100)}`;
    const row = describeModel(model(hostile, { name: '$(flame) Totally Safe' }), NOW);
    assert.ok(!row.idText.includes('\u202E'));
    assert.ok(row.idText.length <= 80);
    assert.equal(row.label, '\\$(flame) Totally Safe');
    assert.equal(row.id, hostile, 'the real id is kept apart for the (refused) save');
    assert.equal(isSaneModelId(row.id), false);
  });

  it('lists only usable models, deprecated ones last, and at most 500 of 10 000', () => {
    const list = listableModels([
      model('old', { deprecation: { date: '2026-12-01' } }),
      model('off', { offline: true }),
      model('new', {}),
      { id: '', type: 'text', model_spec: {} } as VeniceModel,
    ]);
    assert.deepEqual(list.map((m) => m.id), ['new', 'old']);
    const many = Array.from({ length: 10_000 }, (_, i) => model(`m${i}`));
    assert.equal(listableModels(many).length, MAX_LISTED_MODELS);
  });

  it('accepts only ordinary model ids for saving to settings', () => {
    for (const ok of ['zai-org-glm-5-2', 'llama-3.3-70b', 'qwen/qwen3:free', 'model@v1']) assert.equal(isSaneModelId(ok), true, ok);
    for (const bad of ['', 'has space', 'a\u202Eb', '<script>', 'x'.repeat(201), 42]) assert.equal(isSaneModelId(bad), false, String(bad));
  });
});
