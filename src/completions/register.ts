// Inline completions at activation: only the status bar item, a provider stub and three command
// stubs. The provider, prompt, cleaning and commands load from their own chunk
// (completionEngine.ts) on the first completion VS Code asks for or the first command.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { log } from '../log';
import type { Services } from '../services';
import type * as Engine from './completionEngine';
import { COMPLETION_SCHEMES } from './gate';
import { CompletionsStatusBar } from './statusBar';

export function registerCompletions(context: vscode.ExtensionContext, services: Services): void {
  const status = new CompletionsStatusBar(services.keys);
  let engine: Engine.CompletionEngine | undefined;
  const load = (): Engine.CompletionEngine => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
    engine ??= (require('./completionEngine') as typeof Engine).createCompletionEngine({ client: services.client, models: services.models, keys: services.keys, status, log });
    return engine;
  };
  const provider: vscode.InlineCompletionItemProvider = {
    // Documents where completions are off never load the engine.
    provideInlineCompletionItems: (doc, position, ctx, token) => (status.keyKnown() && !status.blockedFor(doc) ? load().provider.provideInlineCompletionItems(doc, position, ctx, token) : undefined),
  };
  context.subscriptions.push(
    status,
    { dispose: () => engine?.dispose() },
    vscode.languages.registerInlineCompletionItemProvider(
      COMPLETION_SCHEMES.map((scheme) => ({ scheme })),
      provider,
    ),
    vscode.commands.registerCommand(COMMANDS.completionsToggle, (args?: unknown) => load().toggle(args)),
    vscode.commands.registerCommand(COMMANDS.completionsSnooze, (args?: unknown) => load().snooze(args)),
    vscode.commands.registerCommand(COMMANDS.completionsMenu, (args?: unknown) => load().menu(args)),
  );
}
