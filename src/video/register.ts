// Venice: Generate Video (palette, and the Explorer's menu on images): a thin stub here; the
// implementation loads with the asset studio chunk on first use. The generate_video chat tool is in
// tool.ts, built by the chat chunk.
import * as vscode from 'vscode';
import type { StudioHost } from '../assets/host';
import { loadStudio } from '../assets/lazy';
import { COMMANDS } from '../ids';

export function registerVideoCommands(context: vscode.ExtensionContext, host: StudioHost): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.generateVideo, (first?: unknown) => loadStudio(host).generateVideo(first)));
}
