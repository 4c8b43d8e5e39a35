// Registers Venice: List Models at activation as a thin stub; its picker (commands.ts) is the lazy
// chunk modelCommands, required on first call.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { lazy } from '../util/lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
const loadModelCommands = lazy(() => require('./modelCommands') as typeof import('./modelCommands'));

export function registerModelCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.listModels, (args?: unknown) => loadModelCommands().listModels(services, args)));
}
