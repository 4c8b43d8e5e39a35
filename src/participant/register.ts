// @venice in VS Code's own Chat view. Registered at activation with a handler that builds the
// participant on its first request, from the conversation chunk (src/chatFeature.ts, see esbuild.mjs).
import * as vscode from 'vscode';

export const PARTICIPANT_ID = 'venice.participant';

export function registerParticipant(context: vscode.ExtensionContext, handler: () => vscode.ChatRequestHandler): void {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, chatContext, stream, token) => handler()(request, chatContext, stream, token));
  const logo = vscode.Uri.joinPath(context.extensionUri, 'media', 'venice.svg');
  participant.iconPath = new vscode.ThemeIcon('sparkle');
  vscode.workspace.fs.stat(logo).then(
    () => (participant.iconPath = logo),
    () => undefined,
  );
  context.subscriptions.push(participant);
}
