// Issue 15 §1, streamable HTTP with OAuth, in the real workbench: the user adds an OAuth-protected
// MCP server (test/fixtures/mcp/oauthServer.mjs: the SDK's auth router, an authorization server
// that approves at once) to venice.mcp.servers. A chat turn does not wait: the model reads that the
// server needs sign-in and the answer ends. The user signs in from "Venice: MCP Servers": the modal
// names the server and the authorization server's origin, the browser tab VS Code opens goes
// through authorize to the loopback redirect, the server runs, and its tool works. No token shows
// in settings or logs; Sign out deletes them and the server needs sign-in again.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startOAuthFixture, type OAuthFixture } from '../fixtures/mcp/oauthFixture';
import { e2e } from './context';
import { bodyOf, chatRequests, openChat, recoverFromFailure, type ChatMessage, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import { resetUserSettings, runFromPalette, setApiKey, setUserSetting } from './helpers/workbench';

const SHOTS = '/tmp';
const SETTINGS = ['venice.mcp.servers', 'venice.mcp.autoApprove'];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    const st = statSync(p);
    return st.isDirectory() ? filesUnder(p) : st.size < 5_000_000 ? [p] : [];
  });
}

function toolMessage(from: number, id: string): string {
  const sent = chatRequests(from);
  const messages: ChatMessage[] = bodyOf(sent[sent.length - 1]).messages;
  return messages.find((m) => m.role === 'tool' && m.tool_call_id === id)?.content ?? '';
}

async function serverState(name: string): Promise<string | undefined> {
  // 'enable' on a server that is not disabled changes nothing: it only reads the states.
  const states = await e2e().vscode.bridge.run<Array<{ name: string; state: string }>>(`return vscode.commands.executeCommand('venice.mcp.showServers', { server: ${JSON.stringify(name)}, action: 'enable' })`);
  return states.find((s) => s.name === name)?.state;
}

