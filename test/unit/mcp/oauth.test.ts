// OAuth for streamable-HTTP MCP servers: the loopback redirect listener (only its path and its
// state, a timeout, cancellation), the provider's storage (one SecretStorage entry per server name
// and origin; nothing registered or opened in the background), and the whole flow through the
// SDK against the OAuth-protected test server (test/fixtures/mcp/oauthServer.mjs): a chat turn
// finds "needs sign-in" and gets a notice tool, the sign-in (the browser played by fetch) stores
// tokens, the tool call works with a bearer token, an expired token is refreshed, sign-out forgets.
import * as assert from 'node:assert/strict';
import type { Answer } from '../../../src/llm/answer';
import { TurnLoop } from '../../../src/llm/turnLoop';
import type { HttpServerConfig } from '../../../src/mcp/config';
import { signIn } from '../../../src/mcp/connection';
import { checkAuthorizationUrl, forgetSignIn, hasSignIn, McpOAuthProvider, SignInCancelled, SignInRequired, storageKey, type SignInInteraction } from '../../../src/mcp/oauthProvider';
import { listenForRedirect, SignInTimedOut } from '../../../src/mcp/oauthRedirect';
import { withMcpTools } from '../../../src/mcp/toolHost';
import type { ChatMessage } from '../../../src/venice/types';
import { BASE_SETTINGS, FakeApi, FakeTools, textEvents } from '../chat/fakes';
import { startOAuthFixture, type OAuthFixture } from '../../fixtures/mcp/oauthFixture';
import { BIG_LIMITS, memorySecrets, testManager, until, type TestManager } from './fixtures';

const never = new AbortController().signal;

async function get(url: string): Promise<{ status: number; text: string; location: string | null }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

describe('mcp oauth: the redirect listener', function () {
  this.timeout(10_000);

  it('refuses a wrong state and another path, keeps waiting, then takes the right answer once and closes', async () => {
    const l = await listenForRedirect({ timeoutMs: 5000 });
    const base = new URL(l.redirectUrl);
    assert.equal(base.hostname, '127.0.0.1');
    assert.notEqual(base.port, '');
    const wrong = await get(`${l.redirectUrl}?code=stolen&state=not-the-state`);
    assert.equal(wrong.status, 400);
    assert.ok(!wrong.text.includes('stolen'), 'the page repeats nothing it received');
    assert.equal((await get(`${base.origin}/other?code=x&state=${l.state}`)).status, 404);
    const ok = await get(`${l.redirectUrl}?code=the-code&state=${encodeURIComponent(l.state)}`);
    assert.equal(ok.status, 200);
    assert.match(ok.text, /Signed in\. You can close this tab/);
    assert.equal(await l.code, 'the-code');
    await assert.rejects(fetch(l.redirectUrl), 'the listener is closed after the answer');
  });

  it('listens on the port of the earlier sign-in when it is free, else on any free port', async () => {
    const first = await listenForRedirect({ timeoutMs: 1000 });
    const port = Number(new URL(first.redirectUrl).port);
    const taken = await listenForRedirect({ timeoutMs: 1000, port });
    assert.notEqual(new URL(taken.redirectUrl).port, String(port), 'the port is taken: another one');
    first.close();
    taken.close();
    await new Promise((r) => setTimeout(r, 1100));
    const again = await listenForRedirect({ timeoutMs: 1000, port });
    assert.equal(new URL(again.redirectUrl).port, String(port));
    again.close();
  });

  it('the state is random for each sign-in', async () => {
    const a = await listenForRedirect({ timeoutMs: 1000 });
    const b = await listenForRedirect({ timeoutMs: 1000 });
    assert.notEqual(a.state, b.state);
    assert.ok(a.state.length >= 32);
    a.close();
    b.close();
  });

  it('times out with a clear message and stops listening', async () => {
    const l = await listenForRedirect({ timeoutMs: 150 });
    await assert.rejects(l.code, (e: unknown) => e instanceof SignInTimedOut && /no answer came back from the browser within 0 s|within/.test(e.message));
    await assert.rejects(fetch(`${l.redirectUrl}?code=late&state=${l.state}`));
  });

  it('the authorization server\'s refusal ends the wait with its reason (one line)', async () => {
    const l = await listenForRedirect({ timeoutMs: 5000 });
    await get(`${l.redirectUrl}?error=access_denied&error_description=${encodeURIComponent('user said no\nnext line')}&state=${l.state}`);
    await assert.rejects(l.code, /did not sign you in: user said no next line/);
  });

  it('cancellation ends the wait at once', async () => {
    const abort = new AbortController();
    const l = await listenForRedirect({ timeoutMs: 60_000, signal: abort.signal });
    abort.abort();
    await assert.rejects(l.code, /cancelled/);
  });
});

