// Builds the chat: the store folder, settings, the controller and the webview view provider, once,
// the first time the view or a chat command is used (in the chat's lazy chunk, see
// src/chatFeature.ts). What is registered at activation is in register.ts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { affects, chatSettings, config, updateUserSetting } from '../config';
import { log } from '../log';
import type { Services } from '../services';
import type { ChatCommandResult, StartedChat } from './register';
import type { CheckpointPort } from './ports';
import type { ToolHost } from '../tools/types';
import { routeChatMessage, type ChatMentions } from './chatRouter';
import { MentionResolver } from './mentions/resolver';
import { ChatViewProvider } from './chatViewProvider';
import { ChatController, type ChatEnvironment } from './controller';
import { nodeStorageFs } from './storageFs';
import { ChatOptionsPublisher } from './veniceOptions';
import { ConversationStore } from './store';
import { notifyWarning } from '../ui/notify';

/** What the chat needs from other features (passed in by the composition root). */
export interface ChatFeatures {
  /** The newest terminal command's output (for "@terminal"), when known. */
  terminalOutput(): Promise<{ label: string; output: string } | undefined>;
  /** Answers' checkpoints (restore files to before an answer). */
  checkpoints?: CheckpointPort;
}

export function startChat(context: vscode.ExtensionContext, services: Services, toolHost: ToolHost, features: ChatFeatures): StartedChat & { controller: ChatController } {
  const checkpoints = features.checkpoints;
  // Per workspace when a folder is open (chats belong to a project), else per user.
  const base = context.storageUri ?? context.globalStorageUri;
  const store = new ConversationStore(path.join(base.fsPath, 'chat'), nodeStorageFs, {
    warn: (m) => void notifyWarning(m),
    log: (m) => log.warn(m),
  });
  const env: ChatEnvironment = {
    settings: chatSettings,
    saveModelSetting: (id) => updateUserSetting('chat.model', id || undefined),
    warn: (m) => void notifyWarning(m),
    log,
  };

  // The controller posts to the view and the view routes to the controller: a relay breaks the cycle.
  const relay: { view?: ChatViewProvider } = {};
  // The window's one model catalogue: the chat shares its cache with the other model pickers.
  const controller = new ChatController(services.client, toolHost, store, env, { post: (m) => relay.view?.post(m) }, { catalog: services.models, checkpoints });
  const options = new ChatOptionsPublisher(services.client, () => ({ webSearch: config.chat.webSearch(), character: config.chat.character() }), (m) => relay.view?.post(m));
  const mentions: ChatMentions = {
    resolver: new MentionResolver({
      client: services.client,
      terminalOutput: () => features.terminalOutput(),
      confirmSensitive: async (label, reason) =>
        (await notifyWarning(`Send ${label} to Venice?`, { modal: true, detail: `Sensitive file: ${reason}. Its contents would be sent to the Venice API with your next message.` }, 'Attach')) === 'Attach',
    }),
    target: { addAttachment: (a) => controller.addAttachment(a), post: (m) => relay.view?.post(m) },
  };
  const view = new ChatViewProvider(context.extensionUri, {
    // The webview takes a while to load its script: read the stored chat meanwhile.
    onResolve: () => controller.preload(),
    whenPageTried: () => controller.whenPageTried(),
    whenStateReady: () => controller.whenLoaded(),
    pageState: () => controller.pageState(),
    onReady: async (hasState) => {
      await controller.onReady(hasState);
      options.publish();
    },
    onMessage: (m) => routeChatMessage(controller, m, mentions),
    onRejected: () => log.debug('Chat view: dropped a message that is not part of the protocol.'),
    onError: (err) => log.error('Chat view', err),
  });
  relay.view = view;

  context.subscriptions.push(
    controller,
    view,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'chat.model')) controller.onSettingsChanged();
      if (affects(e, 'chat.webSearch') || affects(e, 'chat.character')) options.publish();
    }),
    services.keys.onDidChange(() => {
      controller.onApiKeyChanged();
      options.forgetNames();
      options.publish();
    }),
  );
  return {
    controller,
    view,
    openChat: async (): Promise<ChatCommandResult> => {
      await view.reveal();
      return { conversationId: (await controller.getStateAfterLoad()).activeId };
    },
    newChat: async (): Promise<ChatCommandResult> => {
      await view.reveal();
      return { conversationId: await controller.newChat() };
    },
  };
}
