// Publishes the user's `venice.mcp.servers` to VS Code as MCP server definitions (registered at
// activation: VS Code asks for them eagerly). Which entries and how is decided in published.ts; this
// file only builds VS Code's classes, tells VS Code when the setting or the workspace trust changes,
// and checks the key again when VS Code is about to start a server. Small and free of the MCP SDK:
// VS Code runs these servers itself, with its own approvals.
import * as vscode from 'vscode';
import { affects, config } from '../config';
import { MCP_PROVIDER_ID, SETTINGS } from '../ids';
import { log } from '../log';
import { parseServerSetting } from './config';
import { publishedServers, type PublishedServer } from './published';

type Definition = vscode.McpStdioServerDefinition | vscode.McpHttpServerDefinition;

function toDefinition(s: PublishedServer): Definition {
  if (s.kind === 'http') return new vscode.McpHttpServerDefinition(s.label, vscode.Uri.parse(s.url), s.headers, s.version);
  const def = new vscode.McpStdioServerDefinition(s.label, s.command, s.args, s.env, s.version);
  if (s.cwd) def.cwd = vscode.Uri.file(s.cwd);
  return def;
}

export function registerMcpDefinitions(context: vscode.ExtensionContext, keys: { get(): Promise<string | undefined> }): void {
  const changed = new vscode.EventEmitter<void>();

  async function current(): Promise<PublishedServer[]> {
    const key = await keys.get().catch(() => undefined);
    const parsed = parseServerSetting(config.mcp.servers());
    const { servers, skipped } = publishedServers({ servers: parsed.servers, trusted: vscode.workspace.isTrusted, secrets: [key, process.env.VENICE_API_KEY] });
    for (const line of skipped) log.warn(line);
    return servers;
  }

  const provider: vscode.McpServerDefinitionProvider<Definition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: async () => (await current()).map(toDefinition),
    // VS Code is about to start it: the entry must still be the user's, unchanged, and key-free.
    resolveMcpServerDefinition: async (def) => ((await current()).some((s) => s.label === def.label && s.version === def.version) ? def : undefined),
  };
  context.subscriptions.push(
    changed,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.mcpServers)) changed.fire();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
  );
}
