// What the chat registers at activation: the webview view provider and the `venice.openChat` /
// `venice.newChat` commands, as thin stubs. The chat itself (store, controller, tools, view) is built
// by `start` on the first resolve or command; the composition root passes a `start` that loads it
// from its lazy chunk (src/chatFeature.ts), so activation does not load or compile it.
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../ids';

export interface ChatCommandResult {
  conversationId: string;
}

/** The chat once built: its view provider and the two commands' implementations. */
export interface StartedChat {
  view: vscode.WebviewViewProvider;
  openChat(): Promise<ChatCommandResult>;
  newChat(): Promise<ChatCommandResult>;
}

export function registerChat(context: vscode.ExtensionContext, start: () => StartedChat): void {
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(VIEWS.chat, {
      resolveWebviewView: (view, resolveContext, token) => start().view.resolveWebviewView(view, resolveContext, token),
    }),
    vscode.commands.registerCommand(COMMANDS.openChat, () => start().openChat()),
    vscode.commands.registerCommand(COMMANDS.newChat, () => start().newChat()),
  );
}
