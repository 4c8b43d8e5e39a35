// Registers Venice: Transcribe Audio and the transcribe_audio tool at activation as thin stubs; their
// code (transcribeImpl.ts) is a lazy chunk, required on first call.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';
import type { TranscriptFormat } from './formats';

type Impl = typeof import('./transcribeImpl');
let impl: Impl | undefined;

function load(): Impl {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  impl ??= require('./transcribeImpl') as Impl;
  return impl;
}

export function registerTranscription(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.transcribeAudio, (first?: unknown) => load().transcribeAudioCommand(services, first)));
}

export function transcribeAudioTool(services: Services): ToolImpl {
  return defineTool<{ path: string; format?: TranscriptFormat }>(toolSpec('transcribe_audio'), (args, rt) => load().runTranscribeTool(services, args, rt));
}
