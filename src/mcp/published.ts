// The MCP servers Venice publishes to VS Code itself (vscode.lm.registerMcpServerDefinitionProvider):
// the user's own `venice.mcp.servers` entries, so VS Code's chat and agent mode (and with them the
// Venice language model provider, whose caller owns the tool list, and @venice through
// vscode.lm.invokeTool) get them with VS Code's own approvals. Only user-level entries: a
// workspace's .vscode/mcp.json is never published (its trust is Venice's own, per server); nothing in
// Restricted Mode; never an entry that would hand a server the Venice key. VS Code starts a server
// with the extension host's environment under the entry's `env`, so the Venice key variable is
// removed there explicitly. No `vscode` import: the adapter (definitionProvider.ts) builds the
// VS Code classes from these records.
import { createHash } from 'node:crypto';
import { fingerprint, keyExposure, type ServerConfig } from './config';

/** The variable that could carry the Venice key from the editor's environment into a server. */
export const KEY_ENV_VARIABLE = 'VENICE_API_KEY';

export interface PublishedStdio {
  kind: 'stdio';
  label: string;
  command: string;
  args: string[];
  /** The entry's variables; `null` removes an inherited one (the Venice key variable always). */
  env: Record<string, string | null>;
  cwd?: string;
  /** Changes when the entry changes, so VS Code offers to refresh its tools. */
  version: string;
}

export interface PublishedHttp {
  kind: 'http';
  label: string;
  url: string;
  headers: Record<string, string>;
  version: string;
}

export type PublishedServer = PublishedStdio | PublishedHttp;

export interface PublishInputs {
  /** The parsed servers (user and workspace alike: only the user's are published). */
  servers: readonly ServerConfig[];
  /** vscode.workspace.isTrusted: nothing is published in Restricted Mode. */
  trusted: boolean;
  /** Key values known now (SecretStorage, the environment), to refuse entries that hold one. */
  secrets: readonly (string | undefined)[];
}

export interface Published {
  servers: PublishedServer[];
  /** One line per user entry left out, and why (for the log). */
  skipped: string[];
}

/**
 * The label VS Code shows for a published server, and from which it names the server's tool set
 * (so @venice can tell these servers' tools from any other MCP server's in vscode.lm.tools).
 */
export function publishedLabel(name: string): string {
  return `Venice: ${name}`;
}

function versionOf(cfg: ServerConfig): string {
  return createHash('sha256').update(fingerprint(cfg)).digest('hex').slice(0, 12);
}

export function publishedServers({ servers, trusted, secrets }: PublishInputs): Published {
  const out: Published = { servers: [], skipped: [] };
  if (!trusted) return out;
  for (const cfg of servers) {
    if (cfg.source !== 'user') continue;
    const exposed = keyExposure(cfg, secrets);
    if (exposed) {
      out.skipped.push(`MCP server "${cfg.name}" is not published to VS Code: ${exposed}`);
      continue;
    }
    const version = versionOf(cfg);
    if (cfg.kind === 'http') {
      out.servers.push({ kind: 'http', label: publishedLabel(cfg.name), url: cfg.url, headers: { ...cfg.headers }, version });
      continue;
    }
    const env: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(cfg.env)) env[k] = v;
    env[KEY_ENV_VARIABLE] = null;
    out.servers.push({ kind: 'stdio', label: publishedLabel(cfg.name), command: cfg.command, args: [...cfg.args], env, ...(cfg.cwd ? { cwd: cfg.cwd } : {}), version });
  }
  return out;
}
