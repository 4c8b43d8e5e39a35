// The composition root: builds every service once (src/services.ts) and registers each feature (one
// line each). The chat (with its tool host, from the editor tools and the tools features contribute)
// is built on first use from its lazy chunk (src/chatFeature.ts). Disposal: everything registered
// goes to context.subscriptions; deactivate() awaits the rest.
import * as vscode from 'vscode';
import { registerApiKeyCommands } from './account/apiKey';
import { registerAccount } from './account/register';
import { registerCharacters } from './characters/register';
import { registerCompletions } from './completions/register';
import { registerChat } from './chat/register';
import { registerImageCommands } from './images/register';
import { log, disposeLog } from './log';
import { registerLanguageModelProvider } from './lm/register';
import { registerModelCommands } from './models/register';
import { registerParticipant } from './participant/register';
import { registerSemanticSearch } from './semantic/register';
import { createServices } from './services';
import type { ShutdownTasks } from './shutdown';
import { registerSpeechCommands } from './speech/commands';
import { registerTerminal } from './terminal/register';
import { scheduleResume } from './assets/lazy';
import { registerMusicCommands } from './music/register';
import { registerVideoCommands } from './video/register';
import { showError } from './ui/showError';
import { registerMcp } from './mcp/register';
import { lazy } from './util/lazy';
import { registerImageStudio } from './images/studioRegister';
import { registerTranscription } from './transcribe/register';
import { registerGallery } from './gallery/register';
import type { CodeCacheState } from './util/codeCache';

/** How src/boot.ts loaded this bundle (absent when something loads it directly, as tests do). */
export interface LoadInfo {
  ms: number;
  compileMs: number;
  cache: CodeCacheState;
  /** The first require('vscode'), in which the extension host builds this extension's API object. */
  vscodeApiMs?: number;
}

/** What the running window must still close when it is deactivated. */
let shutdown: ShutdownTasks | undefined;

/**
 * Activation is lazy (views and commands) and cheap: it only wires objects; nothing touches the
 * network or the disk until a feature is used.
 */
export function activate(context: vscode.ExtensionContext, loaded?: LoadInfo): void {
  const started = performance.now();
  // Each step's time goes into the activation log line, so the benchmark shows where activation goes.
  const steps: string[] = loaded?.vscodeApiMs === undefined ? [] : [`vscodeApi (in boot.js) ${loaded.vscodeApiMs.toFixed(1)}`];
  const step = <T>(name: string, run: () => T): T => {
    const t = performance.now();
    const value = run();
    steps.push(`${name} ${(performance.now() - t).toFixed(1)}`);
    return value;
  };
  const composed = step('services', () => createServices(context));
  const services = composed.services;
  shutdown = composed.shutdown;
  const terminal = step('terminal', () => registerTerminal(context.subscriptions, services.keys));
  const mcp = step('mcp', () => registerMcp(context, services.keys));
  const studio = { client: services.client, models: services.models, state: context.workspaceState, speech: services.speech, log, showError };
  // What the chat chunk needs from features outside it: the asset studio's host (its tools are built
  // in the chunk) and MCP's wrapper around the tool host (its servers' tools, loaded on first use).
  const chatTools = { studio, wrapHost: mcp.withTools };
  // The chat view, the vscode.lm provider and @venice are built on first use, from their chunk.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  const conversation = () => require('./chatFeature') as typeof import('./chatFeature');
  const startChat = lazy(() => conversation().startChatFeature(context, services, terminal, chatTools));
  const lmProvider = lazy(() => conversation().startLanguageModelProvider(services, services.models));
  const participant = lazy(() => conversation().startParticipant(services, services.models));

  step('apiKey', () => registerApiKeyCommands(context, services));
  step('models', () => registerModelCommands(context, services));
  step('images', () => registerImageCommands(context, services));
  step('speech', () => registerSpeechCommands(context, services));
  step('lm', () => registerLanguageModelProvider(context, services.models, lmProvider));
  step('participant', () => registerParticipant(context, participant));
  step('chat', () => registerChat(context, startChat));
  step('account', () => registerAccount(context, services));
  step('characters', () => registerCharacters(context, services));
  step('semantic', () => registerSemanticSearch(context, services));
  step('video', () => registerVideoCommands(context, studio));
  step('music', () => registerMusicCommands(context, studio));
  step('studioResume', () => scheduleResume(studio, context.subscriptions));
  step('imageStudio', () => registerImageStudio(context, services));
  step('transcription', () => registerTranscription(context, services));
  step('gallery', () => registerGallery(context, services));
  step('completions', () => registerCompletions(context, services));

  const load = loaded ? ` (code loaded in ${loaded.ms.toFixed(1)} ms, code cache: ${loaded.cache}, compile ${loaded.compileMs.toFixed(1)} ms)` : '';
  const ms = performance.now() - started;
  // Written once the activate call has returned: the window's first log line creates the "Venice"
  // output channel (a log file and a round trip to the workbench), which activation does not need.
  setTimeout(() => log.info(`Venice AI activated in ${ms.toFixed(1)} ms${load}; steps (ms): ${steps.join(', ')}`), 0);
}

export async function deactivate(): Promise<void> {
  const tasks = shutdown;
  shutdown = undefined;
  await tasks?.runAll((m) => log.warn(m));
  disposeLog();
}
