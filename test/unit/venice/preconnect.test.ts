// A connection opened ahead of an inline completion (VeniceClient.preconnect, src/venice/warmConnection.ts):
// it carries the next request, sends nothing by itself, is not opened when an idle one is pooled or
// when a proxy is in the way, and a spare the server closed is never used.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ProxySettings } from '../../../src/venice/api';
import { VeniceClient } from '../../../src/venice/client';
import { collect, KEY, startProxy, textChat, clientSuite, type LoopbackProxy } from './helpers';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(5);
  }
}

describe('venice/client preconnect (a connection opened ahead of a completion)', function () {
  this.timeout(8000);
  const { sim, client } = clientSuite();

  it('opens one connection that sends nothing, and the next request goes over it', async () => {
    const { client: c } = client();
    c.preconnect();
    await until('the spare connection', () => sim.connectionsOpened() === 1);
    await wait(100);
    assert.equal(sim.requests.length, 0, 'nothing was sent on it');
    c.preconnect();
    await wait(50);
    assert.equal(sim.connectionsOpened(), 1, 'a second call while the spare is open opens nothing');
    const r = await collect(c.streamChat(textChat('hello')));
    assert.equal(r.error, undefined);
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.requests[0]?.headers.authorization, `Bearer ${KEY}`);
    assert.equal(sim.connectionsOpened(), 1, 'the request used the connection opened ahead');
  });

  it('a request right after the preconnect waits for that connection instead of opening a second', async () => {
    const { client: c } = client();
    c.preconnect();
    const r = await collect(c.streamChat(textChat('at once')));
    assert.equal(r.error, undefined);
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.connectionsOpened(), 1, 'one handshake');
  });

  it('opens nothing while an idle connection is in the pool', async () => {
    const { client: c } = client();
    await collect(c.streamChat(textChat('one')));
    await wait(80); // the body's end is read just after [DONE]; then the connection is idle in the pool
    c.preconnect();
    await wait(100);
    assert.equal(sim.connectionsOpened(), 1);
  });

  describe('with a proxy or a server that drops idle connections', () => {
    let proxy: LoopbackProxy;
    let dropper: { server: Server; url: string; sockets: Set<Socket>; opened: number };
    before(async () => {
      proxy = await startProxy();
      const sockets = new Set<Socket>();
      const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
      dropper = { server, url: '', sockets, opened: 0 };
      server.on('connection', (s: Socket) => {
        dropper.opened++;
        sockets.add(s);
        s.once('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      dropper.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    });
    after(async () => {
      await new Promise((r) => proxy.server.close(r));
      dropper.server.closeAllConnections();
      await new Promise((r) => dropper.server.close(r));
    });

    it('opens nothing when the editor proxy carries the requests', async () => {
      const settings: { proxy?: ProxySettings } = { proxy: { url: proxy.url, strictSSL: true } };
      const c = new VeniceClient({ baseUrl: () => sim.url, getApiKey: async () => KEY, timeoutMs: () => 3000, maxRetries: () => 0, proxy: () => settings.proxy });
      try {
        const tunnels = proxy.tunnels.length;
        c.preconnect();
        await wait(150);
        assert.equal(proxy.tunnels.length, tunnels, 'no tunnel opened');
        assert.equal(sim.connectionsOpened(), 0, 'nothing went around the proxy');
      } finally {
        await c.close();
      }
    });

    it('a spare the server closed is not used: the request connects afresh and succeeds', async () => {
      const c = new VeniceClient({ baseUrl: () => dropper.url, getApiKey: async () => KEY, timeoutMs: () => 3000, maxRetries: () => 0 });
      try {
        const before = dropper.opened;
        c.preconnect();
        await until('the spare connection', () => dropper.opened === before + 1);
        await wait(20);
        for (const s of dropper.sockets) s.destroy();
        await wait(50);
        assert.deepEqual(await c.rateLimits(), {});
        assert.equal(dropper.opened, before + 2, 'a new connection for the request');
      } finally {
        await c.close();
      }
    });
  });
});
