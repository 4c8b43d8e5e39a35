// Issue 15 in VS Code's own Chat view: the user's venice.mcp.servers entry (the stdio test server
// built with the official SDK) is published to VS Code (vscode.lm.registerMcpServerDefinitionProvider);
// VS Code starts it; @venice offers its tools (and no other tool VS Code lists) to the model, runs the
// call through vscode.lm.invokeTool, so VS Code's own confirmation asks in the chat; the answer reads
// the result. After each answer a quiet line shows its tokens and cost.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { RecordedRequest } from '../fixtures/simulator';
import { e2e } from './context';
import { until } from './helpers/wait';
import { send, settled } from './helpers/vscodeChat';
import { resetUserSettings, setApiKey, setUserSetting } from './helpers/workbench';

const SERVER = path.resolve(__dirname, '../fixtures/mcp/stdioServer.mjs');
/** VS Code names the tools after the name the server gives itself ("venice-test-server"). */
const ECHO = 'mcp_venice-test-s_echo';

type Body = { tools?: Array<{ function: { name: string } }>; messages: Array<{ role: string; content: unknown; tool_call_id?: string }> };
const chatBodies = (from: number): Body[] => e2e().sim.requests.slice(from).filter((r: RecordedRequest) => r.path === '/chat/completions').map((r) => r.body as Body);

describe('participant-mcp: @venice with the MCP servers Venice publishes to VS Code', function () {
  this.timeout(180_000);

  before(async () => {
    const { vscode } = e2e();
    await setApiKey();
    const node = await vscode.bridge.run<string>(`return process.execPath`);
    await setUserSetting('venice.mcp.servers', { test: { command: node, args: [SERVER], env: { MCP_FIXTURE_FROM: 'e2e' } } });
  });

  after(async () => {
    const { vscode } = e2e();
    await resetUserSettings(['venice.mcp.servers']);
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.chat.newChat').then(undefined, () => undefined); return true;`);
  });

  it('participant-mcp: VS Code lists the published server, and an @venice answer ends with its tokens and cost', async () => {
    const { vscode, sim } = e2e();
    sim.enqueueChat({ steps: ['Hello from Venice.'], usage: { prompt_tokens: 1_234, completion_tokens: 56, total_tokens: 1_290 }, cost: { usd: 0.0021, diem: 0.0021 } });
    const answer = await send('@venice hello');
    const text = await settled(answer);
    assert.match(text, /Hello from Venice\./);
    assert.match(text, /\n[\w.-]+ · 1\.2k in · 56 out · \$0\.0021\n/, `the cost line (model · tokens · cost): ${text}`);
    assert.equal(await answer.locator('em', { hasText: '1.2k in · 56 out' }).count(), 1, 'the line is set apart (italics)');
    await vscode.screenshot('participant-cost-line');
    // VS Code started the published server for the chat and lists its tools under Venice's label.
    await until('VS Code to list the published server’s tools', async () => (await vscode.bridge.run<string[]>(`return vscode.lm.tools.map(t => t.name)`)).includes(ECHO), 30_000);
    const ref = await vscode.bridge.run<string>(`return vscode.lm.tools.find(t => t.name === ${JSON.stringify(ECHO)}).fullReferenceName`);
    assert.equal(ref, 'venice:-test/echo');
  });

  it('participant-mcp: @venice calls an MCP tool; VS Code’s own confirmation asks; the answer uses the result', async () => {
    const { vscode, sim } = e2e();
    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['Asking the MCP server.'], toolCalls: [{ id: 'call_echo', name: ECHO, arguments: JSON.stringify({ text: 'from @venice' }) }] });
    sim.enqueueChat({ steps: ['The server echoed it back.'] });
    const answer = await send('@venice echo something through MCP');
    // VS Code's confirmation in the chat, not a Venice card.
    const allow = answer.locator('.chat-confirmation-widget-container .monaco-button, .chat-confirmation-widget .monaco-button').filter({ hasText: /^(Allow|Continue)/ }).first();
    await allow.waitFor({ state: 'visible', timeout: 30_000 });
    await vscode.screenshot('participant-mcp-confirmation');
    const offered = (chatBodies(from)[0]?.tools ?? []).map((t) => t.function.name);
    assert.ok(offered.includes(ECHO), `the published server's tools are offered: ${offered.join(', ')}`);
    assert.ok(offered.every((n) => n.startsWith('mcp_venice-test-s_')), `no other tool VS Code lists is offered: ${offered.join(', ')}`);
    assert.equal(chatBodies(from).length, 1, 'nothing runs before the user allows it');
    await allow.click();
    const text = await settled(answer);
    assert.match(text, /The server echoed it back\./);
    const bodies = chatBodies(from);
    assert.equal(bodies.length, 2);
    const result = bodies[1].messages.find((m) => m.role === 'tool' && m.tool_call_id === 'call_echo');
    assert.match(String(result?.content), /from @venice/, 'the tool result went back to the model');
    await vscode.screenshot('participant-mcp-answer');
  });
});
