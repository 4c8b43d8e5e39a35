// "Venice: MCP Servers": each server's state, its tools (offered names, refused schemas with the
// reason), its last error, and Start/Restart, Disable/Enable, Sign in/Sign out (OAuth servers) and
// Show Log. The list refreshes while it is open. With an argument object ({server, action}) it acts without prompts; it always returns
// the servers' states (for scripts and tests). Server names, errors and tool names are untrusted:
// shown on one line, never as links.
import * as vscode from 'vscode';
import { asRecord } from '../util/guards';
import { oneLine } from '../util/text';
import type { McpManager, ServerStatus } from './manager';
import { McpNameTable } from './names';

/** What the view works with (feature.ts gives it). */
export interface McpControl {
  /** The manager with the current configuration (loads the chunk; starts nothing). */
  manager(): Promise<McpManager>;
  showLog(): void;
  setDisabled(server: string, disabled: boolean): Promise<void>;
  /** The OAuth sign-in (browser), then a restart; resolves when it ended, whatever the outcome. */
  signIn(server: string): Promise<void>;
  /** Deletes the server's stored tokens and client registration, then restarts it. */
  signOut(server: string): Promise<void>;
  /** Tokens are stored for this (HTTP) server. */
  isSignedIn(server: string): Promise<boolean>;
}

type Action = 'start' | 'restart' | 'disable' | 'enable' | 'showLog' | 'signIn' | 'signOut';
const ACTIONS: readonly Action[] = ['start', 'restart', 'disable', 'enable', 'showLog', 'signIn', 'signOut'];

const ICONS: Record<ServerStatus['state'], string> = {
  idle: '$(circle-outline)',
  starting: '$(sync~spin)',
  running: '$(pass-filled)',
  restarting: '$(sync~spin)',
  failed: '$(error)',
  disabled: '$(circle-slash)',
  needsSignIn: '$(account)',
};

const STATE_LABELS: Record<ServerStatus['state'], string> = {
  idle: 'not started (starts with the next chat answer that offers tools)',
  starting: 'starting',
  running: 'running',
  restarting: 'restarting',
  failed: 'failed',
  disabled: 'disabled',
  needsSignIn: 'needs sign-in (choose it, then Sign in)',
};

const line = (text: string, max = 200): string => oneLine(text, { maxLength: max, stripInvisible: true });

function toolSummary(s: ServerStatus): string {
  if (s.state !== 'running') return '';
  const refused = s.tools.filter((t) => t.refused).length;
  return ` · ${s.tools.length} tools${refused ? ` (${refused} refused)` : ''}`;
}

interface ServerItem extends vscode.QuickPickItem {
  server?: string;
  special?: 'log' | 'settings';
}

function serverItems(statuses: readonly ServerStatus[], errors: readonly string[]): ServerItem[] {
  const items: ServerItem[] = statuses.map((s) => ({
    label: `${ICONS[s.state]} ${line(s.name, 64)}`,
    description: `${STATE_LABELS[s.state]}${toolSummary(s)}${s.source === 'workspace' ? ' · from .vscode/mcp.json' : ''}`,
    detail: `${line(s.target, 120)}${s.lastError ? ` · last error: ${line(s.lastError)}` : ''}`,
    server: s.name,
  }));
  if (items.length === 0) items.push({ label: 'No MCP servers are configured', description: 'add them in the setting venice.mcp.servers', special: 'settings' });
  for (const e of errors) items.push({ label: `$(warning) ${line(e)}`, special: 'settings' });
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(output) Show Log', special: 'log' }, { label: '$(gear) Open MCP Settings', special: 'settings' });
  return items;
}

async function pickServer(control: McpControl): Promise<ServerItem | undefined> {
  const manager = await control.manager();
  const pick = vscode.window.createQuickPick<ServerItem>();
  pick.title = 'Venice: MCP Servers';
  pick.placeholder = 'Choose a server to see its tools, restart, disable or enable it';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const refresh = (): void => {
    pick.items = serverItems(manager.statuses(), manager.errors);
  };
  refresh();
  const sub = manager.onDidChange(refresh);
  try {
    return await new Promise<ServerItem | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    sub.dispose();
    pick.dispose();
  }
}

