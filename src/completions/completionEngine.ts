// The lazily loaded part of inline completions (its own file in dist/, see `lazyChunks` in
// esbuild.mjs): register.ts require()s it on the first completion or command, so activation pays
// for none of it. Everything stateful it needs (client, catalogue, status bar, log) is passed in,
// because this chunk has its own copy of every module it imports.
import type * as vscode from 'vscode';
import type { ModelCatalog } from '../llm/modelCatalog';
import { completionsMenu, snoozeCompletions, toggleCompletions, type SnoozeResult, type ToggleResult } from './commands';
import { CompletionProvider, type EngineDeps } from './provider';

export interface CompletionEngine extends vscode.Disposable {
  provider: vscode.InlineCompletionItemProvider;
  toggle(args: unknown): Promise<ToggleResult>;
  snooze(args: unknown): Promise<SnoozeResult | undefined>;
  menu(args: unknown): Promise<string | undefined>;
}

export function createCompletionEngine(deps: EngineDeps & { models: ModelCatalog }): CompletionEngine {
  const provider = new CompletionProvider(deps);
  return {
    provider,
    toggle: (args) => toggleCompletions(args),
    snooze: (args) => snoozeCompletions(deps.status, args),
    menu: (args) => completionsMenu(deps.status, deps.models, args),
    dispose: () => provider.dispose(),
  };
}
