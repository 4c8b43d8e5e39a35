// Issue 18 item 13 in a real VS Code window of its own: VS Code's http.systemCertificates,
// http.proxy, http.noProxy and http.proxyStrictSSL, and NODE_EXTRA_CA_CERTS, as a user meets them
// through "Venice: List Models" against a Venice reached over HTTPS on loopback.
//
// Which trust mechanism: code-server 1.139.1's extension host runs Node 24, which reads the operating
// system's store (tls.getCACertificates('system'); on Linux OpenSSL's CA file, which SSL_CERT_FILE
// relocates: what `update-ca-certificates` writes for a user who adds a corporate CA). VS Code's own
// proxy agent adds that store only to the http/https modules it patches (its tls.connect patch,
// systemCertificatesV2, is off by default), never to the undici sockets this extension opens, so
// http.systemCertificates works here only through src/venice/tlsTrust.ts. NODE_EXTRA_CA_CERTS is
// Node's own and works with no code, unless a client replaces the CA list (as tlsTrust.ts must when it
// adds the system store): the second server checks that it is kept.
//
// The window's environment: the test CA (test/fixtures/tls/test-ca.pem) is in the "system" store only,
// and a self-signed certificate is in NODE_EXTRA_CA_CERTS only. Its workspace is hostile: its
// .vscode/settings.json sets every http.* setting the other way (these are the user's to choose).
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../harness/paths';
import { launchVSCode, type VSCodeSession } from '../harness/vscode';
import { startSimulator, type Simulator } from '../fixtures/simulator';
import { startHttpsFront, startProxy, TLS_FIXTURES, type HttpsFront, type LoopbackProxy } from '../fixtures/tls/loopback';
import { e2e } from './context';
import { runFromPalette, setApiKey, setUserSetting } from './helpers/workbench';
import { until } from './helpers/wait';

const TITLE = 'Venice: List Models';
/** A model the simulator lists: its row means the list arrived. */
const MODEL_ROW = 'GLM 5.2';
const UNTRUSTED = 'certificate is not trusted';

