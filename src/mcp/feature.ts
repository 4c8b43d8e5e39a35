// The MCP feature behind the thin activation stub (register.ts), inside the lazy chunk: the editor
// side rules. User-level settings only; a workspace's .vscode/mcp.json only in a trusted workspace
// and only for servers the user trusted once (a modal naming the full command line); never the
// Venice key in a server's entry; one "Venice MCP" log channel; the manager and the MCP Servers view;
// OAuth sign-ins kept in the extension's SecretStorage (signIn.ts runs the user's sign-in).
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { affects, config } from '../config';
import { SETTINGS } from '../ids';
import type { ToolHost } from '../tools/types';
import { notifyInfo, notifyWarning } from '../ui/notify';
import { describeTarget, fingerprint, keyExposure, mergeServers, parseServerSetting, parseWorkspaceFile, type ParsedServers, type ServerConfig } from './config';
import { createMcpManager } from './mcpRuntime';
import type { McpManager, ServerStatus } from './manager';
import { forgetSignIn, hasSignIn } from './oauthProvider';
import { runSignIn } from './signIn';
import { showServers, type McpControl } from './serversView';
import { withMcpTools, type McpToolSource } from './toolHost';

const TRUSTED_KEY = 'venice.mcp.trustedWorkspaceServers';
const DISABLED_KEY = 'venice.mcp.disabledServers';
const CALL_TIMEOUT_MS = 120_000;

export interface McpFeature {
  /** The tool host with the MCP tools added (the one host every surface that runs tools uses). */
  withTools(base: ToolHost): ToolHost;
  /** The "Venice: MCP Servers" command. */
  showServers(args?: unknown): Promise<ServerStatus[]>;
  dispose(): void;
}


export interface McpFeatureDeps {
  keys: { get(): Promise<string | undefined> };
  /**
   * The activation bundle's redact(): it knows the key's value (this chunk's own copy of
   * src/util/redact.ts would not), so every log line goes through it.
   */
  redact(text: string): string;
}

