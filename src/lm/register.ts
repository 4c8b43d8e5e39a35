// Venice inside VS Code's own chat: the language model provider and the @venice participant.
import * as vscode from 'vscode';
import { affects } from '../config';
import { log } from '../log';
import type { Services } from '../services';
import { PARTICIPANT_ID, VeniceParticipant } from '../participant/participant';
import { ModelCatalog } from './catalog';
import { VENDOR, VeniceChatModelProvider } from './provider';

export function registerVeniceInVSCodeChat(context: vscode.ExtensionContext, services: Services): void {
  const catalog = new ModelCatalog(() => services.client.listModels('text'), { log: (m) => log.debug(m) });
  const provider = new VeniceChatModelProvider(services, catalog);
  context.subscriptions.push(
    catalog,
    services.keys.onDidChange(() => catalog.invalidate('the API key changed')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'apiBaseUrl')) catalog.invalidate('venice.apiBaseUrl changed');
    }),
    vscode.lm.registerLanguageModelChatProvider(VENDOR, provider),
  );

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
