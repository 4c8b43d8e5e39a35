// The Player view's registration, apart from the view itself (playerView.ts, in the services chunk)
// so that activation does not load the player's code.
import * as vscode from 'vscode';
import { VIEWS } from '../ids';

/**
 * The Player view's provider, registered at activation (src/services.ts) so VS Code can restore or
 * show the view before anything was read aloud: its first view builds the speech service (a lazy
 * chunk) and goes to that service's PlayerView.
 */
export function registerPlayerView(player: () => vscode.WebviewViewProvider): vscode.Disposable {
  return vscode.window.registerWebviewViewProvider(
    VIEWS.player,
    { resolveWebviewView: (view, context, token) => player().resolveWebviewView(view, context, token) },
    { webviewOptions: { retainContextWhenHidden: true } },
  );
}
