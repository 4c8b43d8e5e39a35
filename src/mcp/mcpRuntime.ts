// The lazy MCP chunk's parts (esbuild.mjs `lazyChunks`, dist/mcp.js): the manager with the official
// SDK's connection (with the OAuth sign-ins kept in `secrets`) and ajv's compiler. register.ts require()s the chunk (entry: chunk.ts) when a chat
// turn first offers tools with a server configured, or when "Venice: MCP Servers" opens; never at
// activation. No `vscode` import (unit tests build managers here).
import { compileArgCheck } from './argValidator';
import { connect } from './connection';
import { McpManager, type ManagerDeps } from './manager';
import type { SecretStore } from './oauthProvider';

export type RuntimeDeps = Omit<ManagerDeps, 'connect' | 'compile'> & { secrets: SecretStore };

export function createMcpManager({ secrets, ...deps }: RuntimeDeps): McpManager {
  return new McpManager({ ...deps, connect: (cfg, opts) => connect(cfg, { ...opts, secrets }), compile: compileArgCheck });
}
