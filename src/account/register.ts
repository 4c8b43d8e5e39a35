// Account features: the balance in the status bar, "Venice: Show Account" (venice.showAccount,
// args { refresh?: boolean } returns the data without UI), and one-time model deprecation warnings.
import * as vscode from 'vscode';
import { affects, config } from '../config';
import { COMMANDS, SETTINGS } from '../ids';
import type { Services } from '../services';
import { showError } from '../ui/showError';
import { DeprecationNotices } from './deprecation';
import { accountLines } from './format';
import type { AccountSnapshot } from './state';
import { AccountStatus, openBilling } from './statusBar';
import { notifyWarning } from '../ui/notify';

/** The first balance read waits this long after activation (it never delays start-up). */
const FIRST_READ_DELAY_MS = 3_000;

function parseArgs(raw: unknown): { refresh: boolean } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The argument of venice.showAccount must be an object such as { "refresh": true }.');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'refresh');
  if (unknown.length) throw new Error(`Unknown option for venice.showAccount: ${unknown.join(', ')}. Known: refresh.`);
  if (o.refresh !== undefined && typeof o.refresh !== 'boolean') throw new Error('"refresh" must be true or false.');
  return { refresh: o.refresh !== false };
}

/** Quick-pick labels render `$(icon)` syntax: API text must not be able to inject icons. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

async function showAccount(status: AccountStatus, raw: unknown): Promise<AccountSnapshot | undefined> {
  const args = parseArgs(raw);
  if (args) {
    if (args.refresh) await status.refresh();
    return status.snapshot();
  }
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Venice: reading your account…' }, () => status.refresh());
  } catch (err) {
    await showError('Venice account', err);
    return undefined;
  }
  const snap = status.snapshot();
  type Item = vscode.QuickPickItem & { run?: () => Promise<void> };
  const items: Item[] = accountLines(snap, Date.now()).map((l) => ({ label: plain(l.label), detail: l.detail ? plain(l.detail) : undefined }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(link-external) Add credit or manage keys at venice.ai', run: openBilling });
  const picked = await vscode.window.showQuickPick(items, { title: 'Venice: Account', placeHolder: 'Balance, tier and rate limits of your API key', matchOnDetail: true });
  await picked?.run?.();
  return snap;
}

export function registerAccount(context: vscode.ExtensionContext, services: Services): AccountStatus {
  const status = new AccountStatus(services);
  status.start(FIRST_READ_DELAY_MS);

  const notices = new DeprecationNotices(context.globalState, (n) => {
    void notifyWarning(n.message, 'Choose Another Model').then((a) => (a ? vscode.commands.executeCommand(COMMANDS.listModels, undefined) : undefined));
  });
  // Chat models already checked against the catalogue this session (one lookup per model, not per request).
  const checked = new Set<string>();
  const checkModel = (id: string): void => {
    if (!id || checked.has(id)) return;
    checked.add(id);
    void services.models
      .find('text', id)
      .then((m) => notices.fromModel(m))
      .catch(() => checked.delete(id));
  };

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand(COMMANDS.showAccount, (args?: unknown) => showAccount(status, args)),
    services.onResponseMeta(({ meta, path }) => {
      if (meta.status < 200 || meta.status >= 300) return;
      if (meta.deprecationDate || meta.deprecationWarning) notices.fromMeta(meta);
      else if (path === '/chat/completions' && meta.modelId) checkModel(meta.modelId);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, SETTINGS.chatModel)) checkModel(config.chat.model());
    }),
  );
  return status;
}
