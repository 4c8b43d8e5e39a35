import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/llm/modelCatalog';
import { VeniceError } from '../../../src/venice/errors';
import type { VeniceModel } from '../../../src/venice/types';

function model(id: string, context = 32_000): VeniceModel {
  return { id, type: 'text', model_spec: { name: id, availableContextTokens: context, maxCompletionTokens: 4_000 } };
}

/** A scripted GET /models: each call takes the next answer (a list or an error). */
function scripted(...answers: Array<VeniceModel[] | Error>) {
  const calls = { n: 0 };
  const list = async (): Promise<VeniceModel[]> => {
    const a = answers[Math.min(calls.n++, answers.length - 1)];
    if (a instanceof Error) throw a;
    return a;
  };
  return { list, calls };
}

/** The catalogue's API with only GET /models scripted (these tests are about the text list). */
function listing(list: () => Promise<VeniceModel[]>) {
  return { listModels: list, modelTraits: async () => ({}), compatibilityMapping: async () => ({}) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out');
    await sleep(2);
  }
}

describe('lm: the shared model list', () => {
  it('fetches once, then serves the cache until it expires', async () => {
    const s = scripted([model('a')], [model('a'), model('b')]);
    const catalog = new ModelCatalog(listing(s.list), { ttlMs: 40 });
    assert.deepEqual((await catalog.get('text')).map((m) => m.id), ['a']);
    await catalog.get('text');
    assert.equal(s.calls.n, 1);
    await sleep(50);
    assert.deepEqual((await catalog.get('text')).map((m) => m.id), ['a', 'b']);
    assert.equal(s.calls.n, 2);
    catalog.dispose();
  });

  it('shares one request between callers asking at the same time', async () => {
    const s = scripted([model('a')]);
    const catalog = new ModelCatalog(listing(s.list));
    await Promise.all([catalog.get('text'), catalog.get('text'), catalog.find('text', 'a')]);
    assert.equal(s.calls.n, 1);
    catalog.dispose();
  });

  it('fires on invalidation and when a refresh finds a different list, not when nothing changed', async () => {
    const s = scripted([model('a')], [model('a')], [model('a', 64_000)]);
    const catalog = new ModelCatalog(listing(s.list), { ttlMs: 0 });
    let fired = 0;
    catalog.onDidChange(() => fired++);
    await catalog.get('text');
    assert.equal(fired, 0, 'the first list is not a change');
    await catalog.get('text');
    assert.equal(fired, 0, 'the same list again is not a change');
    await catalog.get('text');
    assert.equal(fired, 1, 'new limits are a change');
    catalog.invalidate('the API key changed');
    assert.equal(fired, 2);
    assert.equal(catalog.peek('text'), undefined);
    catalog.dispose();
  });

  it('does not let a listing started before an invalidation fill the cache', async () => {
    let release!: (v: VeniceModel[]) => void;
    let n = 0;
    const catalog = new ModelCatalog(listing(() => (++n === 1 ? new Promise<VeniceModel[]>((r) => (release = r)) : Promise.resolve([model('new-key-model')]))));
    const old = catalog.get('text');
    catalog.invalidate('the API key changed');
    release([model('old-key-model')]);
    await old;
    assert.deepEqual((await catalog.get('text')).map((m) => m.id), ['new-key-model']);
    catalog.dispose();
  });

  it('retries a failed listing, backing off, and fires once models are back', async () => {
    const down = new VeniceError({ kind: 'network', message: 'Could not reach Venice: the connection was refused.' });
    const s = scripted(down, down, [model('a')]);
    const at: number[] = [];
    const catalog = new ModelCatalog(
      listing(() => {
        at.push(Date.now());
        return s.list();
      }),
      { retryFirstMs: 20, retryMaxMs: 1000 },
    );
    let fired = 0;
    catalog.onDidChange(() => fired++);
    await assert.rejects(catalog.get('text'), /connection was refused/);
    catalog.retryLater();
    catalog.retryLater(); // one timer at a time
    await waitFor(() => fired === 1);
    assert.equal(s.calls.n, 3, 'two retries: the first fails, the second works');
    assert.ok(at[1] - at[0] >= 18, `first retry after ~20 ms (${at[1] - at[0]})`);
    assert.ok(at[2] - at[1] >= 38, `second retry after a doubled delay (${at[2] - at[1]})`);
    assert.deepEqual(catalog.peek('text')?.map((m) => m.id), ['a']);
    catalog.dispose();
  });

  it('stops retrying when disposed', async () => {
    const s = scripted(new Error('down'));
    const catalog = new ModelCatalog(listing(s.list), { retryFirstMs: 5 });
    await assert.rejects(catalog.get('text'));
    catalog.retryLater();
    catalog.dispose();
    await sleep(20);
    assert.equal(s.calls.n, 1);
  });

  it('passes thisArgs and collects subscriptions like vscode.Event', () => {
    const catalog = new ModelCatalog(listing(async () => []));
    const subs: Array<{ dispose(): void }> = [];
    const target = { hits: 0 };
    catalog.onDidChange(function (this: typeof target) {
      this.hits++;
    }, target, subs);
    catalog.invalidate('test');
    assert.equal(target.hits, 1);
    subs[0].dispose();
    catalog.invalidate('test');
    assert.equal(target.hits, 1);
    catalog.dispose();
  });
});