describe('chat-mcp-oauth: an MCP server that wants OAuth', function () {
  this.timeout(180_000);
  let chat: ChatView;
  let server: OAuthFixture;

  before(async () => {
    server = await startOAuthFixture();
    await setApiKey();
    await setUserSetting('venice.mcp.servers', { secure: { url: server.url } });
    chat = await openChat();
  });

  beforeEach(async () => {
    await chat.newChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
  });

  after(async () => {
    await resetUserSettings(SETTINGS);
    await server?.close();
  });

  it('chat-mcp-oauth: a turn is told the server needs sign-in; Sign in from the servers view opens the browser after the modal; the tool then works; no token in settings or logs; Sign out forgets', async () => {
    const { sim, vscode } = e2e();
    const page = vscode.page;

    // 1. A chat turn: the server answers 401, the turn does not wait, the model reads why.
    let from = sim.requests.length;
    sim.enqueueChat({ steps: ['Checking the MCP server.'], toolCalls: [{ id: 'call_notice', name: 'mcp_secure_sign_in_required', arguments: '{}' }] });
    const first = await chat.send('use the secure server');
    await chat.waitForState(first, 'done', 60_000);
    const offered = (bodyOf(chatRequests(from)[0]).tools ?? []).map((t: { function?: { name?: string } }) => t.function?.name ?? '');
    assert.ok(offered.includes('mcp_secure_sign_in_required'), offered.join(', '));
    assert.ok(!offered.includes('mcp_secure_echo'), 'no tool of a server awaiting sign-in is offered');
    assert.match(toolMessage(from, 'call_notice'), /needs the user to sign in.*"Venice: MCP Servers"/);
    assert.match(await chat.message(first).innerText(), /needs you to sign in/);
    assert.equal(server.log.registrations, 0, 'nothing was registered without the user');
    assert.equal(await serverState('secure'), 'needsSignIn');
    await page.screenshot({ path: `${SHOTS}/mcpauth-chat-needs-sign-in.png` });

    // 2. Cancel at the modal: nothing opens, the server still needs sign-in, and the user is told.
    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); void vscode.commands.executeCommand('venice.mcp.showServers', { server: 'secure', action: 'signIn' }); return true`);
    const modal = page.locator('.monaco-dialog-box');
    await modal.waitFor({ timeout: 30_000 });
    const pagesBefore = page.context().pages().length;
    await modal.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.notifications-toasts').getByText(/Sign-in to the MCP server "secure" was cancelled; it still needs sign-in/).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/mcpauth-cancelled.png` });
    assert.equal(page.context().pages().length, pagesBefore, 'no browser tab was opened');
    assert.equal(server.log.authorizations, 0);
    assert.equal(await serverState('secure'), 'needsSignIn');
    await vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); return true`);

    // 3. The servers view: the server needs sign-in; choose it, then Sign in.
    await runFromPalette(page, 'Venice: MCP Servers');
    const quick = page.locator('.quick-input-widget');
    await quick.getByText('needs sign-in', { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/mcpauth-servers-needs-sign-in.png` });
    await quick.locator('.monaco-list-row').filter({ hasText: 'secure' }).first().click();
    await quick.getByText('Sign in', { exact: true }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/mcpauth-sign-in-action.png` });
    await quick.getByText('Sign in', { exact: true }).click();

    // 4. The modal names the server and the authorization server's origin; nothing opens before "Open Browser".
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const shown = await dialog.innerText();
    assert.match(shown, /Sign in to the MCP server "secure"\?/);
    assert.equal(server.log.registrations, 1, 'the cancelled attempt registered once; this one reuses it');
    assert.ok(shown.includes(server.authOrigin), `the authorization server is named:\n${shown}`);
    assert.equal(server.log.authorizations, 0, 'the browser has not been sent yet');
    await page.screenshot({ path: `${SHOTS}/mcpauth-consent.png` });
    const tab = page.context().waitForEvent('page', { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Open Browser' }).click();
    const opened = await openedTab(page, tab);
    await opened.getByText('Signed in. You can close this tab').waitFor({ timeout: 30_000 });
    await opened.screenshot({ path: `${SHOTS}/mcpauth-browser-done.png` });
    assert.match(opened.url(), /^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    await opened.close();

    // 5. The server runs; the model calls its tool; the call carries the bearer token.
    await until('the server to run', async () => (await serverState('secure')) === 'running', 30_000);
    assert.deepEqual({ ...server.log }, { registrations: 1, authorizations: 1, codeExchanges: 1, refreshes: 0 });
    from = sim.requests.length;
    sim.enqueueChat({ steps: ['Asking the MCP server.'], toolCalls: [{ id: 'call_echo', name: 'mcp_secure_echo', arguments: JSON.stringify({ text: 'after sign-in' }) }] });
    const second = await chat.send('echo through the secure server');
    const answer = chat.message(second);
    const row = answer.locator('details[data-tool-call-id="call_echo"]');
    await row.and(answer.locator('[data-status="awaitingApproval"]')).waitFor({ timeout: 60_000 });
    await row.locator('xpath=..').locator('.approval-card').getByRole('button', { name: 'Apply' }).click();
    await chat.waitForState(second, 'done', 60_000);
    assert.match(toolMessage(from, 'call_echo'), /echo: after sign-in$/);
    assert.match(server.seenAuthorization.at(-1) ?? '', /^Bearer at-/);
    await page.screenshot({ path: `${SHOTS}/mcpauth-tool-works.png` });

    // 6. No token in the settings, the logs, the workspace, or what was sent to Venice.
    const tokens = server.issuedTokens();
    assert.ok(tokens.length >= 2);
    const places = [...filesUnder(path.join(vscode.userDataDir, 'User')).filter((f) => !/\.vscdb/.test(f)), ...filesUnder(path.join(vscode.userDataDir, 'logs')), ...filesUnder(vscode.workspace)];
    assert.ok(places.some((f) => /Venice MCP/.test(f)), `the MCP log is among the files read: ${places.filter((f) => /output/.test(f)).join(', ')}`);
    for (const f of places) {
      const text = readFileSync(f, 'utf8');
      for (const token of tokens) assert.ok(!text.includes(token), `a token in ${f}`);
    }
    const sentToVenice = JSON.stringify(sim.requests.map((r) => r.body));
    for (const token of tokens) assert.ok(!sentToVenice.includes(token), 'a token reached the model');

    // 7. Sign out deletes the tokens: the server needs sign-in again.
    await vscode.bridge.run(`return vscode.commands.executeCommand('venice.mcp.showServers', { server: 'secure', action: 'signOut' })`);
    assert.equal(await serverState('secure'), 'needsSignIn');
  });
});

/** The tab VS Code opened for the authorization URL (VS Code may first ask to open an external site). */
async function openedTab(page: Page, tab: Promise<Page>): Promise<Page> {
  const ask = page.locator('.monaco-dialog-box').filter({ hasText: /open the external website|Open External/i });
  const raced = await Promise.race([tab, ask.waitFor({ timeout: 30_000 }).then(() => undefined)]);
  if (raced) return raced;
  await page.screenshot({ path: `${SHOTS}/mcpauth-open-external-prompt.png` });
  await ask.getByRole('button', { name: 'Open' }).click();
  return tab;
}