describe('mcp oauth: the provider\'s storage', () => {
  const cfg = { name: 'web', url: 'https://mcp.example.com/v1/mcp' };

  it('keeps one SecretStorage entry per server name and origin, and sign-out deletes it', async () => {
    const secrets = memorySecrets();
    const interaction: SignInInteraction = { redirectUrl: 'http://127.0.0.1:5555/callback', state: 's', open: async () => undefined };
    const p = new McpOAuthProvider(secrets, cfg, interaction);
    await p.saveClientInformation({ client_id: 'c1' });
    await p.saveCodeVerifier('v1');
    await p.saveTokens({ access_token: 'a1', token_type: 'bearer', refresh_token: 'r1' });
    assert.deepEqual([...secrets.entries.keys()], [storageKey(cfg)]);
    assert.ok(!storageKey(cfg).includes('/v1/mcp'), 'the key holds the origin, not the path');
    assert.equal(await p.codeVerifier().catch(() => 'gone'), 'gone', 'the verifier is forgotten once tokens came');
    assert.equal((await new McpOAuthProvider(secrets, cfg).tokens())?.access_token, 'a1', 'a background provider reads the same tokens');
    assert.equal(await new McpOAuthProvider(secrets, { ...cfg, url: 'https://elsewhere.example/v1/mcp' }).tokens(), undefined, 'another origin gets nothing');
    assert.equal(await new McpOAuthProvider(secrets, { ...cfg, name: 'other' }).tokens(), undefined, 'another server gets nothing');
    assert.equal(await hasSignIn(secrets, cfg), true);
    await forgetSignIn(secrets, cfg);
    assert.equal(secrets.entries.size, 0);
    assert.equal(await hasSignIn(secrets, cfg), false);
  });

  it('registers again when the loopback port changed; invalidating tokens keeps the client', async () => {
    const secrets = memorySecrets();
    const first = new McpOAuthProvider(secrets, cfg, { redirectUrl: 'http://127.0.0.1:1111/callback', state: 's', open: async () => undefined });
    await first.saveClientInformation({ client_id: 'c1' });
    await first.saveTokens({ access_token: 'a1', token_type: 'bearer' });
    assert.equal((await first.clientInformation())?.client_id, 'c1');
    const second = new McpOAuthProvider(secrets, cfg, { redirectUrl: 'http://127.0.0.1:2222/callback', state: 's', open: async () => undefined });
    assert.equal(await second.clientInformation(), undefined);
    await second.invalidateCredentials('tokens');
    assert.equal(await second.tokens(), undefined);
    assert.equal((await new McpOAuthProvider(secrets, cfg).clientInformation())?.client_id, 'c1');
  });

  it('in the background it neither registers, nor starts an authorization, nor opens anything', async () => {
    const secrets = memorySecrets();
    const p = new McpOAuthProvider(secrets, cfg);
    await p.saveDiscoveryState({ authorizationServerUrl: 'https://auth.example.com/', authorizationServerMetadata: { issuer: 'https://auth.example.com/', authorization_endpoint: 'https://auth.example.com/a', token_endpoint: 'https://auth.example.com/t', response_types_supported: ['code'] } });
    await assert.rejects(Promise.resolve(p.clientInformation()), SignInRequired);
    await assert.rejects(Promise.resolve(p.redirectToAuthorization(new URL('https://auth.example.com/a'))), SignInRequired);
    await assert.rejects(Promise.resolve(p.saveCodeVerifier('v')), SignInRequired);
    assert.throws(() => p.state(), SignInRequired);
  });

  it('opens only https (or http on loopback) authorization URLs', async () => {
    assert.equal(checkAuthorizationUrl(new URL('https://auth.example.com/authorize?x=1')), undefined);
    assert.equal(checkAuthorizationUrl(new URL('http://127.0.0.1:9/authorize')), undefined);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'vscode://x/y', 'http://auth.example.com/authorize', 'command:workbench.action.terminal.new']) {
      assert.match(checkAuthorizationUrl(new URL(bad)) ?? '', /not https/, bad);
    }
    const opened: URL[] = [];
    const p = new McpOAuthProvider(memorySecrets(), cfg, { redirectUrl: 'http://127.0.0.1:1/callback', state: 's', open: async (u) => void opened.push(u) });
    await assert.rejects(Promise.resolve(p.redirectToAuthorization(new URL('javascript:alert(1)'))), /not https/);
    assert.equal(opened.length, 0);
  });
});