export function createMcpFeature(context: vscode.ExtensionContext, { keys, redact }: McpFeatureDeps): McpFeature {
  let manager: McpManager | undefined;
  let channel: vscode.LogOutputChannel | undefined;
  const out = (): vscode.LogOutputChannel => (channel ??= vscode.window.createOutputChannel('Venice MCP', { log: true }));
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
  const disabled = (): Set<string> => new Set(context.globalState.get<string[]>(DISABLED_KEY, []));

  async function readServers(): Promise<ParsedServers> {
    const user = parseServerSetting(config.mcp.servers());
    // Never in Restricted Mode: an untrusted folder must not even get its servers listed.
    if (!vscode.workspace.isTrusted) return user;
    const workspace: ParsedServers = { servers: [], errors: [] };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      } catch {
        continue;
      }
      const parsed = parseWorkspaceFile(text, folder.uri.fsPath);
      for (const s of parsed.servers) if (s.kind === 'stdio') s.cwd ??= folder.uri.fsPath;
      workspace.servers.push(...parsed.servers);
      workspace.errors.push(...parsed.errors.map((e) => `${folder.name}: ${e}`));
    }
    return mergeServers(user, workspace);
  }

  function trustId(cfg: ServerConfig): string {
    return createHash('sha256').update(fingerprint(cfg)).digest('hex');
  }

  async function mayStart(cfg: ServerConfig): Promise<string | undefined> {
    const key = await keys.get().catch(() => undefined);
    const exposed = keyExposure(cfg, [key, process.env.VENICE_API_KEY]);
    if (exposed) return `not started: ${exposed}`;
    if (cfg.source !== 'workspace') return undefined;
    if (!vscode.workspace.isTrusted) return 'not started: servers from .vscode/mcp.json never start in Restricted Mode';
    const trusted = context.globalState.get<string[]>(TRUSTED_KEY, []);
    const id = trustId(cfg);
    if (trusted.includes(id)) return undefined;
    const where = cfg.kind === 'stdio' ? `It runs this command on your computer:\n\n${describeTarget(cfg)}\n\nin ${cfg.cwd ?? 'the workspace folder'}` : `It connects to:\n\n${describeTarget(cfg)}`;
    const choice = await notifyWarning(
      `Start the MCP server "${cfg.name}" from this workspace's .vscode/mcp.json?`,
      { modal: true, detail: `${where}${Object.keys(cfg.kind === 'stdio' ? cfg.env : cfg.headers).length ? `\n\nwith ${cfg.kind === 'stdio' ? 'variables' : 'headers'}: ${Object.keys(cfg.kind === 'stdio' ? cfg.env : cfg.headers).join(', ')}` : ''}\n\nStart only servers you trust: the workspace chose this entry. Venice asks again if it changes.` },
      'Trust and Start',
    );
    if (choice !== 'Trust and Start') return 'not started: you did not trust this workspace server (Restart it in "Venice: MCP Servers" to be asked again)';
    await context.globalState.update(TRUSTED_KEY, [...trusted.filter((t) => t !== id), id].slice(-200));
    return undefined;
  }

  function load(): McpManager {
    if (!manager) {
      manager = createMcpManager({
        secrets: context.secrets,
        clientVersion: version,
        mayStart,
        log: (server, level, line) => out()[level](redact(`[${server}] ${line}`)),
      });
    }
    return manager;
  }

  async function configured(): Promise<McpManager | undefined> {
    const parsed = await readServers();
    if (parsed.servers.length === 0 && parsed.errors.length === 0 && !manager) return undefined;
    const m = load();
    m.configure(parsed.servers, parsed.errors, disabled());
    for (const e of parsed.errors) out().warn(redact(e));
    return m;
  }

  const source: McpToolSource = {
    prepare: async (signal) => {
      await (await configured())?.prepare(signal);
    },
    offer: (limits) => manager?.offer(limits) ?? { tools: [], notes: [] },
    call: (server, tool, args, signal, timeoutMs) => (manager ? manager.call(server, tool, args, signal, timeoutMs) : Promise.reject(new Error('no MCP server is running'))),
  };

  const signingIn = new Set<string>();
  const logFor = (server: string) => (level: 'info' | 'warn' | 'error', line: string) => out()[level](redact(`[${server}] ${line}`));
  async function httpEntry(server: string): Promise<{ m: McpManager; cfg: Extract<ServerConfig, { kind: 'http' }> } | undefined> {
    const m = (await configured()) ?? load();
    const cfg = m.configOf(server);
    return cfg?.kind === 'http' ? { m, cfg } : undefined;
  }

  const control: McpControl = {
    manager: async () => (await configured()) ?? load(),
    showLog: () => out().show(true),
    setDisabled: async (server, off) => {
      const names = disabled();
      if (off) names.add(server);
      else names.delete(server);
      await context.globalState.update(DISABLED_KEY, [...names]);
      await manager?.setDisabled(server, off);
    },
    signIn: async (server) => {
      const entry = await httpEntry(server);
      if (!entry) {
        void notifyWarning(`The MCP server "${server}" is not an HTTP server in your configuration: it has no sign-in.`);
        return;
      }
      if (signingIn.has(server)) {
        void notifyInfo(`A sign-in to the MCP server "${server}" is already running: finish it in your browser, or cancel it in its notification.`);
        return;
      }
      // The same rules as a start: never for an entry holding the key, a workspace entry only once trusted.
      const refusal = await mayStart(entry.cfg);
      if (refusal) {
        void notifyWarning(`MCP server "${server}": ${refusal}`);
        return;
      }
      signingIn.add(server);
      try {
        const outcome = await runSignIn(entry.cfg, { secrets: context.secrets, clientVersion: version, log: logFor(server) });
        if (outcome === 'signedIn' || outcome === 'notNeeded') await entry.m.restart(server);
      } finally {
        signingIn.delete(server);
      }
    },
    signOut: async (server) => {
      const entry = await httpEntry(server);
      if (!entry) return;
      await forgetSignIn(context.secrets, entry.cfg);
      logFor(server)('info', 'signed out: the stored tokens and client registration were deleted');
      await entry.m.restart(server);
      void notifyInfo(`Signed out of the MCP server "${server}": its stored tokens were deleted.`);
    },
    isSignedIn: async (server) => {
      const entry = await httpEntry(server);
      return entry ? hasSignIn(context.secrets, entry.cfg) : false;
    },
  };

  const listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (manager && affects(e, SETTINGS.mcpServers)) void configured();
  });

  return {
    withTools: (base) =>
      withMcpTools(base, {
        source: () => source,
        isTrusted: () => vscode.workspace.isTrusted,
        autoApproved: (name) => config.mcp.autoApprove().includes(name),
        callTimeoutMs: () => CALL_TIMEOUT_MS,
      }),
    showServers: (args) => showServers(control, args),
    dispose: () => {
      listener.dispose();
      void manager?.dispose();
      channel?.dispose();
    },
  };
}
