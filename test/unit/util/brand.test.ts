// A lazily loaded chunk carries its own copy of each error class; instanceof must still hold across copies.
import * as assert from 'node:assert/strict';
import { MediaInputError } from '../../../src/images/errors';
import { ToolError } from '../../../src/tools/dispatcher';
import { brand, hasBrand } from '../../../src/util/brand';
import { VeniceError } from '../../../src/venice/errors';

describe('util/brand: instanceof across bundle copies', () => {
  it('an error made by another copy of the class (same mark) is an instance; look-alikes are not', () => {
    // What a chunk's copy of VeniceError makes: another class object, the same global mark.
    class ChunkCopy extends Error {
      readonly kind = 'payment';
      constructor() {
        super('Your Venice balance is empty.');
        brand(this, 'VeniceError');
      }
    }
    assert.ok(new ChunkCopy() instanceof VeniceError);
    assert.ok(new VeniceError({ kind: 'cancelled', message: 'x' }) instanceof VeniceError);
    assert.ok(new MediaInputError('x') instanceof MediaInputError);
    assert.ok(new ToolError('x') instanceof ToolError);
    assert.equal(new Error('x') instanceof VeniceError, false);
    assert.equal(new ToolError('x') instanceof MediaInputError, false);
    assert.equal(Object.assign(new Error('x'), { name: 'VeniceError', kind: 'auth' }) instanceof VeniceError, false, 'a name is not a mark');
    assert.equal(hasBrand(null, 'VeniceError'), false);
    assert.equal(Object.keys(new VeniceError({ kind: 'auth', message: 'x' })).some((k) => k.includes('venice.')), false, 'the mark is not enumerable');
  });
});
