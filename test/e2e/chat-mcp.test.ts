// Issue 15 §1 in the real workbench: an MCP server from the user's venice.mcp.servers (the stdio test
// server built with the official SDK, test/fixtures/mcp/) starts on the first chat turn that offers
// tools; the model (the simulator, scripted) calls one of its tools; the same approval card as the
// editor tools asks; Apply runs it and the answer uses the result. "Venice: MCP Servers" shows the
// server, its tools and the refused schema. A workspace's .vscode/mcp.json starts a server only
// after the modal naming its command line.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import type { ToolCallSpec } from '../fixtures/simulator';
import { e2e } from './context';
import { bodyOf, chatRequests, openChat, recoverFromFailure, type ChatMessage, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import { resetUserSettings, runFromPalette, setApiKey, setUserSetting } from './helpers/workbench';

const SERVER = path.resolve(__dirname, '../fixtures/mcp/stdioServer.mjs');
const SHOTS = '/tmp';
const SETTINGS = ['venice.mcp.servers', 'venice.mcp.autoApprove'];

function toolNames(from: number): string[] {
  const sent = chatRequests(from);
  assert.ok(sent.length >= 1, 'a request was sent');
  return (bodyOf(sent[0]).tools ?? []).map((t: { function?: { name?: string } }) => t.function?.name ?? '');
}

function toolMessage(from: number, id: string): string {
  const sent = chatRequests(from);
  const messages: ChatMessage[] = bodyOf(sent[sent.length - 1]).messages;
  return messages.find((m) => m.role === 'tool' && m.tool_call_id === id)?.content ?? '';
}

describe('chat-mcp: MCP servers in the chat', function () {
  this.timeout(180_000);
  let chat: ChatView;
  let node: string;

  async function ask(prompt: string, calls: ToolCallSpec[]): Promise<{ id: string; answer: Locator; from: number }> {
    const { sim } = e2e();
    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['Asking the MCP server.'], toolCalls: calls });
    const id = await chat.send(prompt);
    return { id, answer: chat.message(id), from };
  }

  async function card(answer: Locator, callId: string): Promise<Locator> {
    const row = answer.locator(`details[data-tool-call-id="${callId}"]`);
    await row.and(answer.locator('[data-status="awaitingApproval"]')).waitFor({ timeout: 60_000 });
    const c = row.locator('xpath=..').locator('.approval-card');
    await c.waitFor({ timeout: 5_000 });
    return c;
  }

  before(async () => {
    await setApiKey();
    // The extension host's own Node runs the test server (the fixture imports the SDK from this repo).
    node = await e2e().vscode.bridge.run<string>(`return process.execPath`);
    await setUserSetting('venice.mcp.servers', { test: { command: node, args: [SERVER], env: { MCP_FIXTURE_FROM: 'e2e' } } });
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
  });

  it('chat-mcp: the model calls an MCP tool; the card asks, Apply runs it, the answer uses the result', async () => {
    const { id, answer, from } = await ask('echo something through MCP', [{ id: 'call_mcp', name: 'mcp_test_echo', arguments: JSON.stringify({ text: 'from the e2e test' }) }]);
    const c = await card(answer, 'call_mcp');
    const offered = toolNames(from);
    assert.ok(offered.includes('read_file'), 'the editor tools are still offered');
    assert.ok(offered.includes('mcp_test_echo'), `the MCP tools are offered: ${offered.join(', ')}`);
    assert.ok(!offered.includes('mcp_test_conditional'), 'the schema with "if" is not sent to Venice');
    assert.equal(await c.getAttribute('aria-label'), 'Approve: Run the MCP tool "echo" of the server "test"');
    const detail = await c.locator('.approval-detail').innerText();
    assert.match(detail, /"text": "from the e2e test"/);
    assert.ok(detail.includes(`Server: ${node} ${SERVER}`), detail);
    await e2e().vscode.page.screenshot({ path: `${SHOTS}/mcp-card.png` });

    await c.getByRole('button', { name: 'Apply' }).click();
    await chat.waitForState(id, 'done', 60_000);
    assert.match(toolMessage(from, 'call_mcp'), /Result of the MCP tool "echo" of the server "test".*\necho: from the e2e test$/);
    assert.match(await answer.innerText(), /Tool result received: .*echo: from the e2e test/);
    assert.equal(await answer.locator('details[data-tool-call-id="call_mcp"]').getAttribute('data-status'), 'done');
    await e2e().vscode.page.screenshot({ path: `${SHOTS}/mcp-answer.png` });
  });

  it('chat-mcp: Reject runs nothing and tells the model', async () => {
    const { id, answer, from } = await ask('crash it', [{ id: 'call_rej', name: 'mcp_test_crash', arguments: '{}' }]);
    await (await card(answer, 'call_rej')).getByRole('button', { name: 'Reject' }).click();
    await chat.waitForState(id, 'done');
    assert.match(toolMessage(from, 'call_rej'), /The user rejected running mcp_test_crash. Nothing was run./);
    const states = await e2e().vscode.bridge.run<Array<{ name: string; state: string }>>(`return vscode.commands.executeCommand('venice.mcp.showServers', { server: 'test', action: 'enable' })`);
    assert.equal(states.find((s) => s.name === 'test')?.state, 'running', 'the server never ran the crash tool');
  });

  it('chat-mcp: "Venice: MCP Servers" shows the server, its tools and the refused schema; Disable takes its tools away', async () => {
    const page = e2e().vscode.page;
    await runFromPalette(page, 'Venice: MCP Servers');
    const quick = page.locator('.quick-input-widget');
    await quick.getByText('running', { exact: false }).first().waitFor({ timeout: 20_000 });
    const text = await quick.innerText();
    assert.match(text, /test/);
    assert.match(text, /running · 10 tools \(1 refused\)/);
    await page.screenshot({ path: `${SHOTS}/mcp-servers.png` });
    await quick.locator('.monaco-list-row').filter({ hasText: 'running' }).first().click();
    await quick.getByText('Show Tools').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/mcp-server-actions.png` });
    await quick.getByText('Show Tools').click();
    await quick.getByText('mcp_test_conditional').waitFor({ timeout: 10_000 });
    assert.match(await quick.innerText(), /Refused: it uses the unsupported keyword "if"/);
    await page.screenshot({ path: `${SHOTS}/mcp-tools.png` });
    await page.keyboard.press('Escape');
    // F1 can reach the focused chat input before the palette opens: leave no draft behind.
    await chat.input.fill('');

    const states = await e2e().vscode.bridge.run<Array<{ name: string; state: string }>>(`return vscode.commands.executeCommand('venice.mcp.showServers', { server: 'test', action: 'disable' })`);
    assert.equal(states.find((s) => s.name === 'test')?.state, 'disabled');
    try {
      const { sim } = e2e();
      const from = sim.requests.length;
      const id = await chat.send('anything');
      await chat.waitForState(id, 'done');
      assert.ok(!toolNames(from).some((n) => n.startsWith('mcp_')), 'a disabled server offers no tools');
    } finally {
      await e2e().vscode.bridge.run(`return vscode.commands.executeCommand('venice.mcp.showServers', { server: 'test', action: 'enable' })`);
    }
  });

  it('chat-mcp: a server from the workspace\'s .vscode/mcp.json starts only after the modal naming its command line', async () => {
    const dir = path.join(e2e().vscode.workspace, '.vscode');
    const file = path.join(dir, 'mcp.json');
    const created = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify({ servers: { project: { type: 'stdio', command: node, args: [SERVER, '--from-workspace'] } } }));
    const page = e2e().vscode.page;
    try {
      const { sim } = e2e();
      const from = sim.requests.length;
      const id = await chat.send('what tools do you have?');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 30_000 });
      const shown = await dialog.innerText();
      assert.match(shown, /Start the MCP server "project" from this workspace's .vscode\/mcp.json\?/);
      assert.ok(shown.includes(`${node} ${SERVER} --from-workspace`), `the full command line is named:\n${shown}`);
      assert.equal(chatRequests(from).length, 0, 'nothing is sent while the user decides');
      await page.screenshot({ path: `${SHOTS}/mcp-workspace-trust.png` });
      await dialog.getByRole('button', { name: 'Trust and Start' }).click();
      await chat.waitForState(id, 'done', 60_000);
      const offered = toolNames(from);
      assert.ok(offered.includes('mcp_project_echo'), offered.join(', '));
      assert.ok(offered.includes('mcp_test_echo'), 'the user\'s server is still there');
    } finally {
      rmSync(created ? dir : file, { recursive: true, force: true });
      await until('the workspace server is gone', async () => {
        const states = await e2e().vscode.bridge.run<Array<{ name: string }>>(`return vscode.commands.executeCommand('venice.mcp.showServers', { server: 'test', action: 'enable' })`);
        // The next configuration read (any command or turn) drops it.
        return !states.some((s) => s.name === 'project');
      }, 10_000);
    }
  });
});
