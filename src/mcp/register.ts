// The MCP feature at activation: only this stub. It registers "Venice: MCP Servers" and wraps the
// tool host; the feature itself (the official SDK, the manager, the view: the lazy chunk dist/mcp.js)
// loads on the first chat turn that offers tools while a server is configured (a user setting
// entry, or a .vscode/mcp.json in a trusted workspace), or when the command runs. It also publishes
// the user's servers to VS Code itself (definitionProvider.ts, no SDK).
import * as vscode from 'vscode';
import { config } from '../config';
import { COMMANDS } from '../ids';
import type { ToolHost } from '../tools/types';
import { isRecord } from '../util/guards';
import { redact } from '../util/redact';
import { registerMcpDefinitions } from './definitionProvider';
import type { McpFeature } from './feature';

export interface McpRegistration {
  /** The tool host with the MCP tools added (the one host every surface that runs tools uses). */
  withTools(base: ToolHost): ToolHost;
}

async function anyServerConfigured(): Promise<boolean> {
  const user = config.mcp.servers();
  if (isRecord(user) && Object.keys(user).length > 0) return true;
  if (!vscode.workspace.isTrusted) return false;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json')).then(
      () => true,
      () => false,
    );
    if (found) return true;
  }
  return false;
}

export function registerMcp(context: vscode.ExtensionContext, keys: { get(): Promise<string | undefined> }): McpRegistration {
  let feature: McpFeature | undefined;
  const load = (): McpFeature => {
    // The lazy chunk (esbuild.mjs lazyChunks): the SDK is loaded here, never at activation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
    feature ??= (require('./mcpChunk') as typeof import('./mcpChunk')).createMcpFeature(context, { keys, redact });
    return feature;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.mcpShowServers, (args?: unknown) => load().showServers(args)),
    { dispose: () => feature?.dispose() },
  );
  // The same servers for VS Code's own chat (and so the language model provider and @venice).
  registerMcpDefinitions(context, keys);
  return {
    withTools: (base) => {
      let host: ToolHost | undefined;
      return {
        prepare: async (model, signal) => {
          if (!host && (feature || (await anyServerConfigured()))) host = load().withTools(base);
          return (await (host ?? base).prepare?.(model, signal)) ?? [];
        },
        definitions: (model) => (host ?? base).definitions(model),
        isPaid: (name) => (host ?? base).isPaid(name),
        run: (call, ctx) => (host ?? base).run(call, ctx),
      };
    },
  };
}
