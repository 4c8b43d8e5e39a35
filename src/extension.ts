import * as vscode from 'vscode';
import { log, disposeLog } from './log';
import { createServices } from './services';
import { registerApiKeyCommands } from './commands/apiKey';
import { registerMediaCommands } from './commands/media';
import { registerVeniceInVSCodeChat } from './lm/register';
import { registerChat } from './chat/register';
import { createToolHost } from './tools';
import { registerAccount } from './account/register';
import { registerCharacters } from './characters/register';
import { registerSemanticSearch } from './semantic/register';
import type { CodeCacheState } from './util/codeCache';

/** How src/boot.ts loaded this bundle (absent when something loads it directly, as tests do). */
export interface LoadInfo {
  ms: number;
  compileMs: number;
  cache: CodeCacheState;
}

/**
 * Activation is lazy (views and commands) and cheap: it only wires objects; nothing touches the
 * network or the disk until a feature is used.
 */
export function activate(context: vscode.ExtensionContext, loaded?: LoadInfo): void {
  const started = performance.now();
  const services = createServices(context);
  registerApiKeyCommands(context, services);
  // Feature registrations (one line each) go below.
  registerMediaCommands(context, services);
  registerVeniceInVSCodeChat(context, services);
  registerChat(context, services, createToolHost(services));
  registerAccount(context, services);
  registerCharacters(context, services);
  registerSemanticSearch(context, services);

  const load = loaded ? ` (code loaded in ${loaded.ms.toFixed(1)} ms, code cache: ${loaded.cache}, compile ${loaded.compileMs.toFixed(1)} ms)` : '';
  log.info(`Venice AI activated in ${(performance.now() - started).toFixed(1)} ms${load}`);
}

export function deactivate(): void {
  disposeLog();
}
