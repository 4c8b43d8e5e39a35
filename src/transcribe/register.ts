// Registers Venice: Transcribe Audio at activation as a thin stub; its code (transcribeImpl.ts) is a
// lazy chunk, required on first call. The transcribe_audio tool is in toolStub.ts, built by the chat chunk.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { lazy } from '../util/lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
export const loadTranscription = lazy(() => require('./transcribeImpl') as typeof import('./transcribeImpl'));

export function registerTranscription(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.transcribeAudio, (first?: unknown) => loadTranscription().transcribeAudioCommand(services, first)));
}
