import * as assert from 'node:assert/strict';
import { lazy, lazyObject } from '../../../src/util/lazy';

describe('lazy (how a feature in a lazy chunk is built on first use)', () => {
  it('builds nothing until asked, then once, and hands out the same value', () => {
    let builds = 0;
    const get = lazy(() => ({ n: ++builds }));
    assert.equal(builds, 0);
    const first = get();
    assert.equal(get(), first);
    assert.equal(builds, 1);
  });

  it('builds again after a build that threw (a failed load is not remembered)', () => {
    let calls = 0;
    const get = lazy(() => {
      if (++calls === 1) throw new Error('chunk missing');
      return 'ok';
    });
    assert.throws(get, /chunk missing/);
    assert.equal(get(), 'ok');
  });
});

describe('lazyObject (the services handed to features at activation, built on first call)', () => {
  class Counter {
    count = 0;
    add(n: number): number {
      this.count += n;
      return this.count;
    }
  }

  it('builds nothing until a member is used, then once; methods work unbound like on the instance', () => {
    let builds = 0;
    const lazyCounter = lazyObject(() => {
      builds++;
      return new Counter();
    });
    const counter = lazyCounter.proxy;
    assert.equal(builds, 0);
    assert.equal(lazyCounter.ifBuilt(), undefined, 'peeking does not build');
    const add = counter.add;
    assert.equal(builds, 1);
    assert.equal(add(2), 2, 'a method taken off the stand-in keeps its instance');
    assert.equal(counter.add(3), 5);
    assert.equal(counter.count, 5);
    assert.equal(builds, 1);
    assert.equal(lazyCounter.ifBuilt()?.count, 5);
  });

  it('can be awaited or returned from an async function without building (no `then` is read from the instance)', async () => {
    let builds = 0;
    const lazyCounter = lazyObject(() => {
      builds++;
      return new Counter();
    });
    const same = await (async () => lazyCounter.proxy)();
    assert.equal(same, lazyCounter.proxy);
    assert.equal(builds, 0);
  });

  it('tries the build again on the next use after one that threw (a chunk that failed to load)', () => {
    let calls = 0;
    const lazyCounter = lazyObject(() => {
      if (++calls === 1) throw new Error('chunk missing');
      return new Counter();
    });
    assert.throws(() => lazyCounter.proxy.add(1), /chunk missing/);
    assert.equal(lazyCounter.proxy.add(1), 1);
  });
});
