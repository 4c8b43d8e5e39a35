// The speech commands: Read Selection Aloud, Stop Reading, Choose Voice, Save Speech to File.
// Each is a thin shell over `services.speech`; argument objects from VS Code are checked there.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import type { ReadAloudRequest, SaveSpeechRequest } from './service';
import { reportSpeechError } from './source';

/** An argument from VS Code: the editor's context menu passes the document's URI, which is not an argument object. */
function argumentObject<T>(raw: unknown): T | undefined {
  // Checked key by key (types, ranges, unknown keys) by parseSpeechArgs inside the service.
  return raw instanceof vscode.Uri || raw === null ? undefined : (raw as T | undefined);
}

function voiceArgs(raw: unknown): { model?: string; voice?: string } {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return { model: typeof obj.model === 'string' ? obj.model : undefined, voice: typeof obj.voice === 'string' ? obj.voice : undefined };
}

export function registerSpeechCommands(context: vscode.ExtensionContext, services: Services): void {
  const speech = services.speech;
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.readAloud, (args?: unknown) => speech.readAloud(argumentObject<ReadAloudRequest>(args))),
    vscode.commands.registerCommand(COMMANDS.stopReading, () => ({ stopped: speech.stop() })),
    vscode.commands.registerCommand(COMMANDS.chooseVoice, async (args?: unknown) => {
      try {
        return await speech.chooseVoice(voiceArgs(args));
      } catch (err) {
        // Scripted calls (model and voice given) learn why; the picker shows it.
        if (args !== undefined && args !== null) throw err instanceof Error ? err : new Error(String(err));
        reportSpeechError('Choose voice', err);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(COMMANDS.saveSpeech, async (args?: unknown) => {
      const request = argumentObject<SaveSpeechRequest>(args);
      return (await speech.save(request, request !== undefined))?.map((u) => u.toString());
    }),
  );
}
