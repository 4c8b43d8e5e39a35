// Registers Venice: Transcribe Audio at activation as thin stubs (the transcribe_audio tool
// is in toolStub.ts, built by the chat chunk); their code (transcribeImpl.ts) is a lazy chunk, required on first call.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';

type Impl = typeof import('./transcribeImpl');
let impl: Impl | undefined;

export function loadTranscription(): Impl {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  impl ??= require('./transcribeImpl') as Impl;
  return impl;
}

export function registerTranscription(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.transcribeAudio, (first?: unknown) => loadTranscription().transcribeAudioCommand(services, first)));
}
