import * as vscode from 'vscode';
import { log, disposeLog } from './log';
import { createServices } from './services';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerMediaCommands } from './commands/media';
import { registerVeniceInVSCodeChat } from './lm/register';
import { registerChat } from './chat/register';
import { registerAccount } from './account/register';
import { registerCharacters } from './characters/register';
import { registerSemanticSearch } from './semantic/register';

/**
 * Activation is lazy (views and commands) and cheap: it only wires objects; nothing touches the
 * network or the disk until a feature is used.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const services = createServices(context);
  registerApiKeyCommands(context, services);
  // Feature registrations (one line each) go below.
  registerMediaCommands(context, services);
  registerVeniceInVSCodeChat(context, services);
  registerChat(context, services);
  registerAccount(context, services);
  registerCharacters(context, services);
  registerSemanticSearch(context, services);

  log.info(`Venice AI activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  disposeLog();
}