/** Every file under `dir` (the window's logs), read as text. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, 'utf8'));
}

describe('certificates and proxies: VS Code http.* settings in a real window (issue 18 item 13)', function () {
  this.timeout(120_000);
  let session: VSCodeSession | undefined;
  let sim: Simulator;
  /** Certificate signed by the test CA (trusted through the system store only). */
  let caFront: HttpsFront;
  /** Self-signed certificate (trusted through NODE_EXTRA_CA_CERTS only). */
  let selfSignedFront: HttpsFront;
  let proxy: LoopbackProxy;
  /** The proxy the hostile workspace names: it must never see anything. */
  let workspaceProxy: LoopbackProxy;
  let root: string;

  before(async () => {
    sim = await startSimulator({ validKeys: [e2e().validKey] });
    caFront = await startHttpsFront(sim.url, 'test-ca');
    selfSignedFront = await startHttpsFront(sim.url, 'self-signed');
    proxy = await startProxy();
    workspaceProxy = await startProxy();
    root = mkdtempSync(path.join(os.tmpdir(), 'venice-certs-'));
    // The system store as a user who added their network's CA has it: the distribution's bundle plus that CA.
    const systemBundle = path.join(root, 'ca-certificates.crt');
    const distro = '/etc/ssl/certs/ca-certificates.crt';
    writeFileSync(systemBundle, `${existsSync(distro) ? readFileSync(distro, 'utf8') : ''}\n${readFileSync(path.join(TLS_FIXTURES, 'test-ca.pem'), 'utf8')}`);
    const workspace = path.join(root, 'workspace');
    cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'http.proxy': workspaceProxy.url, 'http.proxyStrictSSL': false, 'http.noProxy': ['127.0.0.1'], 'http.systemCertificates': true }, null, 2),
    );
    session = await launchVSCode({
      workspace,
      // The user has turned the system store off; the tests turn it on as a user would.
      userSettings: { 'venice.apiBaseUrl': caFront.url, 'http.systemCertificates': false },
      env: { SSL_CERT_FILE: systemBundle, SSL_CERT_DIR: path.join(root, 'no-cert-dir'), NODE_EXTRA_CA_CERTS: path.join(TLS_FIXTURES, 'self-signed.pem') },
    });
    // The key is approved for the configured server (the HTTPS front) when it is set.
    await setApiKey(session);
  });

  after(async () => {
    await session?.stop();
    await Promise.all([caFront?.close(), selfSignedFront?.close(), proxy?.close(), workspaceProxy?.close(), sim?.close()]);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Opens Venice: List Models from the palette and asks Venice again (the Refresh button), as a user would. */
  async function listModels(s: VSCodeSession): Promise<void> {
    await runFromPalette(s.page, TITLE, s);
    await s.page.locator('.quick-input-widget .quick-input-title', { hasText: TITLE }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const refresh = s.page.locator('.quick-input-widget .action-label[aria-label="Refresh the list from Venice"]').first();
    await refresh.waitFor({ state: 'visible', timeout: 20_000 });
    // The pointer left over the title can raise its hover, which covers the button: move it away first.
    await s.page.mouse.move(0, 0);
    await refresh.click();
  }

  /** Waits for a row of the open model list that contains `text`; returns the list's text. */
  async function rowWith(s: VSCodeSession, text: string): Promise<string> {
    await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 20_000 });
    return (await s.page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).join('\n');
  }

  const modelRequests = (from: number) => sim.requests.slice(from).filter((r) => r.path === '/models');
  const host = (front: HttpsFront) => new URL(front.url).host;

  it('security: a Venice server whose CA is not trusted: the list says the certificate is not trusted, no key in it, nothing sent', async () => {
    const s = session!;
    const from = sim.requests.length;
    await listModels(s);
    const rows = await rowWith(s, UNTRUSTED);
    assert.match(rows, /Could not reach Venice: its certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    // Said once (every type fails alike), with the advice on its own line rather than cut off.
    assert.equal(await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: UNTRUSTED }).count(), 1, rows);
    assert.match(rows, /Add its CA to the system store \(http\.systemCertificates\) or to NODE_EXTRA_CA_CERTS/);
    console.log(`      screenshot: ${await s.screenshot('certs-untrusted')}`);
    assert.ok(!rows.includes(e2e().validKey), 'the key is not in the message');
    assert.deepEqual(sim.requests.slice(from), [], 'no request got through the TLS handshake');
    // The workspace's http.systemCertificates: true did not switch the store on; its proxy saw nothing.
    assert.deepEqual(workspaceProxy.seen, []);
    const logs = filesUnder(path.join(s.userDataDir, 'logs')).join('\n');
    assert.match(logs, /certificate is not trusted|UNABLE_TO_VERIFY_LEAF_SIGNATURE/, 'the failure is logged');
    assert.ok(!logs.includes(e2e().validKey), 'the key is in no log');
  });

  it('security: http.proxy (user level) carries the requests as CONNECT only; a server it cannot verify gets nothing until http.proxyStrictSSL is off', async () => {
    const s = session!;
    await setUserSetting('http.proxy', proxy.url, s);
    let from = sim.requests.length;
    await listModels(s);
    // Strict by default: the workspace's http.proxyStrictSSL false and http.noProxy do not count.
    await rowWith(s, UNTRUSTED);
    assert.ok(proxy.tunnels.includes(host(caFront)), `the proxy was asked to tunnel to ${host(caFront)}: ${proxy.tunnels.join(', ')}`);
    assert.deepEqual(sim.requests.slice(from), [], 'the key went nowhere');

    // The user turns strict SSL off (their network inspects TLS): the list arrives through the tunnel.
    await setUserSetting('http.proxyStrictSSL', false, s);
    from = sim.requests.length;
    const seen = proxy.seen.length;
    await listModels(s);
    await rowWith(s, MODEL_ROW);
    await until('the list requests at Venice', async () => modelRequests(from).length > 0);
    const shown = proxy.seen.slice(seen);
    assert.ok(shown.some((r) => r.target === host(caFront)), 'tunnelled to the Venice server');
    // The proxy saw CONNECT lines and their headers, never a request it could read: the key stayed in the tunnel.
    assert.deepEqual([...new Set(shown.map((r) => r.method))], ['CONNECT']);
    const proxyView = JSON.stringify(proxy.seen);
    assert.ok(!proxyView.includes(e2e().validKey) && !/authorization/i.test(proxyView), `the proxy never saw the key: ${proxyView.slice(0, 300)}`);
    assert.ok(modelRequests(from).every((r) => r.hasAuth), 'Venice itself got the key');
    assert.deepEqual(workspaceProxy.seen, [], "the workspace's proxy saw nothing");
    await setUserSetting('http.proxyStrictSSL', undefined, s);
  });

  it('certificates: http.systemCertificates on trusts the CA in the system store, through the proxy too; http.noProxy goes direct', async () => {
    const s = session!;
    // Back to strict SSL, the user trusts the system store (the default): verified, through the proxy.
    await setUserSetting('http.systemCertificates', undefined, s);
    let from = sim.requests.length;
    let tunnels = proxy.tunnels.length;
    await listModels(s);
    await until('the list requests at Venice', async () => modelRequests(from).length > 0);
    await rowWith(s, MODEL_ROW);
    assert.ok(proxy.tunnels.slice(tunnels).includes(host(caFront)), 'through the proxy');
    assert.deepEqual([...new Set(proxy.seen.map((r) => r.method))], ['CONNECT']);

    // http.noProxy lists the server: straight there, the proxy sees nothing of it.
    await setUserSetting('http.noProxy', ['127.0.0.1'], s);
    from = sim.requests.length;
    tunnels = proxy.tunnels.length;
    await listModels(s);
    await until('the list requests at Venice', async () => modelRequests(from).length > 0);
    await rowWith(s, MODEL_ROW);
    assert.deepEqual(proxy.tunnels.slice(tunnels).filter((t) => t === host(caFront)), [], 'no tunnel to a listed host');
    assert.deepEqual(workspaceProxy.seen, []);
    await setUserSetting('http.noProxy', undefined, s);
    await setUserSetting('http.proxy', undefined, s);
  });

  it('certificates: a server trusted through NODE_EXTRA_CA_CERTS stays trusted while the system store is added', async () => {
    const s = session!;
    // The user points Venice at another server: the key's server changed, so Venice asks first, on
    // whichever request needs the key first (the window refreshes its model list by itself, or the list).
    await setUserSetting('venice.apiBaseUrl', selfSignedFront.url, s);
    const from = sim.requests.length;
    const dialog = s.page.locator('.monaco-dialog-box');
    const askedAlready = await dialog.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    if (!askedAlready) {
      await runFromPalette(s.page, TITLE, s);
      await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    }
    assert.ok((await dialog.innerText()).includes(`Send your Venice API key to ${new URL(selfSignedFront.url).origin}?`));
    await dialog.getByRole('button', { name: 'Send Key' }).click();
    if (askedAlready) await listModels(s);
    await rowWith(s, MODEL_ROW);
    assert.ok(modelRequests(from).length > 0, 'the list came from the second server');
  });
});
