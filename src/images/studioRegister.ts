// Registers Venice: Remove Background, Venice: Combine Images… and the remove_background tool at
// activation as thin stubs; their code (imageStudio.ts) is a lazy chunk, required on first call.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';

type Studio = typeof import('./imageStudio');
let studio: Studio | undefined;

function load(): Studio {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  studio ??= require('./imageStudio') as Studio;
  return studio;
}

export function registerImageStudio(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.removeBackground, (first?: unknown, second?: unknown) => load().removeBackgroundCommand(services, first, second)),
    vscode.commands.registerCommand(COMMANDS.combineImages, (first?: unknown, second?: unknown) => load().combineImagesCommand(services, first, second)),
  );
}

export function removeBackgroundTool(services: Services): ToolImpl {
  return defineTool<{ path: string }>(toolSpec('remove_background'), (args, rt) => load().runRemoveBackgroundTool(services, args, rt));
}
