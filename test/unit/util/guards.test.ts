import * as assert from 'node:assert/strict';
import { asRecord, isRecord } from '../../../src/util/guards';

describe('isRecord / asRecord (the one "is a JSON object" guard)', () => {
  it('accepts plain objects, including ones without a prototype', () => {
    assert.equal(isRecord({}), true);
    assert.equal(isRecord({ a: 1 }), true);
    assert.equal(isRecord(Object.create(null)), true);
  });

  it('refuses null, arrays and every primitive', () => {
    for (const v of [null, undefined, [], [1], 'x', 0, true, Symbol('s'), 10n]) assert.equal(isRecord(v), false, String(v));
  });

  it('asRecord returns the same object, or undefined, so optional chaining reads safely', () => {
    const o = { id: 'x' };
    assert.equal(asRecord(o), o);
    assert.equal(asRecord([o]), undefined);
    assert.equal(asRecord('{"id":"x"}')?.id, undefined);
  });
});
