// search_workspace's matcher: real worker threads, caps, and a time limit for hostile regexes.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSearch, SearchAbortedError, SearchTimeoutError, toPattern, type SearchOptions } from '../../../src/tools/searchRunner';

describe('tools: workspace search runner', function () {
  this.timeout(20_000);
  let dir: string;
  const file = (name: string, content: string | Buffer): { path: string; display: string } => {
    writeFileSync(path.join(dir, name), content);
    return { path: path.join(dir, name), display: name };
  };
  const opts = (query: string, isRegex = false, over: Partial<SearchOptions> = {}): SearchOptions => {
    const p = toPattern(query, isRegex);
    if (!p.ok) throw new Error(p.error);
    return { source: p.source, flags: p.flags, maxMatches: 200, maxFileBytes: 1_000_000, maxLineChars: 2000, timeoutMs: 5000, ...over };
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'venice-search-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds plain text with smart case, reporting file and 1-based line', async () => {
    const a = file('a.ts', 'const greet = 1;\nfunction Greet() {}\n');
    const lower = await runSearch([a], opts('greet'));
    assert.deepEqual(lower.matches.map((m) => `${m.file}:${m.line}`), ['a.ts:1', 'a.ts:2']);
    const upper = await runSearch([a], opts('Greet'));
    assert.deepEqual(upper.matches.map((m) => m.line), [2]);
  });

  it('stops opening files at the deadline and says how far it got; without one it searches every file', async () => {
    const files = Array.from({ length: 300 }, (_, i) => file(`d${i}.ts`, `line ${i}\nneedle ${i}\n`));
    const all = await runSearch(files, opts('needle', false, { maxMatches: 1000 }));
    assert.equal(all.timeLimited, false);
    assert.equal(all.filesSearched, 300);
    assert.equal(all.matches.length, 300);
    const late = await runSearch(files, opts('needle', false, { maxMatches: 1000, deadline: Date.now() - 1 }));
    assert.equal(late.timeLimited, true);
    assert.equal(late.filesSearched, 1, 'one file is always searched');
    assert.deepEqual(late.matches.map((m) => m.file), ['d0.ts']);
    // A worker that starts after the deadline still searches for its minimum time.
    const grace = await runSearch(files, opts('needle', false, { maxMatches: 1000, deadline: Date.now() - 1, minSearchMs: 5000 }));
    assert.equal(grace.timeLimited, false);
    assert.equal(grace.filesSearched, 300);
  });

  it('treats regex characters literally unless isRegex', async () => {
    const a = file('b.ts', 'a.b\naxb\n');
    assert.equal((await runSearch([a], opts('a.b'))).matches.length, 1);
    assert.equal((await runSearch([a], opts('a.b', true))).matches.length, 2);
  });

  it('rejects an invalid regular expression up front', () => {
    const p = toPattern('(unclosed', true);
    assert.equal(p.ok, false);
    assert.match(!p.ok ? p.error : '', /not a valid regular expression/);
  });

  it('stops at the match cap and says it truncated', async () => {
    const many = file('many.txt', Array.from({ length: 50 }, () => 'hit').join('\n'));
    const r = await runSearch([many], opts('hit', false, { maxMatches: 10 }));
    assert.equal(r.matches.length, 10);
    assert.equal(r.truncated, true);
  });

  it('skips binary and oversized files', async () => {
    const bin = file('bin.dat', Buffer.from([0x68, 0x69, 0x00, 0x68, 0x69]));
    const big = file('big.txt', 'hi\n'.repeat(1000));
    const r = await runSearch([bin, big], opts('hi', false, { maxFileBytes: 100 }));
    assert.equal(r.matches.length, 0);
    assert.equal(r.filesSkipped, 2);
  });

  it('kills a catastrophically backtracking regex after the time limit; the host stays responsive', async () => {
    const evil = file('evil.txt', `${'a'.repeat(40)}!`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 50);
    const started = Date.now();
    await assert.rejects(runSearch([evil], opts('^(a+)+$', true, { timeoutMs: 1000 })), SearchTimeoutError);
    clearInterval(timer);
    assert.ok(Date.now() - started < 4000, 'gave up near the limit');
    assert.ok(ticks >= 10, `the main thread kept running (${ticks} ticks)`);
  });

  it('stops when the turn is stopped', async () => {
    const evil = file('evil2.txt', `${'a'.repeat(40)}!`);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    await assert.rejects(runSearch([evil], opts('^(a+)+$', true, { timeoutMs: 10_000 }), stop.signal), SearchAbortedError);
  });
});
