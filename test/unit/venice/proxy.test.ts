// Issue 18 item 13: the client honours the editor's proxy (VS Code's http.proxy, passed in by the host
// as a plain option). A loopback proxy that tunnels CONNECT requests (and refuses anything else)
// stands between the client and the simulator and records what went through it.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VeniceClient } from '../../../src/venice/client';
import type { ProxySettings } from '../../../src/venice/api';
import type { Simulator } from '../../fixtures/simulator';
import { KEY, startProxy, withSimulator, type LoopbackProxy } from './helpers';

function client(sim: Simulator, proxy: () => ProxySettings | undefined): VeniceClient {
  return new VeniceClient({ baseUrl: () => sim.url, getApiKey: async () => KEY, timeoutMs: () => 3000, maxRetries: () => 0, proxy });
}

describe('the editor proxy (VS Code http.proxy) carries Venice requests (issue 18 item 13)', () => {
  let sim: Simulator;
  let proxy: LoopbackProxy;

  before(async () => {
    sim = await withSimulator();
    proxy = await startProxy();
  });
  after(async () => {
    await sim.close();
    await new Promise((r) => proxy.server.close(r));
  });

  it('with http.proxy set, requests tunnel through it and succeed; without it they go direct', async () => {
    const simHost = new URL(sim.url).host;
    const via = client(sim, () => ({ url: proxy.url, strictSSL: true }));
    await via.verifyKey(KEY);
    assert.deepEqual(proxy.tunnels, [simHost], 'one tunnel to the simulator');
    await via.close();

    const direct = client(sim, () => undefined);
    await direct.verifyKey(KEY);
    assert.equal(proxy.tunnels.length, 1, 'no proxy when none is set');
    await direct.close();
  });

  it('a changed proxy setting takes effect on the next request (read fresh, no restart)', async () => {
    const editor: { proxy?: ProxySettings } = {};
    const c = client(sim, () => editor.proxy);
    const before = proxy.tunnels.length;
    await c.verifyKey(KEY);
    assert.equal(proxy.tunnels.length, before);
    editor.proxy = { url: proxy.url, strictSSL: false };
    await c.verifyKey(KEY);
    assert.equal(proxy.tunnels.length, before + 1);
    await c.close();
  });

  it('a proxy that is down fails the request with a network error (nothing goes around it)', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((r) => dead.close(r));
    const c = client(sim, () => ({ url, strictSSL: true }));
    const from = sim.requests.length;
    await assert.rejects(c.verifyKey(KEY), (err: Error & { kind?: string }) => err.kind === 'network');
    assert.equal(sim.requests.length, from, 'the simulator saw nothing');
    await c.close();
  });
});
