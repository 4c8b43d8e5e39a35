// Starts a real VS Code (code-server) with the built extension installed, and Chromium on its workbench.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page, type FrameLocator } from 'playwright-core';
import { CHROMIUM, CODE_SERVER_ENTRY, REPO, node24 } from './paths';

export interface LaunchOptions {
  /** Folder opened as the workspace. */
  workspace: string;
  /** Written to the user-level settings.json. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** false: Restricted Mode is possible (workspace trust enabled and the folder untrusted). */
  trusted?: boolean;
  /** Open Chromium on the workbench (default true). */
  browser?: boolean;
  /** Reuse an existing user-data dir (to test persistence across full restarts). */
  userDataDir?: string;
  viewport?: { width: number; height: number };
}

export interface Bridge {
  /** Runs `code` as the body of an async function(vscode, args, require) in the extension host. */
  run<T = unknown>(code: string, args?: unknown): Promise<T>;
  mocha(files: string[], grep?: string): Promise<{ results: Array<{ title: string; state: string; error?: string; duration?: number }> }>;
}

export interface VSCodeSession {
  url: string;
  page: Page;
  browser: Browser | undefined;
  bridge: Bridge;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  /** The extension host log (activation times, extension errors). */
  exthostLog(): string;
  /** Reloads the window (like "Developer: Reload Window") and waits for the extension host again. */
  reload(): Promise<void>;
  screenshot(name: string): Promise<string>;
  /** The chat webview's inner document (only when it is the only webview open: prefer findChatFrame). */
  chatFrame(): FrameLocator;
  /** The chat webview's inner document, told apart from other webviews (Player, previews) by its content. */
  findChatFrame(timeoutMs?: number): Promise<FrameLocator>;
  stop(): Promise<void>;
}

export const SCREENSHOTS = path.join(REPO, 'test-results', 'screenshots');
const EXTENSION_ID = 'venice-community.venice-vscode';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Copies the built extension (what the VSIX contains) into the extensions dir. */
export function installExtensionFolder(extensionsDir: string): string {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(extensionsDir, `${EXTENSION_ID}-${pkg.version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  if (!existsSync(path.join(REPO, 'dist', 'extension.js'))) throw new Error('dist/extension.js missing: run `npm run build` first');
  for (const f of ['package.json', 'README.md', 'LICENSE', 'dist', 'media']) {
    const src = path.join(REPO, f);
    if (existsSync(src)) cpSync(src, path.join(target, f), { recursive: true, filter: (s) => !s.endsWith('.map') && !s.endsWith('.vsix') });
  }
  const bridgeTarget = path.join(extensionsDir, 'venice-tests.venice-test-bridge-0.0.1');
  cpSync(path.join(__dirname, 'bridge-extension'), bridgeTarget, { recursive: true });
  return target;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastErr ? `: ${String(lastErr)}` : ''}`);
}

function makeBridge(port: number, token: string): Bridge {
  async function call<T>(route: string, body: unknown): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${port}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bridge-token': token },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { ok: boolean; value?: T; error?: string };
    if (!json.ok) throw new Error(`extension host: ${json.error}`);
    return json.value as T;
  }
  return {
    run: (code, args) => call('/run', { code, args }),
    mocha: (files, grep) => call('/mocha', { files, grep }),
  };
}

export async function launchVSCode(opts: LaunchOptions): Promise<VSCodeSession> {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed: run `node --import tsx test/harness/install.ts`');
  const root = mkdtempSync(path.join(os.tmpdir(), 'venice-vscode-'));
  const userDataDir = opts.userDataDir ?? path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    'window.restoreWindows': 'none',
    ...opts.userSettings,
  };
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  installExtensionFolder(extensionsDir);

  const port = await freePort();
  const bridgePort = await freePort();
  const token = randomBytes(16).toString('hex');
  const args = [
    CODE_SERVER_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(opts.trusted === false ? [] : ['--disable-workspace-trust']),
    opts.workspace,
  ];
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  delete env.VENICE_API_KEY;
  delete env.VENICE_API_KEY_ORIGIN;
  Object.assign(env, opts.env, {
    // Terminals start the machine's interactive bash, whose ~/.bashrc may run `pyenv init`: with a
    // stale rehash lock that waits 60 s before the prompt, so shell integration never reports within
    // the "Venice" terminal's wait. Giving up on the lock at once keeps the terminal path testable.
    PYENV_REHASH_TIMEOUT: '0',
    VENICE_TEST_REPO: REPO,
    VENICE_TEST_BRIDGE_PORT: String(bridgePort),
    VENICE_TEST_BRIDGE_TOKEN: token,
  });
  const serverLog: string[] = [];
  const proc: ChildProcess = spawn(node24(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  proc.stderr?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}`;
  try {
    await waitFor('code-server to listen', async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined), 60_000);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${String(e)}\n${serverLog.join('').slice(-3000)}`, { cause: e });
  }

  const bridge = makeBridge(bridgePort, token);
  let browser: Browser | undefined;
  let page: Page | undefined;
  if (opts.browser !== false) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
    page = await context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }
  await waitFor('the extension host (test bridge)', async () => ((await bridge.run<boolean>('return true')) ? true : undefined), 90_000, 500);

  const session: VSCodeSession = {
    url,
    page: page as Page,
    browser,
    bridge,
    userDataDir,
    extensionsDir,
    workspace: opts.workspace,
    exthostLog() {
      const logs = path.join(userDataDir, 'logs');
      if (!existsSync(logs)) return '';
      let out = '';
      for (const stamp of readdirSync(logs).sort()) {
        const dir = path.join(logs, stamp);
        for (const sub of existsSync(dir) ? readdirSync(dir) : []) {
          const f = path.join(dir, sub, 'remoteexthost.log');
          if (sub.startsWith('exthost') && existsSync(f)) out += readFileSync(f, 'utf8');
        }
      }
      return out;
    },
    async reload() {
      if (!page) throw new Error('no browser');
      // The old extension host can linger (and keep answering the bridge) for a while after the reload
      // starts on a loaded machine; a command sent to it then never settles. So wait for a new process.
      const before = await bridge.run<number>('return process.pid');
      await bridge.run('setTimeout(() => vscode.commands.executeCommand("workbench.action.reloadWindow"), 50); return true');
      await new Promise((r) => setTimeout(r, 1500));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await waitFor('a new extension host after reload', async () => ((await bridge.run<number>('return process.pid')) !== before ? true : undefined), 90_000, 500);
    },
    async screenshot(name: string) {
      if (!page) throw new Error('no browser');
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    chatFrame() {
      if (!page) throw new Error('no browser');
      return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    },
    async findChatFrame(timeoutMs = 30_000) {
      const p = page;
      if (!p) throw new Error('no browser');
      // Webview iframes carry no view id; the chat is the one whose document has the "Chat input" box.
      return waitFor('the chat webview', async () => {
        const names = await p.locator('iframe.webview.ready').evaluateAll((els) => els.map((e) => e.getAttribute('name') ?? ''));
        for (const name of names) {
          const inner = p.frameLocator(`iframe.webview.ready[name="${name}"]`).frameLocator('#active-frame');
          if (await inner.locator('textarea[aria-label="Chat input"]').count().catch(() => 0)) return inner;
        }
        return undefined;
      }, timeoutMs);
    },
    async stop() {
      await browser?.close().catch(() => undefined);
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      if (proc.exitCode === null) proc.kill('SIGKILL');
      if (!opts.userDataDir) rmSync(root, { recursive: true, force: true });
    },
  };
  return session;
}
