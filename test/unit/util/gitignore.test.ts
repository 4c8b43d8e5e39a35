import * as assert from 'node:assert/strict';
import { GitIgnoreRules } from '../../../src/util/gitignore';

describe('venice-only semantic: .gitignore rules', () => {
  it('applies root rules (directories, globs, negation) like git', () => {
    const rules = new GitIgnoreRules();
    rules.add('.gitignore', 'node_modules/\n*.log\n!keep.log\n/build\n# comment\n');
    assert.equal(rules.ignores('node_modules/x/index.js'), true);
    assert.equal(rules.ignores('src/node_modules/y.js'), true);
    assert.equal(rules.ignores('debug.log'), true);
    assert.equal(rules.ignores('keep.log'), false);
    assert.equal(rules.ignores('build/out.js'), true);
    assert.equal(rules.ignores('src/build/out.js'), false, '/build is anchored to the root');
    assert.equal(rules.ignores('src/app.ts'), false);
  });

  it('applies a nested .gitignore only below its folder, relative to it', () => {
    const rules = new GitIgnoreRules();
    rules.add('pkg/.gitignore', 'generated/\n/local.ts\n');
    assert.equal(rules.ignores('pkg/generated/a.ts'), true);
    assert.equal(rules.ignores('pkg/local.ts'), true);
    assert.equal(rules.ignores('local.ts'), false);
    assert.equal(rules.ignores('other/generated/a.ts'), false);
    assert.equal(rules.ignores('pkgx/generated/a.ts'), false, 'a sibling with the same prefix is not below pkg/');
  });

  it('works with multi-root labels (folder name first)', () => {
    const rules = new GitIgnoreRules();
    rules.add('api/.gitignore', 'dist\n');
    assert.equal(rules.ignores('api/dist/main.js'), true);
    assert.equal(rules.ignores('web/dist/main.js'), false);
  });
});
