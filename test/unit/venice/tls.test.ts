// Issue 18 item 13: certificates and http.noProxy. A loopback HTTPS front (a certificate signed by a
// self-signed test CA, test/fixtures/tls) forwards to the simulator; the client fails against it with
// Node's defaults, trusts it once the CA is among the extra certificates (directly and through a
// loopback CONNECT proxy), and a host listed in http.noProxy goes direct. Which CA list is used
// (defaults + system store + NODE_EXTRA_CA_CERTS + extras) and the noProxy rules are tested alone.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import type { ProxySettings } from '../../../src/venice/api';
import { VeniceClient } from '../../../src/venice/client';
import { bypassesProxy, trustedCertificates, type TlsTrust } from '../../../src/venice/tlsTrust';
import type { Simulator } from '../../fixtures/simulator';
import { startHttpsFront, TLS_FIXTURES, type HttpsFront } from '../../fixtures/tls/loopback';
import { KEY, startProxy, withSimulator, type LoopbackProxy } from './helpers';

const CA = readFileSync(join(TLS_FIXTURES, 'test-ca.pem'), 'utf8');

describe('certificates and http.noProxy in the Venice client (issue 18 item 13)', function () {
  this.timeout(15_000);
  let sim: Simulator;
  let front: HttpsFront;
  let proxy: LoopbackProxy;
  const clients: VeniceClient[] = [];

  function client(opts: { proxy?: ProxySettings; tls?: TlsTrust }): VeniceClient {
    const c = new VeniceClient({ baseUrl: () => front.url, getApiKey: async () => KEY, timeoutMs: () => 5000, maxRetries: () => 0, proxy: () => opts.proxy, tls: () => opts.tls });
    clients.push(c);
    return c;
  }

  before(async () => {
    sim = await withSimulator();
    front = await startHttpsFront(sim.url);
    proxy = await startProxy();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  after(async () => {
    await sim.close();
    front.server.close();
    proxy.server.closeAllConnections();
    await new Promise((r) => proxy.server.close(r));
  });

  it('a server whose CA Node does not know is refused; with the CA among the extra certificates it answers', async () => {
    const from = sim.requests.length;
    await assert.rejects(client({ tls: { systemCertificates: false } }).verifyKey(KEY), (err: Error & { kind?: string }) => err.kind === 'network' && /certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\).*NODE_EXTRA_CA_CERTS/.test(err.message));
    assert.equal(sim.requests.length, from, 'nothing got through');
    await client({ tls: { systemCertificates: true, extraCertificates: [CA] } }).verifyKey(KEY);
    assert.equal(sim.requests.length, from + 1);
  });

  it('through the editor proxy the CONNECT tunnel carries TLS that trusts the same CA; http.proxyStrictSSL false skips the check', async () => {
    const host = new URL(front.url).host;
    const before = proxy.tunnels.length;
    await client({ proxy: { url: proxy.url, strictSSL: true }, tls: { systemCertificates: false, extraCertificates: [CA] } }).verifyKey(KEY);
    assert.deepEqual(proxy.tunnels.slice(before), [host]);
    await assert.rejects(client({ proxy: { url: proxy.url, strictSSL: true } }).verifyKey(KEY), (err: Error & { kind?: string }) => err.kind === 'network');
    await client({ proxy: { url: proxy.url, strictSSL: false } }).verifyKey(KEY);
    assert.equal(proxy.tunnels.length, before + 3);
  });

  it('a host in http.noProxy goes direct, not through the editor proxy', async () => {
    const before = proxy.tunnels.length;
    const trust = { systemCertificates: false, extraCertificates: [CA] };
    await client({ proxy: { url: proxy.url, strictSSL: true, noProxy: ['127.0.0.1'] }, tls: trust }).verifyKey(KEY);
    assert.equal(proxy.tunnels.length, before, 'no tunnel for a listed host');
    await client({ proxy: { url: proxy.url, strictSSL: true, noProxy: ['api.venice.ai'] }, tls: trust }).verifyKey(KEY);
    assert.equal(proxy.tunnels.length, before + 1, 'another host listed: still through the proxy');
  });

  it('a connection opened ahead (preconnect) trusts the same CA and carries the next request', async () => {
    const c = client({ tls: { systemCertificates: false, extraCertificates: [CA] } });
    const opened = sim.connectionsOpened();
    const from = sim.requests.length;
    c.preconnect();
    for (let i = 0; i < 200 && sim.connectionsOpened() === opened; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(sim.connectionsOpened(), opened + 1, 'the front connected through to the simulator: the TLS handshake passed');
    assert.equal(sim.requests.length, from, 'nothing sent ahead');
    await new Promise((r) => setTimeout(r, 50));
    await c.verifyKey(KEY);
    assert.equal(sim.requests.length, from + 1);
    assert.equal(sim.connectionsOpened(), opened + 1, 'the request went over the connection opened ahead');
  });

  describe('which certificate authorities', () => {
    const fakeCa = (kind: 'default' | 'system' | 'extra') => ({ default: ['ROOT'], system: ['SYS'], extra: ['EXTRA-ENV'] })[kind];

    it("nothing to add: Node's default store as it is (no list)", () => {
      assert.equal(trustedCertificates(undefined, { getCa: fakeCa, env: {} }), undefined);
      assert.equal(trustedCertificates({ systemCertificates: false }, { getCa: fakeCa, env: {} }), undefined);
    });

    it('system certificates and extras are added to the defaults and NODE_EXTRA_CA_CERTS, each once', () => {
      assert.deepEqual(trustedCertificates({ systemCertificates: true }, { getCa: fakeCa, env: {} }), ['ROOT', 'EXTRA-ENV', 'SYS']);
      const list = trustedCertificates({ systemCertificates: false, extraCertificates: [`${CA}\n${CA}`] }, { getCa: fakeCa, env: {} });
      assert.deepEqual(list, ['ROOT', 'EXTRA-ENV', CA.trim()]);
    });

    it('on a Node without tls.getCACertificates: the bundled roots plus the NODE_EXTRA_CA_CERTS file, and no system store', () => {
      const dir = mkdtempSync(join(tmpdir(), 'venice-ca-'));
      try {
        writeFileSync(join(dir, 'extra.pem'), `# corporate\n${CA}`);
        const list = trustedCertificates({ systemCertificates: true, extraCertificates: [CA] }, { getCa: undefined, env: { NODE_EXTRA_CA_CERTS: join(dir, 'extra.pem') } }) ?? [];
        assert.equal(list.length, new Set([...tls.rootCertificates, CA.trim()]).size);
        assert.ok(list.includes(tls.rootCertificates[0]));
        assert.equal(trustedCertificates({ systemCertificates: true }, { getCa: undefined, env: {} }), undefined, 'no system store to read: nothing added');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('http.noProxy rules', () => {
    const u = (s: string) => new URL(s);
    it('matches hosts, domains with their subdomains, ports and "*"', () => {
      assert.equal(bypassesProxy(u('https://api.venice.ai/api/v1'), ['venice.ai']), true);
      assert.equal(bypassesProxy(u('https://api.venice.ai/api/v1'), ['.venice.ai']), true);
      assert.equal(bypassesProxy(u('https://venice.ai/'), ['*.venice.ai']), false, '"*.x" is subdomains only');
      assert.equal(bypassesProxy(u('https://notvenice.ai/'), ['venice.ai']), false);
      assert.equal(bypassesProxy(u('https://api.venice.ai/'), ['api.venice.ai:443']), true);
      assert.equal(bypassesProxy(u('https://api.venice.ai/'), ['api.venice.ai:8443']), false);
      assert.equal(bypassesProxy(u('http://[::1]:8080/'), ['[::1]:8080']), true);
      assert.equal(bypassesProxy(u('https://x.example/'), [' * ']), true);
      assert.equal(bypassesProxy(u('https://x.example/'), []), false);
      assert.equal(bypassesProxy(u('https://x.example/'), undefined), false);
    });
  });
});
