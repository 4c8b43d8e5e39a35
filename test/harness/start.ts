// `npm start`: opens a real VS Code (code-server, in your browser) with the freshly built extension
// installed. It talks to the base URL in your user settings (default: Venice) with your key
// (Venice: Set API Key, or VENICE_API_KEY). `npm start -- --simulator` uses the local Venice simulator.
import { spawn } from 'node:child_process';
import { mkdirSync, existsSync, writeFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureHarness } from './install';
import { CACHE, CODE_SERVER_ENTRY, node24 } from './paths';
import { freePort, installExtensionFolder } from './vscode';

async function main(): Promise<void> {
  ensureHarness();
  const useSimulator = process.argv.includes('--simulator');
  const profile = path.join(CACHE, 'start-profile');
  const userDataDir = path.join(profile, 'user-data');
  const extensionsDir = path.join(profile, 'extensions');
  const workspace = path.join(profile, 'workspace');
  for (const d of [path.join(userDataDir, 'User'), extensionsDir, workspace]) mkdirSync(d, { recursive: true });
  installExtensionFolder(extensionsDir);

  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const settings = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  if (useSimulator) {
    const { startSimulator } = await import('../fixtures/simulator');
    const sim = await startSimulator({ port: Number(process.env.VENICE_SIM_PORT || 0) || undefined });
    settings['venice.apiBaseUrl'] = sim.url;
    console.log(`Venice simulator: ${sim.url} (API key: test-key-123)`);
  } else if (typeof settings['venice.apiBaseUrl'] === 'string' && /127\.0\.0\.1|localhost/.test(String(settings['venice.apiBaseUrl']))) {
    delete settings['venice.apiBaseUrl']; // left over from a --simulator run
  }
  writeFileSync(settingsFile, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', ...settings }, null, 2));

  const port = Number(process.env.PORT || 0) || (await freePort());
  const proc = spawn(
    node24(),
    [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', workspace],
    { stdio: ['ignore', 'ignore', 'inherit'], env: process.env },
  );
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`\nVS Code with Venice AI is running: ${url}\nOpen it in your browser. Ctrl+C stops it.\n`);
  const stop = () => {
    proc.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  proc.on('exit', (code) => process.exit(code ?? 0));
}

void main();
