// One live session with one MCP server, through the official SDK (the only file that loads it):
// stdio (a child process with only the SDK's short list of inherited variables plus the entry's
// "env": never the Venice key) or streamable HTTP (the entry's headers, and OAuth through the SDK's
// auth provider when the server asks for it: see oauthProvider.ts; signIn() is the user's sign-in).
// Lives in the lazy MCP chunk, so the SDK is never loaded at activation. No `vscode` import.
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { HttpServerConfig, ServerConfig } from './config';
import { McpOAuthProvider, SignInRequired, type SecretStore, type SignInInteraction } from './oauthProvider';

/** A tool as the server lists it (untrusted). */
export interface RemoteTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface McpConnection {
  /** Every tool the server lists (all pages, at most MAX_LISTED). */
  listTools(signal: AbortSignal, timeoutMs: number): Promise<RemoteTool[]>;
  /** The raw tools/call result; throws on a protocol error, a timeout or cancellation. */
  callTool(name: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  signal: AbortSignal;
  timeoutMs: number;
  clientVersion: string;
  /** A line the server wrote to stderr, or a transport event. */
  log(line: string): void;
  /** The session ended without close() (the process exited, the connection dropped). */
  onClosed(reason: string): void;
  /** The server said its tool list changed. */
  onToolsChanged(): void;
  /** Where an HTTP server's OAuth sign-in is kept (absent: static headers only). */
  secrets?: SecretStore;
}

/** More tools than any model can be offered: the rest is not even listed. */
const MAX_LISTED = 1000;

function httpTransport(cfg: HttpServerConfig, authProvider: McpOAuthProvider | undefined): StreamableHTTPClientTransport {
  return new StreamableHTTPClientTransport(new URL(cfg.url), { requestInit: { headers: cfg.headers }, ...(authProvider ? { authProvider } : {}) });
}

/** The SDK's "the server wants a token" (or our provider's refusal to go further in the background). */
function needsSignIn(e: unknown): boolean {
  return e instanceof SignInRequired || e instanceof UnauthorizedError;
}

function transportFor(cfg: ServerConfig, opts: ConnectOptions): Transport {
  if (cfg.kind === 'http') return httpTransport(cfg, opts.secrets ? new McpOAuthProvider(opts.secrets, cfg) : undefined);
  const log = opts.log;
  const transport = new StdioClientTransport({ command: cfg.command, args: cfg.args, env: cfg.env, cwd: cfg.cwd, stderr: 'pipe' });
  let pending = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) log(`stderr: ${line.slice(0, 2000)}`);
  });
  return transport;
}

export async function connect(cfg: ServerConfig, opts: ConnectOptions): Promise<McpConnection> {
  let closing = false;
  // A session that never opened is reported by connect()'s error, not as a crash.
  let open = false;
  const client = new Client(
    { name: 'venice-vscode', version: opts.clientVersion },
    { capabilities: {}, listChanged: { tools: { autoRefresh: false, onChanged: () => opts.onToolsChanged() } } },
  );
  const transport = transportFor(cfg, opts);
  client.onerror = (e) => opts.log(`transport error: ${e.message}`);
  client.onclose = () => {
    if (open && !closing) opts.onClosed(cfg.kind === 'stdio' ? 'the server process exited' : 'the connection closed');
  };
  try {
    await client.connect(transport, { signal: opts.signal, timeout: opts.timeoutMs });
  } catch (e) {
    closing = true;
    await client.close().catch(() => undefined);
    throw needsSignIn(e) ? new SignInRequired(cfg.name) : e;
  }
  open = true;
  const info = client.getServerVersion();
  opts.log(`connected${info ? ` to ${info.name} ${info.version}` : ''}`);

  return {
    async listTools(signal, timeoutMs) {
      const tools: RemoteTool[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined, { signal, timeout: timeoutMs });
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor && tools.length < MAX_LISTED);
      return tools.slice(0, MAX_LISTED);
    },
    async callTool(name, args, signal, timeoutMs) {
      try {
        return await client.callTool({ name, arguments: args }, undefined, { signal, timeout: timeoutMs });
      } catch (e) {
        // The token expired and could not be refreshed: the user signs in again.
        throw needsSignIn(e) ? new SignInRequired(cfg.name) : e;
      }
    },
    async close() {
      closing = true;
      await client.close().catch(() => undefined);
    },
  };
}

/**
 * The user's sign-in to an HTTP server, through the SDK's flow: a session attempt answered 401
 * runs discovery, registration and PKCE and hands the authorization URL to `interaction.open`;
 * then the code from `code()` is exchanged (transport.finishAuth). Resolves when tokens are
 * stored (or the server needed none); throws on cancellation, timeout or the server's refusal.
 */
export async function signIn(
  cfg: HttpServerConfig,
  opts: { secrets: SecretStore; interaction: SignInInteraction; code(): Promise<string>; signal: AbortSignal; timeoutMs: number; clientVersion: string },
): Promise<'signedIn' | 'notNeeded'> {
  const provider = new McpOAuthProvider(opts.secrets, cfg, opts.interaction);
  const transport = httpTransport(cfg, provider);
  const client = new Client({ name: 'venice-vscode', version: opts.clientVersion }, { capabilities: {} });
  try {
    try {
      await client.connect(transport, { signal: opts.signal, timeout: opts.timeoutMs });
      return 'notNeeded';
    } catch (e) {
      if (!(e instanceof UnauthorizedError) || !provider.authorizationUrl) throw e;
    }
    await transport.finishAuth(await opts.code());
    return 'signedIn';
  } finally {
    await client.close().catch(() => undefined);
  }
}
