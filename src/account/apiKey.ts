// Venice: Set API Key / Clear API Key. The key lives in SecretStorage (src/secrets.ts), never in settings.
import * as vscode from 'vscode';
import { config } from '../config';
import { COMMANDS } from '../ids';
import { originOf } from '../keyOrigin';
import type { Services } from '../services';
import { isVeniceError } from '../venice/errors';
import { log } from '../log';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';

export interface SetApiKeyArgs {
  key?: unknown;
}

export interface SetApiKeyResult {
  saved: boolean;
  verified: boolean;
  message: string;
}

/** Venice: Set API Key. Checks the key with a cheap authenticated call before saving it. */
export async function setApiKey(services: Services, args?: SetApiKeyArgs): Promise<SetApiKeyResult | undefined> {
  const scripted = typeof args?.key === 'string';
  const key = scripted
    ? String(args?.key).trim()
    : (
        await vscode.window.showInputBox({
          title: 'Venice: Set API Key',
          prompt: 'Paste your Venice API key (venice.ai → Settings → API). It is stored in VS Code\'s secret storage.',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim().length < 8 ? 'That is too short to be a Venice API key.' : undefined),
        })
      )?.trim();
  if (!key) return undefined;
  if (/\s/.test(key) || key.length < 8) {
    const message = 'That does not look like a Venice API key (no spaces, at least 8 characters). Nothing was saved.';
    if (!scripted) void notifyError(message);
    return { saved: false, verified: false, message };
  }

  // The key is approved for the server it is checked against now (issue 18 item 10).
  const origin = originOf(config.apiBaseUrl());
  let verified = false;
  let message: string;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Checking your Venice API key…', cancellable: true },
      async (_p, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          await services.client.verifyKey(key, { signal: ac.signal });
        } finally {
          sub.dispose();
        }
      },
    );
    verified = true;
    message = 'Venice API key saved. It works.';
  } catch (err) {
    if (isVeniceError(err) && (err.kind === 'auth' || err.kind === 'noKey' || err.kind === 'forbidden')) {
      message = `Venice rejected this key: ${err.message} Nothing was saved.`;
      log.warn(`API key check failed: ${err.kind} ${err.status ?? ''}`);
      if (!scripted) void notifyError(message, 'Try Again').then((a) => a && vscode.commands.executeCommand(COMMANDS.setApiKey));
      return { saved: false, verified: false, message };
    }
    if (isVeniceError(err) && err.kind === 'cancelled') {
      return { saved: false, verified: false, message: 'Cancelled. Nothing was saved.' };
    }
    // Venice could not be reached: save anyway (the user may be offline) but say it is unchecked.
    const why = err instanceof Error ? err.message : String(err);
    message = `Venice API key saved, but it could not be checked: ${why}`;
    log.warn(message);
  }
  await services.keys.set(key, origin);
  if (!scripted) {
    if (verified) void notifyInfo(message);
    else void notifyWarning(message);
  }
  return { saved: true, verified, message };
}

/** Venice: Clear API Key. */
export async function clearApiKey(services: Services): Promise<{ cleared: boolean; environmentKeyInUse: boolean }> {
  await services.keys.clear();
  const environmentKeyInUse = (await services.keys.source()) === 'environment';
  void notifyInfo(
    environmentKeyInUse
      ? 'Venice API key removed from VS Code. VENICE_API_KEY from the environment is still used.'
      : 'Venice API key removed from VS Code.',
  );
  return { cleared: true, environmentKeyInUse };
}

export function registerApiKeyCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.setApiKey, (args?: SetApiKeyArgs) => setApiKey(services, args)),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, () => clearApiKey(services)),
  );
}
