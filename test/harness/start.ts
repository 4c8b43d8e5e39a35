// `npm start`: opens a real VS Code (code-server, in your browser) with the freshly built extension.
// By default (or with `--simulator`) it is an offline demo: the local Venice simulator, its key given
// to code-server as VENICE_API_KEY (never written to settings), and a fresh copy of a small sample
// project opened as the workspace, so a first prompt answers and the editor tools work.
// `npm start -- --live` talks to the base URL in your user settings (default: Venice) with your key
// (Venice: Set API Key, or VENICE_API_KEY exported before starting), in a profile of its own.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureHarness } from './install';
import { CACHE, CODE_SERVER_ENTRY, REPO, node24 } from './paths';
import { freePort, installExtensionFolder } from './vscode';

const USAGE = 'Usage: npm start [-- --live | --simulator]\n  (default, --simulator) offline demo with the Venice simulator\n  --live                 your settings and key against api.venice.ai';
const DEMO_TEMPLATE = path.join(REPO, 'test', 'fixtures', 'demo-workspace');

interface Profile {
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  /** Merged over the profile's existing user settings. */
  settings: Record<string, unknown>;
  /** Extra environment for code-server and its extension host only. */
  env: Record<string, string>;
  /** code-server arguments beyond the common ones. */
  args: string[];
  /** Printed under the URL. */
  hint: string;
}

function parseMode(argv: string[]): 'demo' | 'live' {
  const unknown = argv.filter((a) => a !== '--live' && a !== '--simulator');
  if (unknown.length || (argv.includes('--live') && argv.includes('--simulator'))) {
    console.error(`${unknown.length ? `Unknown argument ${unknown.join(' ')}. ` : ''}${USAGE}`);
    process.exit(2);
  }
  return argv.includes('--live') ? 'live' : 'demo';
}

async function demoProfile(): Promise<Profile> {
  const root = path.join(CACHE, 'demo-profile');
  const workspace = path.join(root, 'workspace');
  // The whole demo starts fresh (sample project, chats, settings): the scripted edit must find the text
  // it replaces, and an old transcript would describe edits that are no longer there.
  rmSync(root, { recursive: true, force: true });
  cpSync(DEMO_TEMPLATE, workspace, { recursive: true });
  const { DEFAULT_VALID_KEY, demoChat, startSimulator } = await import('../fixtures/simulator');
  const sim = await startSimulator({ port: Number(process.env.VENICE_SIM_PORT || 0) || undefined, validKeys: [DEFAULT_VALID_KEY], defaultChat: demoChat });
  return {
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: path.join(root, 'extensions'),
    workspace,
    // The sample project's README says what to try; VS Code's own Chat panel (which asks for a Copilot
    // sign-in) starts hidden so the first chat a newcomer sees is Venice's.
    settings: { 'venice.apiBaseUrl': sim.url, 'workbench.startupEditor': 'readme', 'workbench.secondarySideBar.defaultVisibility': 'hidden',
      // The demo folder sits inside this repository's clone (.vscode-test/): no "open the parent repository?" prompt.
      'git.openRepositoryInParentFolders': 'never' },
    // The key's server, named beside it, so the demo does not ask before sending the key to the simulator.
    env: { VENICE_API_KEY: DEFAULT_VALID_KEY, VENICE_API_KEY_ORIGIN: new URL(sim.url).origin },
    // Workspace trust stays on in VS Code, but this private server trusts its one demo folder.
    // code-server keeps trusted folders in the browser's IndexedDB ("content.trust.model.key" in
    // vscode-web-state-db-global), which a server cannot write before the user's browser opens it;
    // without this flag a newcomer would first have to answer the trust dialog, or the editing
    // tools would stay off (Restricted Mode). --live keeps the dialog.
    args: ['--disable-workspace-trust'],
    hint: `Offline demo: Venice simulator at ${sim.url} (key ${DEFAULT_VALID_KEY}, given to VS Code as VENICE_API_KEY).\nOpen the Venice view in the activity bar and try "Make the greeting in src/greet.ts friendlier".`,
  };
}

function liveProfile(): Profile {
  const root = path.join(CACHE, 'start-profile');
  const userDataDir = path.join(root, 'user-data');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const settings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  const base = settings['venice.apiBaseUrl'];
  // Left over from a `--simulator` run of older versions, which shared this profile.
  const staleLoopback = typeof base === 'string' && /127\.0\.0\.1|localhost/.test(base);
  return {
    userDataDir,
    extensionsDir: path.join(root, 'extensions'),
    workspace: path.join(root, 'workspace'),
    settings: staleLoopback ? { 'venice.apiBaseUrl': undefined } : {},
    env: {},
    args: [],
    hint: 'Live: your settings and key (Venice: Set API Key, or VENICE_API_KEY exported before `npm start`).',
  };
}

async function main(): Promise<void> {
  const mode = parseMode(process.argv.slice(2));
  ensureHarness();
  const profile = mode === 'demo' ? await demoProfile() : liveProfile();
  for (const d of [path.join(profile.userDataDir, 'User'), profile.extensionsDir, profile.workspace]) mkdirSync(d, { recursive: true });
  installExtensionFolder(profile.extensionsDir);

  const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
  const existing = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  const settings = { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', ...existing, ...profile.settings };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2)); // JSON.stringify drops the undefined (removed) entries

  const port = Number(process.env.PORT || 0) || (await freePort());
  const proc = spawn(
    node24(),
    [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir,
      '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', ...profile.args, profile.workspace],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...profile.env } },
  );
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(profile.workspace)}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`\nVS Code with Venice AI is running: ${url}\nOpen it in your browser. Ctrl+C stops it.\n${profile.hint}\n`);
  const stop = () => {
    proc.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  proc.on('exit', (code) => process.exit(code ?? 0));
}

void main();
