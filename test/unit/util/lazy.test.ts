import * as assert from 'node:assert/strict';
import { lazy } from '../../../src/util/lazy';

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