async function pickAction(status: ServerStatus, signedIn: boolean): Promise<Action | 'tools' | undefined> {
  type Item = vscode.QuickPickItem & { action: Action | 'tools' };
  const items: Item[] = [];
  if (status.state === 'needsSignIn') items.push({ label: '$(sign-in) Sign in', description: 'opens your browser after you agree', action: 'signIn' });
  if (status.state === 'running') items.push({ label: '$(tools) Show Tools', description: toolSummary(status).replace(' · ', ''), action: 'tools' });
  if (status.state === 'disabled') items.push({ label: '$(play) Enable', action: 'enable' });
  else {
    items.push(status.state === 'idle' ? { label: '$(play) Start', action: 'start' } : { label: '$(debug-restart) Restart', action: 'restart' });
    items.push({ label: '$(circle-slash) Disable', description: 'its tools are not offered until you enable it', action: 'disable' });
  }
  if (signedIn) items.push({ label: '$(sign-out) Sign out', description: 'deletes the stored tokens', action: 'signOut' });
  items.push({ label: '$(output) Show Log', action: 'showLog' });
  const chosen = await vscode.window.showQuickPick(items, { title: `MCP server "${line(status.name, 64)}": ${STATE_LABELS[status.state]}`, placeHolder: status.lastError ? `Last error: ${line(status.lastError)}` : undefined });
  return chosen?.action;
}

async function showTools(status: ServerStatus): Promise<void> {
  const names = new McpNameTable();
  const items = status.tools.map((t) => ({
    label: `${t.refused ? '$(circle-slash)' : '$(check)'} ${names.claim(status.name, t.name)}`,
    description: t.refused ? 'not offered' : 'offered to the model (asks before each call)',
    detail: t.refused ? `Refused: ${line(t.refused)}` : `the server's tool "${line(t.name, 80)}"`,
  }));
  await vscode.window.showQuickPick(items, { title: `Tools of the MCP server "${line(status.name, 64)}"`, placeHolder: 'Add a name to venice.mcp.autoApprove to run it without asking' });
}

async function act(control: McpControl, server: string, action: Action): Promise<void> {
  const manager = await control.manager();
  switch (action) {
    case 'start':
    case 'restart':
      await manager.restart(server);
      break;
    case 'disable':
    case 'enable':
      await control.setDisabled(server, action === 'disable');
      break;
    case 'showLog':
      control.showLog();
      break;
    case 'signIn':
      await control.signIn(server);
      break;
    case 'signOut':
      await control.signOut(server);
      break;
  }
}

function parseArgs(args: unknown): { server: string; action: Action } | undefined | string {
  if (args === undefined) return undefined;
  const a = asRecord(args);
  if (!a) return 'the argument must be an object {server, action}';
  const unknown = Object.keys(a).filter((k) => k !== 'server' && k !== 'action');
  if (unknown.length) return `unknown field ${JSON.stringify(unknown[0])}`;
  if (typeof a.server !== 'string' || !ACTIONS.includes(a.action as Action)) return `give {server, action} with action one of ${ACTIONS.join(', ')}`;
  return { server: a.server, action: a.action as Action };
}

/** The command: acts on `args` without prompts, or shows the picker; resolves with every server's state. */
export async function showServers(control: McpControl, args?: unknown): Promise<ServerStatus[]> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') throw new Error(`Venice: MCP Servers: ${parsed}`);
  if (parsed) {
    await act(control, parsed.server, parsed.action);
    return (await control.manager()).statuses();
  }
  const item = await pickServer(control);
  if (item?.special === 'log') control.showLog();
  if (item?.special === 'settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'venice.mcp');
  const status = item?.server ? (await control.manager()).statuses().find((s) => s.name === item.server) : undefined;
  if (status) {
    const action = await pickAction(status, await control.isSignedIn(status.name));
    if (action === 'tools') await showTools(status);
    else if (action) await act(control, status.name, action);
  }
  return (await control.manager()).statuses();
}
