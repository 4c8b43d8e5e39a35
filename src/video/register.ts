// Venice: Generate Video (palette, and the Explorer's menu on images) and the generate_video chat
// tool: thin stubs here; the implementation loads with the asset studio chunk on first use.
import * as vscode from 'vscode';
import type { StudioHost } from '../assets/host';
import { loadStudio } from '../assets/lazy';
import { COMMANDS } from '../ids';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';

export function registerVideoCommands(context: vscode.ExtensionContext, host: StudioHost): void {
  context.subscriptions.push(vscode.commands.registerCommand(COMMANDS.generateVideo, (first?: unknown) => loadStudio(host).generateVideo(first)));
}

export function generateVideoTool(host: StudioHost): ToolImpl {
  return defineTool<Record<string, unknown>>(toolSpec('generate_video'), (args, rt) => loadStudio(host).videoTool(args, rt));
}
