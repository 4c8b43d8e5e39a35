// Venice as a language model provider inside VS Code (vendor "venice"): its models appear in the
// Chat view's model picker and any extension can use them through `vscode.lm`.
import * as vscode from 'vscode';
import { LM_VENDOR } from '../ids';
import type { ModelCatalog } from '../llm/modelCatalog';
import type { Services } from '../services';
import { VeniceChatModelProvider } from './provider';

export function registerLanguageModelProvider(context: vscode.ExtensionContext, services: Services, catalog: ModelCatalog): void {
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, new VeniceChatModelProvider(services, catalog)));
}
