// @venice in VS Code's own Chat view.
import * as vscode from 'vscode';
import type { ModelCatalog } from '../llm/modelCatalog';
import type { Services } from '../services';
import { PARTICIPANT_ID, VeniceParticipant } from './participant';

export function registerParticipant(context: vscode.ExtensionContext, services: Services, catalog: ModelCatalog): void {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, new VeniceParticipant(services, catalog).handle);
  // The Venice logo when the package has it; a codicon otherwise (never a broken image).
  const logo = vscode.Uri.joinPath(context.extensionUri, 'media', 'venice.svg');
  participant.iconPath = new vscode.ThemeIcon('sparkle');
  vscode.workspace.fs.stat(logo).then(
    () => (participant.iconPath = logo),
    () => undefined,
  );
  context.subscriptions.push(participant);
}
