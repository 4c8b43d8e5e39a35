// Characters: how one is shown (name, description and rating as text), slug checks, and the
// picker's state (debounced search, paging with "load more", stale answers dropped).
import * as assert from 'node:assert/strict';
import { CharacterBrowser, type BrowserTimers, type BrowserView } from '../../../src/characters/browser';
import { characterRow, isValidSlug, ratingText } from '../../../src/characters/format';
import type { CallOptions } from '../../../src/venice/api';
import type { Character, CharacterQuery } from '../../../src/venice/types';

const make = (i: number, extra: Partial<Character> = {}): Character => ({ slug: `c${i}`, name: `Character ${i}`, description: `Description ${i}`, ...extra });

class FakeTimers implements BrowserTimers {
  private next = 1;
  readonly pending = new Map<number, () => void>();
  setTimeout(fn: () => void): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(h: unknown): void {
    this.pending.delete(h as number);
  }
  fire(): void {
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const f of fns) f();
  }
}

describe('venice-only characters: formatting', () => {
  it('shows name, description and rating as single-line bounded text', () => {
    const row = characterRow(make(1, { name: 'Alan\nWatts\u0007', description: 'Zen <b>talks</b>\r\nand more '.repeat(30), stats: { averageRating: 4.64, ratingCount: 1234 }, tags: ['philosophy', 'zen'], adult: false, webEnabled: true }));
    assert.equal(row.label, 'Alan Watts');
    assert.equal(row.description, '★ 4.6 (1.2k ratings) · philosophy, zen · web search');
    assert.ok(row.detail.startsWith('Zen <b>talks</b> and more'), 'kept as text, line breaks flattened');
    assert.ok(row.detail.length <= 200 && row.detail.endsWith('…'));
    assert.equal(characterRow(make(2, { description: null })).detail, '(no description)');
    assert.equal(ratingText(make(3)), '');
    assert.equal(ratingText(make(4, { stats: { averageRating: 5, ratingCount: 1 } })), '★ 5.0 (1 rating)');
    assert.match(characterRow(make(5, { adult: true })).description, /adult/);
  });

  it('accepts Venice slugs and refuses anything that could address another route', () => {
    for (const ok of ['alan-watts', 'sql_sage', 'v2.1', 'A']) assert.equal(isValidSlug(ok), true, ok);
    for (const bad of ['', '..', '.', '../x', 'a/b', 'a b', '-x', 'x?y', 'é']) assert.equal(isValidSlug(bad), false, bad);
  });
});

describe('venice-only characters: picker state', () => {
  function setup(total: number, pageSize = 3) {
    const all = Array.from({ length: total }, (_, i) => make(i));
    const calls: CharacterQuery[] = [];
    const resolvers: Array<() => void> = [];
    let manual = false;
    const api = (q: CharacterQuery, o: CallOptions): Promise<Character[]> => {
      calls.push(q);
      const found = all.filter((c) => !q.search || c.name.includes(q.search));
      const page = found.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50));
      if (!manual) return Promise.resolve(page);
      return new Promise((resolve, reject) => {
        resolvers.push(() => (o.signal?.aborted ? reject(new Error('aborted')) : resolve(page)));
      });
    };
    const views: BrowserView[] = [];
    const timers = new FakeTimers();
    const browser = new CharacterBrowser(api, (v) => views.push(v), { pageSize, debounceMs: 300, timers });
    return { browser, calls, views, timers, resolvers, setManual: () => (manual = true), last: () => views[views.length - 1] };
  }

  it('pages with "load more" until Venice returns a short page', async () => {
    const h = setup(7);
    await h.browser.start();
    assert.deepEqual(h.last().characters.map((c) => c.slug), ['c0', 'c1', 'c2']);
    assert.equal(h.last().hasMore, true);
    await h.browser.loadMore();
    await h.browser.loadMore();
    assert.deepEqual(h.last().characters.map((c) => c.slug), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    assert.equal(h.last().hasMore, false, 'a page of 1 < 3 ends the list');
    await h.browser.loadMore();
    assert.deepEqual(h.calls.map((c) => c.offset), [0, 3, 6], 'no request after the last page');
    assert.ok(h.calls.every((c) => c.limit === 3 && c.search === undefined));
  });

  it('searches once after typing pauses (debounced), from the first page', async () => {
    const h = setup(20);
    await h.browser.start();
    h.browser.setQuery('C');
    h.browser.setQuery('Ch');
    h.browser.setQuery('Character 1');
    assert.equal(h.calls.length, 1, 'nothing sent while typing');
    h.timers.fire();
    await new Promise((r) => setImmediate(r));
    assert.equal(h.calls.length, 2);
    assert.deepEqual(h.calls[1], { search: 'Character 1', limit: 3, offset: 0 });
    assert.deepEqual(h.last().characters.map((c) => c.slug), ['c1', 'c10', 'c11']);
  });

  it('drops the answer of an older search that arrives after a newer one', async () => {
    const h = setup(20);
    h.setManual();
    const first = h.browser.start();
    h.browser.setQuery('Character 2');
    h.timers.fire();
    const [older, newer] = h.resolvers;
    newer();
    await new Promise((r) => setImmediate(r));
    older();
    await first;
    assert.deepEqual(h.last().characters.map((c) => c.slug), ['c2']);
    assert.equal(h.last().query, 'Character 2');
  });

  it('keeps what was loaded when a page fails, and reports the error', async () => {
    const h = setup(10);
    await h.browser.start();
    const failing = new CharacterBrowser(async (q) => (q.offset ? Promise.reject(new Error('boom')) : [make(0), make(1), make(2)]), (v) => h.views.push(v), { pageSize: 3, timers: h.timers });
    await failing.start();
    await failing.loadMore();
    assert.equal(h.last().characters.length, 3);
    assert.match(String((h.last().error as Error).message), /boom/);
  });
});
