// The prefix cache: typing along a shown suggestion, or accepting part of it, is served without a
// request; anything else (another file, text after the cursor changed, typing something else) is not.
import * as assert from 'node:assert/strict';
import { CompletionCache } from '../../../src/completions/cache';
import { blocked, type GateInput } from '../../../src/completions/gate';
import { statusView } from '../../../src/completions/status';

const FILE = 'file:///w/a.ts';
const PREFIX = 'function total(items) {\n  return ';

function at(prefix: string, suffix = '\n}', key = FILE) {
  return { key, offset: prefix.length, prefix, suffix };
}

describe('completions: the prefix cache', () => {
  it('serves the rest of a suggestion while the user types along it, to its last character', () => {
    const cache = new CompletionCache();
    cache.set(at(PREFIX), 'items.length;');
    assert.equal(cache.get(at(PREFIX)), 'items.length;');
    assert.equal(cache.get(at(`${PREFIX}it`)), 'ems.length;');
    assert.equal(cache.get(at(`${PREFIX}items.`)), 'length;');
    assert.equal(cache.get(at(`${PREFIX}items.length;`)), undefined, 'all typed: nothing left to show');
  });

  it('a partial accept (a word) is the same as typing it', () => {
    const cache = new CompletionCache();
    cache.set(at(PREFIX), 'items.reduce((s, i) => s + i, 0);');
    assert.equal(cache.get(at(`${PREFIX}items`)), '.reduce((s, i) => s + i, 0);');
  });

  it('misses when the user types something else, in another file, or when the text after the cursor changed', () => {
    const cache = new CompletionCache();
    cache.set(at(PREFIX), 'items.length;');
    assert.equal(cache.get(at(`${PREFIX}x`)), undefined);
    assert.equal(cache.get(at(PREFIX, '\n}', 'file:///w/b.ts')), undefined);
    assert.equal(cache.get(at(PREFIX, '\n  // new\n}')), undefined);
    assert.equal(cache.get(at(`// header\n${PREFIX}`)), undefined, 'a short document that grew before the cursor');
  });

  it('compares the last 2,000 characters of a long prefix', () => {
    const cache = new CompletionCache();
    const long = `${'x'.repeat(5_000)}\n${PREFIX}`;
    cache.set(at(long), 'items.length;');
    assert.equal(cache.get(at(`${long}ite`)), 'ms.length;');
  });

  it('keeps the 50 newest entries', () => {
    const cache = new CompletionCache();
    for (let i = 0; i < 60; i++) cache.set(at(`${PREFIX}${i} + `), `v${i}`);
    assert.equal(cache.get(at(`${PREFIX}0 + `)), undefined);
    assert.equal(cache.get(at(`${PREFIX}59 + `)), 'v59');
    cache.clear();
    assert.equal(cache.get(at(`${PREFIX}59 + `)), undefined);
  });
});

describe('completions: where they run', () => {
  const base: GateInput = {
    enabled: true,
    snoozedUntil: 0,
    now: 1_000,
    workspaceTrusted: true,
    allowUntrusted: false,
    disabledLanguages: [],
    languageId: 'typescript',
    scheme: 'file',
    path: '/w/src/a.ts',
  };

  it('runs in an ordinary file of a trusted workspace', () => {
    assert.equal(blocked(base), undefined);
    assert.equal(blocked({ ...base, scheme: 'untitled', path: 'Untitled-1' }), undefined);
  });

  it('never in files the tools treat as secret', () => {
    for (const path of ['/w/.env', '/w/.env.local', '/w/config/prod.env', '/w/id_rsa', '/w/certs/server.key', '/w/.npmrc', '/home/u/.aws/credentials']) {
      assert.equal(blocked({ ...base, path })?.kind, 'secret', path);
    }
  });

  it('off when turned off, snoozed, for a switched-off language, in output panes, and in Restricted Mode unless allowed', () => {
    assert.deepEqual(blocked({ ...base, enabled: false }), { kind: 'off' });
    assert.deepEqual(blocked({ ...base, snoozedUntil: 2_000 }), { kind: 'snoozed', until: 2_000 });
    assert.equal(blocked({ ...base, snoozedUntil: 500 }), undefined, 'a snooze that ended');
    assert.deepEqual(blocked({ ...base, disabledLanguages: ['markdown', 'typescript'] }), { kind: 'language', language: 'typescript' });
    assert.deepEqual(blocked({ ...base, scheme: 'output' }), { kind: 'scheme' });
    assert.deepEqual(blocked({ ...base, workspaceTrusted: false }), { kind: 'untrusted' });
    assert.equal(blocked({ ...base, workspaceTrusted: false, allowUntrusted: true }), undefined);
  });
});

describe('completions: the status bar item', () => {
  it('on: the model and the last latency; a click opens the menu', () => {
    const v = statusView({ kind: 'on', model: 'DeepSeek V4 Pro', latencyMs: 182.4 }, 0);
    assert.equal(v.text, '$(sparkle) Venice · 182 ms');
    assert.match(v.tooltip, /on · DeepSeek V4 Pro · last completion 182 ms/);
    assert.equal(v.command, 'venice.completions.showMenu');
    assert.equal(v.warning, false);
  });

  it('401 and 402 carry their action; 429 counts down', () => {
    assert.equal(statusView({ kind: 'auth' }, 0).command, 'venice.setApiKey');
    assert.equal(statusView({ kind: 'payment' }, 0).command, 'venice.showAccount');
    assert.ok(statusView({ kind: 'auth' }, 0).warning && statusView({ kind: 'payment' }, 0).warning);
    assert.match(statusView({ kind: 'rateLimited', until: 30_000 }, 0).tooltip, /resuming in 30 s/);
  });

  it('off, snoozed, and off here say why', () => {
    assert.match(statusView({ kind: 'blocked', why: { kind: 'off' } }, 0).label, /off$/);
    assert.match(statusView({ kind: 'blocked', why: { kind: 'snoozed', until: new Date(2026, 0, 1, 14, 5).getTime() } }, 0).text, /clock/);
    assert.match(statusView({ kind: 'blocked', why: { kind: 'snoozed', until: new Date(2026, 0, 1, 14, 5).getTime() } }, 0).tooltip, /snoozed until 14:05/);
    assert.match(statusView({ kind: 'blocked', why: { kind: 'secret', reason: '.env holds environment variables, often secrets' } }, 0).tooltip, /off in this file: \.env holds/);
  });
});
