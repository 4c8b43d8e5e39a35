import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/llm/modelCatalog';
import { resolveModelWith } from '../../../src/llm/modelResolve';
import { VeniceError } from '../../../src/venice/errors';
import type { CallOptions } from '../../../src/venice/api';
import type { ModelType, VeniceModel } from '../../../src/venice/types';

/** A fake of the three catalogue calls, counting requests and answering from tables. */
class FakeApi {
  calls: string[] = [];
  fail: VeniceError | undefined;
  models: Record<string, VeniceModel[]> = {
    text: [{ id: 'zai-org-glm-5-2', type: 'text', model_spec: { name: 'GLM' } }],
    image: [{ id: 'z-image-turbo', type: 'image', model_spec: {} }],
  };
  traitMap: Record<string, Record<string, string>> = { text: { default: 'zai-org-glm-5-2', default_code: 'deepseek-v4-pro-0813' }, image: { default: 'qwen-image' } };
  aliasMap: Record<string, Record<string, string>> = { text: { 'gpt-4o': 'zai-org-glm-5-2' }, tts: { 'tts-1': 'tts-kokoro' } };
  gate: Promise<void> | undefined;

  private async answer<T>(what: string, value: T, opts?: CallOptions): Promise<T> {
    this.calls.push(what);
    if (this.gate) await this.gate;
    if (opts?.signal?.aborted) throw new VeniceError({ kind: 'cancelled', message: 'cancelled' });
    if (this.fail) throw this.fail;
    return value;
  }
  listModels = (type: ModelType = 'text', opts?: CallOptions) => this.answer(`models:${type}`, this.models[type] ?? [], opts);
  modelTraits = (type: ModelType = 'text', opts?: CallOptions) => this.answer(`traits:${type}`, this.traitMap[type] ?? {}, opts);
  compatibilityMapping = (type: ModelType = 'text', opts?: CallOptions) => this.answer(`aliases:${type}`, this.aliasMap[type] ?? {}, opts);
}

describe('models/catalog: the shared, short-lived model cache', () => {
  let api: FakeApi;
  let now: number;
  let scope: string;
  let catalog: ModelCatalog;

  beforeEach(() => {
    api = new FakeApi();
    now = 1_000_000;
    scope = 'https://api.venice.ai/api/v1';
    catalog = new ModelCatalog(api, { ttlMs: 300_000, now: () => now, scope: () => scope });
  });

  it('asks Venice once per type within five minutes, then again', async () => {
    await catalog.get('text');
    await catalog.get('text');
    await catalog.get('image');
    assert.deepEqual(api.calls, ['models:text', 'models:image']);
    now += 299_000;
    await catalog.get('text');
    assert.equal(api.calls.length, 2);
    now += 2_000;
    await catalog.get('text');
    assert.deepEqual(api.calls, ['models:text', 'models:image', 'models:text']);
  });

  it('shares one request between callers that ask at the same time', async () => {
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const a = catalog.get('text');
    const b = catalog.get('text');
    open();
    assert.equal(await a, await b);
    assert.deepEqual(api.calls, ['models:text']);
  });

  it('refreshes on demand (the picker\'s Refresh button)', async () => {
    await catalog.get('text');
    await catalog.get('text', { refresh: true });
    assert.deepEqual(api.calls, ['models:text', 'models:text']);
  });

  it('never caches a failure: the next call asks again', async () => {
    api.fail = new VeniceError({ kind: 'network', message: 'offline' });
    await assert.rejects(catalog.get('text'), /offline/);
    api.fail = undefined;
    const models = await catalog.get('text');
    assert.equal(models[0]?.id, 'zai-org-glm-5-2');
    assert.deepEqual(api.calls, ['models:text', 'models:text']);
  });

  it('forgets everything when the base URL (scope) changes or refresh() is called (key changed)', async () => {
    await catalog.get('text');
    scope = 'http://127.0.0.1:9/api/v1';
    await catalog.get('text');
    assert.equal(api.calls.length, 2);
    catalog.refresh();
    assert.equal(catalog.peek('text'), undefined);
    await catalog.get('text');
    assert.equal(api.calls.length, 3);
  });

  it('does not store an answer that arrives after a refresh (it may belong to the old key)', async () => {
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const stale = catalog.get('text');
    catalog.refresh();
    open();
    await stale;
    api.gate = undefined;
    assert.equal(catalog.peek('text'), undefined);
  });

  it('tells listeners when it was emptied', async () => {
    let told = 0;
    const sub = catalog.onDidRefresh(() => told++);
    catalog.refresh();
    sub.dispose();
    catalog.refresh();
    assert.equal(told, 1);
  });

  describe('resolveModel', () => {
    it('uses the default trait when the setting is empty', async () => {
      assert.deepEqual(await resolveModelWith(catalog, 'text', ''), { id: 'zai-org-glm-5-2', source: 'defaultTrait' });
      assert.deepEqual(await resolveModelWith(catalog, 'image', '  '), { id: 'qwen-image', source: 'defaultTrait' });
    });

    it('maps compatibility aliases and trait names users type', async () => {
      assert.deepEqual(await resolveModelWith(catalog, 'text', 'gpt-4o'), { id: 'zai-org-glm-5-2', source: 'alias' });
      assert.deepEqual(await resolveModelWith(catalog, 'text', 'GPT-4o'), { id: 'zai-org-glm-5-2', source: 'alias' });
      assert.deepEqual(await resolveModelWith(catalog, 'text', 'default_code'), { id: 'deepseek-v4-pro-0813', source: 'trait' });
      assert.deepEqual(await resolveModelWith(catalog, 'tts', 'tts-1'), { id: 'tts-kokoro', source: 'alias' });
    });

    it('keeps an id it does not know as typed (Venice decides)', async () => {
      assert.deepEqual(await resolveModelWith(catalog, 'text', 'llama-3.3-70b'), { id: 'llama-3.3-70b', source: 'setting' });
    });

    it('does not let names such as "constructor" reach into the object prototype', async () => {
      assert.deepEqual(await resolveModelWith(catalog, 'text', 'constructor'), { id: 'constructor', source: 'setting' });
    });

    it('falls back to the documented defaults when Venice cannot be asked', async () => {
      api.fail = new VeniceError({ kind: 'network', message: 'offline' });
      assert.deepEqual(await resolveModelWith(catalog, 'image', ''), { id: 'z-image-turbo', source: 'fallback' });
      assert.deepEqual(await resolveModelWith(catalog, 'tts', ''), { id: 'tts-kokoro', source: 'fallback' });
      assert.deepEqual(await resolveModelWith(catalog, 'inpaint', ''), { id: 'firered-image-edit', source: 'fallback' });
      assert.deepEqual(await resolveModelWith(catalog, 'text', 'my-model'), { id: 'my-model', source: 'setting' });
    });

    it('passes cancellation through instead of falling back', async () => {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(resolveModelWith(catalog, 'image', '', { signal: ac.signal }), (e: unknown) => e instanceof VeniceError && e.kind === 'cancelled');
    });
  });
});
