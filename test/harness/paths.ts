// Where the real-VS-Code harness keeps its tools. Everything is installed by install.ts, never by hand.
import * as path from 'node:path';
import { existsSync } from 'node:fs';

export const REPO = path.resolve(__dirname, '..', '..');
export const CACHE = process.env.VENICE_HARNESS_CACHE ? path.resolve(process.env.VENICE_HARNESS_CACHE) : path.join(REPO, '.vscode-test');
export const CODE_SERVER_VERSION = '4.139.1';
export const CODE_SERVER_DIR = path.join(CACHE, 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.VENICE_CHROMIUM || '/usr/bin/chromium';

/** Node 24 runs code-server (it refuses older Node). npm scripts already run on it via the `node` devDependency. */
export function node24(): string {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const local = path.join(REPO, 'node_modules', 'node', 'bin', 'node');
  if (existsSync(local)) return local;
  throw new Error('Node 24 not found: run `npm ci` first (the `node` devDependency provides it).');
}
