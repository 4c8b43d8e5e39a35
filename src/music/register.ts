// Venice: Generate Music (palette) and the generate_music chat tool: thin stubs here; the
// implementation loads with the asset studio chunk on first use.
import * as vscode from 'vscode';
import type { StudioHost } from '../assets/host';
import { loadStudio } from '../assets/lazy';
import { COMMANDS } from '../ids';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';

export function registerMusicCommands(context: vscode.ExtensionContext, host: StudioHost): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.generateMusic, (args?: unknown) => loadStudio(host).generateMusic(args)));
}

export function generateMusicTool(host: StudioHost): ToolImpl {
  return defineTool<Record<string, unknown>>(toolSpec('generate_music'), (args, rt) => loadStudio(host).musicTool(args, rt));
}
