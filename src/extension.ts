// The composition root: builds every service once (src/services.ts), the chat's tool host from the
// editor tools and the tools features contribute, and registers each feature (one line each).
// Disposal: everything registered goes to context.subscriptions; deactivate() awaits the rest.
import * as vscode from 'vscode';
import { registerApiKeyCommands } from './account/apiKey';
import { registerAccount } from './account/register';
import { registerCharacters } from './characters/register';
import { createCheckpoints } from './checkpoints/register';
import { registerCompletions } from './completions/register';
import { registerChat } from './chat/register';
import { generateImageTool } from './images/tool';
import { registerImageCommands } from './images/commands';
import { log, disposeLog } from './log';
import { registerLanguageModelProvider } from './lm/register';
import { registerModelCommands } from './models/commands';
import { registerParticipant } from './participant/register';
import { registerSemanticSearch } from './semantic/register';
import { searchCodebaseTool } from './semantic/tool';
import { createServices } from './services';
import type { ShutdownTasks } from './shutdown';
import { registerSpeechCommands } from './speech/commands';
import { registerTerminal } from './terminal/register';
import { createToolHost } from './tools';
import type { CodeCacheState } from './util/codeCache';

/** How src/boot.ts loaded this bundle (absent when something loads it directly, as tests do). */
export interface LoadInfo {
  ms: number;
  compileMs: number;
  cache: CodeCacheState;
}

/** What the running window must still close when it is deactivated. */
let shutdown: ShutdownTasks | undefined;

/**
 * Activation is lazy (views and commands) and cheap: it only wires objects; nothing touches the
 * network or the disk until a feature is used.
 */
export function activate(context: vscode.ExtensionContext, loaded?: LoadInfo): void {
  const started = performance.now();
  const composed = createServices(context);
  const services = composed.services;
  shutdown = composed.shutdown;
  const terminal = registerTerminal(context.subscriptions, services.keys);
  const toolHost = createToolHost(
    context.subscriptions,
    [generateImageTool(services.images), searchCodebaseTool(services.semantic), ...terminal.tools],
    context.globalStorageUri,
  );

  registerApiKeyCommands(context, services);
  registerModelCommands(context, services);
  registerImageCommands(context, services);
  registerSpeechCommands(context, services);
  registerLanguageModelProvider(context, services, services.models);
  registerParticipant(context, services, services.models);
  registerChat(context, services, toolHost, { terminalOutput: () => terminal.lastOutput(), checkpoints: createCheckpoints(context) });
  registerAccount(context, services);
  registerCharacters(context, services);
  registerSemanticSearch(context, services);
  registerCompletions(context, services);

  const load = loaded ? ` (code loaded in ${loaded.ms.toFixed(1)} ms, code cache: ${loaded.cache}, compile ${loaded.compileMs.toFixed(1)} ms)` : '';
  log.info(`Venice AI activated in ${(performance.now() - started).toFixed(1)} ms${load}`);
}

export async function deactivate(): Promise<void> {
  const tasks = shutdown;
  shutdown = undefined;
  await tasks?.runAll((m) => log.warn(m));
  disposeLog();
}
