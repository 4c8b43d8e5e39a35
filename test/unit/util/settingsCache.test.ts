// The Venice client's settings are kept between requests (src/util/settingsCache.ts, wired in
// src/services.ts): a change of venice.apiBaseUrl or VS Code's proxy must still reach the very next
// request, while an unrelated change (an editor setting) keeps what was read.
import * as assert from 'node:assert/strict';
import type { ProxySettings } from '../../../src/venice/api';
import { VeniceClient } from '../../../src/venice/client';
import { SettingsCache, type SettingsChange } from '../../../src/util/settingsCache';
import type { Simulator } from '../../fixtures/simulator';
import { KEY, startProxy, textChat, withSimulator, collect, type LoopbackProxy } from '../venice/helpers';

/** VS Code's configuration change event, by hand: fire(...) says which settings changed. */
function changes() {
  const listeners = new Set<(e: SettingsChange) => unknown>();
  return {
    event: (l: (e: SettingsChange) => unknown) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    fire(...keys: string[]) {
      const e = { affectsConfiguration: (s: string) => keys.some((k) => k === s || k.startsWith(`${s}.`)) };
      for (const l of listeners) l(e);
    },
    listeners,
  };
}

describe('settings kept between requests (SettingsCache)', () => {
  it('reads once, keeps the value through unrelated changes, and reads again after a change of its section', () => {
    const config = changes();
    const trust = changes();
    const cache = new SettingsCache(config.event, ['venice', 'http'], [trust.event]);
    let reads = 0;
    let value = 'a';
    const kept = cache.kept(() => {
      reads++;
      return value;
    });
    assert.equal(kept(), 'a');
    value = 'b';
    assert.equal(kept(), 'a');
    assert.equal(reads, 1);
    config.fire('editor.fontSize');
    assert.equal(kept(), 'a', 'an editor setting does not concern the client');
    config.fire('venice.request.timeoutSeconds');
    assert.equal(kept(), 'b');
    value = 'c';
    config.fire('http.proxy');
    assert.equal(kept(), 'c');
    value = 'd';
    trust.fire();
    assert.equal(kept(), 'd', 'trust granted: restricted settings read differently');
    assert.equal(reads, 4);
    cache.dispose();
    assert.equal(config.listeners.size, 0);
  });

  it('does not keep a read that threw', () => {
    const cache = new SettingsCache(changes().event, ['venice']);
    let fail = true;
    const kept = cache.kept(() => {
      if (fail) throw new Error('not yet');
      return 1;
    });
    assert.throws(kept);
    fail = false;
    assert.equal(kept(), 1);
  });

  describe('in the Venice client', () => {
    let first: Simulator;
    let second: Simulator;
    let proxy: LoopbackProxy;
    before(async () => {
      [first, second, proxy] = await Promise.all([withSimulator(), withSimulator(), startProxy()]);
    });
    after(async () => {
      await Promise.all([first.close(), second.close(), new Promise((r) => proxy.server.close(r))]);
    });

    function client(settings: { baseUrl: string; proxy?: ProxySettings }, config: ReturnType<typeof changes>): VeniceClient {
      const cache = new SettingsCache(config.event, ['venice', 'http']);
      return new VeniceClient({
        baseUrl: cache.kept(() => settings.baseUrl),
        getApiKey: async () => KEY,
        timeoutMs: cache.kept(() => 3000),
        maxRetries: cache.kept(() => 0),
        proxy: cache.kept(() => settings.proxy),
      });
    }

    it('a venice.apiBaseUrl change sends the next request to the new server', async () => {
      const config = changes();
      const settings = { baseUrl: first.url };
      const c = client(settings, config);
      try {
        await collect(c.streamChat(textChat('one')));
        settings.baseUrl = second.url;
        config.fire('venice.apiBaseUrl');
        const r = await collect(c.streamChat(textChat('two')));
        assert.equal(r.error, undefined);
        assert.deepEqual(
          [first.requests.length, second.requests.length],
          [1, 1],
          'the second request went to the new address',
        );
      } finally {
        await c.close();
      }
    });

    it('an http.proxy change sends the next request through the proxy', async () => {
      const config = changes();
      const settings: { baseUrl: string; proxy?: ProxySettings } = { baseUrl: first.url };
      const c = client(settings, config);
      const tunnels = proxy.tunnels.length;
      try {
        await c.verifyKey(KEY);
        assert.equal(proxy.tunnels.length, tunnels, 'direct while no proxy is set');
        settings.proxy = { url: proxy.url, strictSSL: true };
        config.fire('http.proxy');
        await c.verifyKey(KEY);
        assert.equal(proxy.tunnels.length, tunnels + 1, 'the next request tunnelled through the new proxy');
      } finally {
        await c.close();
      }
    });
  });
});
