// Registers Venice: Generate Image, Upscale Image and Edit Image at activation as thin stubs; their
// code (commands.ts, with the pickers and the request checks) is the lazy chunk imageCommands,
// required on first call.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { lazy } from '../util/lazy';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
const loadImageCommands = lazy(() => require('./imageCommands') as typeof import('./imageCommands'));

export function registerImageCommands(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    // From the editor's context menu VS Code passes the document's URI: that is not an argument object.
    vscode.commands.registerCommand(COMMANDS.generateImage, (args?: unknown) => loadImageCommands().generateImage(services, args instanceof vscode.Uri ? undefined : args)),
    vscode.commands.registerCommand(COMMANDS.upscaleImage, (first?: unknown) => loadImageCommands().upscaleImage(services, first)),
    vscode.commands.registerCommand(COMMANDS.editImage, (first?: unknown) => loadImageCommands().editImage(services, first)),
  );
}
