// Venice as a language model provider inside VS Code (vendor "venice"): its models appear in the
// Chat view's model picker and any extension can use them through `vscode.lm`.
// The provider itself is built on VS Code's first call, from the conversation chunk
// (src/chatFeature.ts, see esbuild.mjs): activation registers only this delegate.
import * as vscode from 'vscode';
import { LM_VENDOR } from '../ids';
import type { ModelCatalog } from '../llm/modelCatalog';
import type { VeniceChatModelInfo } from './modelInfo';

type Provider = vscode.LanguageModelChatProvider<VeniceChatModelInfo>;

export function registerLanguageModelProvider(context: vscode.ExtensionContext, catalog: ModelCatalog, provider: () => Provider): void {
  const delegate: Provider = {
    onDidChangeLanguageModelChatInformation: catalog.onDidChange,
    provideLanguageModelChatInformation: (options, token) => provider().provideLanguageModelChatInformation(options, token),
    provideLanguageModelChatResponse: (model, messages, options, progress, token) => provider().provideLanguageModelChatResponse(model, messages, options, progress, token),
    provideTokenCount: (model, text, token) => provider().provideTokenCount(model, text, token),
  };
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, delegate));
}