describe('mcp oauth: the sign-in against an OAuth-protected server', function () {
  this.timeout(30_000);
  let server: OAuthFixture;
  let t: TestManager | undefined;
  before(async () => {
    server = await startOAuthFixture();
  });
  after(() => server.close());
  afterEach(async () => {
    await t?.manager.dispose();
    t = undefined;
  });

  const entry = (): HttpServerConfig => ({ kind: 'http', name: 'web', source: 'user', url: server.url, headers: {} });

  /** The browser: follows the authorization URL to the redirect, like a user who approves. */
  function browser(opened: URL[]): SignInInteraction['open'] {
    return async (url) => {
      opened.push(url);
      const res = await get(url.href);
      assert.equal(res.status, 302, res.text);
      void get(String(res.location));
    };
  }

  it('a chat turn finds "needs sign-in" (a notice for the model, nothing registered); Sign in stores tokens; the tool works; an expired token is refreshed; Sign out forgets', async () => {
    const secrets = memorySecrets();
    t = testManager([entry()], { secrets });
    await t.manager.prepare(never);
    await until(() => t?.manager.statuses()[0].state === 'needsSignIn');
    assert.equal(server.log.registrations, 0, 'nothing is registered without the user');
    const offer = t.manager.offer(BIG_LIMITS);
    assert.deepEqual(offer.tools.map((x) => x.apiName), ['mcp_web_sign_in_required']);
    assert.match(offer.tools[0].description, /needs the user to sign in/);
    assert.match(offer.notes.join('\n'), /MCP server "web" needs you to sign in/);

    const opened: URL[] = [];
    const listener = await listenForRedirect({ timeoutMs: 10_000 });
    const result = await signIn(entry(), {
      secrets,
      clientVersion: 'test',
      signal: never,
      timeoutMs: 10_000,
      code: () => listener.code,
      interaction: { redirectUrl: listener.redirectUrl, state: listener.state, open: browser(opened) },
    });
    assert.equal(result, 'signedIn');
    assert.equal(opened.length, 1);
    assert.equal(opened[0].origin, server.authOrigin, 'the browser goes to the authorization server');
    assert.equal(opened[0].searchParams.get('code_challenge_method'), 'S256', 'PKCE');
    assert.equal(opened[0].searchParams.get('resource'), server.url, 'the token is bound to this server');
    assert.deepEqual({ ...server.log }, { registrations: 1, authorizations: 1, codeExchanges: 1, refreshes: 0 });
    assert.equal(await hasSignIn(secrets, entry()), true);

    await t.manager.restart('web');
    assert.equal(t.manager.statuses()[0].state, 'running');
    assert.deepEqual(await t.manager.call('web', 'echo', { text: 'signed in' }, never, 5000), { content: [{ type: 'text', text: 'echo: signed in' }] });
    assert.match(server.seenAuthorization.at(-1) ?? '', /^Bearer at-/);

    server.expireAccessTokens();
    assert.deepEqual(await t.manager.call('web', 'echo', { text: 'refreshed' }, never, 5000), { content: [{ type: 'text', text: 'echo: refreshed' }] });
    assert.equal(server.log.refreshes, 1, 'the expired token was refreshed, without the user');
    assert.equal(server.log.authorizations, 1);

    await forgetSignIn(secrets, entry());
    await t.manager.restart('web');
    assert.equal(t.manager.statuses()[0].state, 'needsSignIn');
    assert.equal(secrets.entries.size, 1, 'only the discovery left by the last attempt');
    assert.equal(await hasSignIn(secrets, entry()), false);
    const stored = [...secrets.entries.values()].join('\n');
    for (const token of server.issuedTokens()) assert.ok(!stored.includes(token), 'no token is left after sign-out');
    for (const line of t.logs) for (const token of server.issuedTokens()) assert.ok(!line.includes(token), `a token in the log: ${line}`);
  });

  it('a chat turn is not held up: the model calls the notice tool, nothing asks, it reads that the user must sign in, the answer ends', async () => {
    t = testManager([entry()]);
    const api = new FakeApi();
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [{ id: 'call1', name: 'mcp_web_sign_in_required', arguments: '{}' }] }, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('Please sign in.') });
    let asked = 0;
    const entryOf: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
    const m = t.manager;
    const host = withMcpTools(new FakeTools(), {
      source: () => ({ prepare: (signal) => m.prepare(signal), offer: (limits) => m.offer(limits), call: (...a) => m.call(...a) }),
      isTrusted: () => true,
      autoApproved: () => false,
      callTimeoutMs: () => 5000,
    });
    const hooks = { onText: () => undefined, onReasoning: () => undefined, onChange: () => undefined, onRetry: () => undefined, requestApproval: async () => { asked++; return true; } };
    await new TurnLoop(api.asApi(), host).run({ prior: [{ role: 'user', content: 'go' }], entry: entryOf, settings: { ...BASE_SETTINGS, resolvedModel: 'model-a' }, signal: never, hooks });
    assert.equal(entryOf.state, 'done');
    assert.equal(asked, 0, 'a notice runs nothing, so nothing is asked');
    const tool = (api.requests[1]?.messages as ChatMessage[]).find((x) => x.role === 'tool');
    assert.match(String(tool?.content), /needs the user to sign in.*Sign in/);
    assert.match(entryOf.notes.join('\n'), /needs you to sign in/);
  });

  it('declining the consent leaves the server waiting for sign-in, with no tokens', async () => {
    const secrets = memorySecrets();
    const listener = await listenForRedirect({ timeoutMs: 10_000 });
    await assert.rejects(
      signIn(entry(), {
        secrets,
        clientVersion: 'test',
        signal: never,
        timeoutMs: 10_000,
        code: () => listener.code,
        interaction: { redirectUrl: listener.redirectUrl, state: listener.state, open: async () => Promise.reject(new SignInCancelled()) },
      }),
      SignInCancelled,
    );
    listener.close();
    assert.equal(await hasSignIn(secrets, entry()), false);
    t = testManager([entry()], { secrets });
    await t.manager.prepare(never);
    assert.equal(t.manager.statuses()[0].state, 'needsSignIn');
  });
});
