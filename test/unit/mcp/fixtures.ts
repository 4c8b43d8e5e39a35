// Helpers of the MCP unit tests: real test servers (stdio: test/fixtures/mcp/stdioServer.mjs,
// HTTP: httpServer.mjs on loopback) behind a real manager built like the extension builds it.
import * as path from 'node:path';
import type { ServerConfig, StdioServerConfig } from '../../../src/mcp/config';
import type { McpManager } from '../../../src/mcp/manager';
import { createMcpManager, type RuntimeDeps } from '../../../src/mcp/mcpRuntime';
import type { SecretStore } from '../../../src/mcp/oauthProvider';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/mcp');

export function stdioServer(name: string, env: Record<string, string> = {}): StdioServerConfig {
  return { kind: 'stdio', name, source: 'user', command: process.execPath, args: [path.join(FIXTURES, 'stdioServer.mjs')], env };
}

export interface TestManager {
  manager: McpManager;
  logs: string[];
}

/** SecretStorage in memory; `entries` is what it holds. */
export function memorySecrets(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (k) => entries.get(k),
    store: async (k, v) => void entries.set(k, v),
    delete: async (k) => void entries.delete(k),
  };
}

export function testManager(servers: ServerConfig[], opts: Partial<RuntimeDeps> = {}): TestManager {
  const logs: string[] = [];
  const manager = createMcpManager({
    secrets: memorySecrets(),
    clientVersion: 'test',
    mayStart: async () => undefined,
    log: (server, level, line) => logs.push(`${server} ${level} ${line}`),
    timing: { startMs: 10_000, backoffMs: () => 50, maxCrashes: 3, stableMs: 60_000 },
    ...opts,
  });
  manager.configure(servers, [], new Set());
  return { manager, logs };
}

export async function until(check: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const BIG_LIMITS = { maxTools: 118, maxChars: 60_000 };
