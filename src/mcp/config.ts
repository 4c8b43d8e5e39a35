// What an MCP server is, read from untrusted JSON: the user's `venice.mcp.servers` setting and a
// workspace's `.vscode/mcp.json`. Every field is checked here, once; a bad entry becomes an error
// message and is never started. Also: the command line a user is shown before trusting a workspace
// server, the fingerprint that trust is tied to, and the check that the Venice key never reaches a
// server. No `vscode` import.
import { asRecord, isRecord } from '../util/guards';

export type ServerSource = 'user' | 'workspace';

interface ServerBase {
  /** The key in the settings object (or mcp.json). */
  name: string;
  source: ServerSource;
}

export interface StdioServerConfig extends ServerBase {
  kind: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface HttpServerConfig extends ServerBase {
  kind: 'http';
  url: string;
  headers: Record<string, string>;
}

export type ServerConfig = StdioServerConfig | HttpServerConfig;

export interface ParsedServers {
  servers: ServerConfig[];
  /** One line per refused entry, e.g. `MCP server "x": "command" must be a non-empty string`. */
  errors: string[];
}

const MAX_SERVERS = 50;
const MAX_NAME = 64;

function stringMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return undefined;
    out[k] = v;
  }
  return out;
}

/** A loopback host: plain http is allowed only there (headers may carry tokens). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

function parseOne(name: string, raw: unknown, source: ServerSource, vars: Record<string, string>): ServerConfig | string {
  const where = `MCP server "${name.slice(0, MAX_NAME)}"`;
  if (!name.trim() || name.length > MAX_NAME) return `${where}: the name must be 1 to ${MAX_NAME} characters`;
  const entry = asRecord(raw);
  if (!entry) return `${where}: the entry must be an object with "command" or "url"`;
  const expand = (s: string): string => s.replace(/\$\{(\w+)\}/g, (whole, v: string) => vars[v] ?? whole);
  const type = entry.type;
  if (typeof entry.url === 'string' || type === 'http') {
    if (typeof entry.url !== 'string') return `${where}: "url" must be a string`;
    let url: URL;
    try {
      url = new URL(entry.url);
    } catch {
      return `${where}: "url" is not a valid URL`;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
      return `${where}: "url" must use https (plain http only for localhost)`;
    }
    const headers = stringMap(entry.headers);
    if (!headers) return `${where}: "headers" must be an object of strings`;
    return { kind: 'http', name, source, url: url.toString(), headers };
  }
  if (type !== undefined && type !== 'stdio') return `${where}: "type" must be "stdio" or "http"`;
  if (typeof entry.command !== 'string' || !entry.command.trim()) return `${where}: "command" must be a non-empty string (or give a "url")`;
  const args = entry.args ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) return `${where}: "args" must be an array of strings`;
  const env = stringMap(entry.env);
  if (!env) return `${where}: "env" must be an object of strings`;
  if (entry.cwd !== undefined && typeof entry.cwd !== 'string') return `${where}: "cwd" must be a string`;
  return {
    kind: 'stdio',
    name,
    source,
    command: expand(entry.command),
    args: (args as string[]).map(expand),
    env,
    ...(typeof entry.cwd === 'string' ? { cwd: expand(entry.cwd) } : {}),
  };
}

/** The `venice.mcp.servers` setting (name → entry). */
export function parseServerSetting(value: unknown): ParsedServers {
  return parseEntries(asRecord(value) ?? {}, 'user', {});
}

/**
 * A workspace's `.vscode/mcp.json`: VS Code's format (`{"servers": {…}}`) or the common
 * `{"mcpServers": {…}}`. `${workspaceFolder}` in command, args and cwd becomes the folder's path.
 */
export function parseWorkspaceFile(text: string, folderPath: string): ParsedServers {
  let json: unknown;
  try {
    json = JSON.parse(stripJsonComments(text));
  } catch {
    return { servers: [], errors: ['.vscode/mcp.json is not valid JSON'] };
  }
  const root = asRecord(json);
  const servers = asRecord(root?.servers) ?? asRecord(root?.mcpServers);
  if (!servers) return { servers: [], errors: ['.vscode/mcp.json has no "servers" object'] };
  return parseEntries(servers, 'workspace', { workspaceFolder: folderPath });
}

function parseEntries(entries: Record<string, unknown>, source: ServerSource, vars: Record<string, string>): ParsedServers {
  const out: ParsedServers = { servers: [], errors: [] };
  for (const [name, raw] of Object.entries(entries).slice(0, MAX_SERVERS)) {
    const parsed = parseOne(name, raw, source, vars);
    if (typeof parsed === 'string') out.errors.push(parsed);
    else out.servers.push(parsed);
  }
  return out;
}

/** mcp.json files are JSONC: line and block comments outside strings, trailing commas. */
function stripJsonComments(text: string): string {
  return text
    .replace(/"(?:\\.|[^"\\])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith('"') ? m : ''))
    .replace(/,(\s*[}\]])/g, '$1');
}

/** User servers first; a workspace server with a user server's name is left out (the user's wins). */
export function mergeServers(user: ParsedServers, workspace: ParsedServers): ParsedServers {
  const names = new Set(user.servers.map((s) => s.name));
  const errors = [...user.errors, ...workspace.errors];
  const servers = [...user.servers];
  for (const s of workspace.servers) {
    if (names.has(s.name)) errors.push(`MCP server "${s.name}" in .vscode/mcp.json is ignored: your settings define a server with that name`);
    else {
      names.add(s.name);
      servers.push(s);
    }
  }
  return { servers, errors };
}

function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** What the server runs or reaches, as the user reads it: the full command line, or the URL. */
export function describeTarget(cfg: ServerConfig): string {
  if (cfg.kind === 'http') return cfg.url;
  return [cfg.command, ...cfg.args].map(quoteArg).join(' ');
}

/** Everything the trust decision covers: a changed command, argument, variable or folder asks again. */
export function fingerprint(cfg: ServerConfig): string {
  return cfg.kind === 'http'
    ? JSON.stringify(['http', cfg.name, cfg.url, cfg.headers])
    : JSON.stringify(['stdio', cfg.name, cfg.command, cfg.args, cfg.env, cfg.cwd ?? '']);
}

const KEY_VARIABLE = /^venice_api_key$/i;

/**
 * Why a server must not start because its configuration would hand it the Venice API key (in a
 * variable called VENICE_API_KEY, or the key's value in any variable, argument, URL or header),
 * or undefined. `secrets` are the key values known now.
 */
export function keyExposure(cfg: ServerConfig, secrets: readonly (string | undefined)[]): string | undefined {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const holdsKey = (text: string): boolean => values.some((s) => text.includes(s));
  const why = 'Venice never passes its API key to an MCP server. Remove it from the server\'s entry.';
  if (cfg.kind === 'stdio') {
    if (Object.keys(cfg.env).some((k) => KEY_VARIABLE.test(k))) return `its "env" sets VENICE_API_KEY. ${why}`;
    if (Object.values(cfg.env).some(holdsKey)) return `its "env" holds the Venice API key. ${why}`;
    if ([cfg.command, ...cfg.args, cfg.cwd ?? ''].some(holdsKey)) return `its command line holds the Venice API key. ${why}`;
    return undefined;
  }
  if (holdsKey(cfg.url) || Object.values(cfg.headers).some(holdsKey)) return `its URL or headers hold the Venice API key. ${why}`;
  return undefined;
}
