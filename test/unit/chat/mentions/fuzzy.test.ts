import * as assert from 'node:assert/strict';
import { fuzzyScore, rankPaths } from '../../../../src/chat/mentions/fuzzy';

describe('chat/mentions/fuzzy', () => {
  const files = ['src/generated/rest.ts', 'src/greet.ts', 'README.md', 'test/greet.test.ts', 'src/app.ts', 'docs/getting-started.md'];

  it('needs every query character, in order', () => {
    assert.equal(fuzzyScore('xyz', 'src/greet.ts'), undefined);
    assert.notEqual(fuzzyScore('gt', 'src/greet.ts'), undefined);
    assert.equal(fuzzyScore('tg', 'src/gt.ts'), undefined);
    assert.equal(fuzzyScore('teerg', 'src/greet.ts'), undefined);
  });

  it('ranks file-name and word-start matches first, and prefixes of the name above all', () => {
    assert.deepEqual(rankPaths('greet', files, 2), ['src/greet.ts', 'test/greet.test.ts']);
    assert.equal(rankPaths('grts', files, 1)[0], 'src/greet.ts');
    assert.equal(rankPaths('app', files, 1)[0], 'src/app.ts');
    assert.equal(rankPaths('readme', files, 1)[0], 'README.md', 'case does not matter');
  });

  it('an empty query lists files (shortest first) and the answer is capped', () => {
    assert.deepEqual(rankPaths('', files, 2), ['README.md', 'src/app.ts']);
    assert.equal(rankPaths('s', files, 4).length, 4);
  });

  it('ranks 20,000 paths quickly enough to run on every pause in typing', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `packages/pkg${i % 50}/src/module${i}/file${i}.ts`);
    const t0 = performance.now();
    const top = rankPaths('module1999', many, 20);
    const ms = performance.now() - t0;
    assert.equal(top[0], 'packages/pkg49/src/module1999/file1999.ts');
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
  });
});
