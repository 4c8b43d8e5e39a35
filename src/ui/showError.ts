import * as vscode from 'vscode';
import { isVeniceError, type VeniceError } from '../venice/errors';
import { log } from '../log';
import { notifyError } from './notify';

/** Turns any failure into a clear message with the action that fixes it. Returns the action taken. */
export async function showError(prefix: string, err: unknown): Promise<string | undefined> {
  if (isVeniceError(err) && err.kind === 'cancelled') return undefined;
  const message = isVeniceError(err) ? err.message : err instanceof Error ? err.message : String(err);
  log.error(prefix, isVeniceError(err) ? `${err.kind} ${err.status ?? ''} ${err.detail ?? err.message}` : err);
  const actions = isVeniceError(err) ? actionsFor(err) : [];
  const picked = await notifyError(`${prefix}: ${message}`, ...actions);
  if (picked === 'Set API Key') await vscode.commands.executeCommand('venice.setApiKey');
  if (picked === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'venice');
  if (picked === 'Show Log') await vscode.commands.executeCommand('workbench.action.output.show.extension-output-venice-community.venice-vscode-#1-Venice');
  return picked;
}

function actionsFor(err: VeniceError): string[] {
  switch (err.action) {
    case 'setApiKey':
      return ['Set API Key'];
    case 'openSettings':
      return ['Open Settings'];
    default:
      return [];
  }
}
