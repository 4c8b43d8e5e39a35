// Venice: Generate Music (palette): a thin stub here; the implementation loads with the asset
// studio chunk on first use. The generate_music chat tool is in tool.ts, built by the chat chunk.
import * as vscode from 'vscode';
import type { StudioHost } from '../assets/host';
import { loadStudio } from '../assets/lazy';
import { COMMANDS } from '../ids';

export function registerMusicCommands(context: vscode.ExtensionContext, host: StudioHost): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.generateMusic, (args?: unknown) => loadStudio(host).generateMusic(args)));
}
