// Installs what the real-VS-Code harness needs, once, into the git-ignored cache:
// code-server (VS Code's server + web workbench) built for Node 24, and checks Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CHROMIUM, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, node24 } from './paths';

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (!isRoot()) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's package: sudo apt-get install -y chromium libkrb5-dev`);
  }
  console.log('[harness] installing Debian packages chromium and libkrb5-dev…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'libkrb5-dev'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function ensureCodeServer(): void {
  if (existsSync(CODE_SERVER_ENTRY)) return;
  console.log(`[harness] installing code-server@${CODE_SERVER_VERSION} (about 2 minutes, once)…`);
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // Its postinstall builds native modules and checks that npm's Node is 24, so Node 24 goes first on PATH.
  writeFileSync(
    path.join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify({ name: 'venice-harness-code-server', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2),
  );
  // Inside `npm test` the outer npm's variables (npm_config_user_agent names Node 20, which the
  // postinstall reads) would leak into this install: start it with a clean npm environment.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD') env[k] = v;
  env.PATH = `${path.dirname(node24())}${path.delimiter}${process.env.PATH ?? ''}`;
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CODE_SERVER_DIR,
    stdio: 'inherit',
    env,
  });
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server install finished but ${CODE_SERVER_ENTRY} is missing`);
}

export function ensureHarness(): void {
  ensureChromium();
  ensureCodeServer();
}

if (require.main === module) ensureHarness();
