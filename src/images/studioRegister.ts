// Registers Venice: Remove Background and Venice: Combine Images… at activation as thin stubs; their
// code (imageStudio.ts) is a lazy chunk, required on first call. The remove_background tool is in
// studioTool.ts, built by the chat chunk.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { lazy } from '../util/lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
export const loadImageStudio = lazy(() => require('./imageStudio') as typeof import('./imageStudio'));

export function registerImageStudio(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.removeBackground, (first?: unknown, second?: unknown) => loadImageStudio().removeBackgroundCommand(services, first, second)),
    vscode.commands.registerCommand(COMMANDS.combineImages, (first?: unknown, second?: unknown) => loadImageStudio().combineImagesCommand(services, first, second)),
  );
}
