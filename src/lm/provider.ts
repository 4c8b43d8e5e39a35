// Venice as a VS Code language model provider (vendor "venice"): its text models appear in the
// Chat view's model picker and any extension can use them through `vscode.lm.selectChatModels`.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { config } from '../config';
import { COMMANDS } from '../ids';
import { log } from '../log';
import type { Services } from '../services';
import { showError } from '../ui/showError';
import { isVeniceError } from '../venice/errors';
import type { ModelCatalog } from '../llm/modelCatalog';
import { classifyPart, toVeniceMessages, type PortableMessage, type PortablePart, type PortableRole } from './messages';
import { toChatModelInfos, type VeniceChatModelInfo } from './modelInfo';
import { relayStream } from './relay';
import { buildChatRequest } from './request';
import { estimateTextTokens } from '../llm/tokens';
import { estimateMessageTokens } from './tokens';
import { ToolNames } from './tools';

/** VS Code's numeric roles: User = 1, Assistant = 2, and System = 3 (not yet in the stable typings). */
function roleOf(role: number): PortableRole {
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return 'assistant';
  if (role === 3) return 'system';
  return 'user';
}

/** Part classes newer VS Code versions may put into history that carry nothing for the model. */
function isThinkingPart(part: unknown): boolean {
  const ctor = (vscode as unknown as Record<string, unknown>).LanguageModelThinkingPart;
  return typeof ctor === 'function' && part instanceof (ctor as new (...args: never[]) => unknown);
}

export function toPortableMessage(message: vscode.LanguageModelChatRequestMessage): PortableMessage {
  const parts: PortablePart[] = [];
  for (const p of message.content) {
    if (isThinkingPart(p)) continue;
    const c = classifyPart(p);
    if (c) parts.push(c);
  }
  return { role: roleOf(message.role), parts };
}

export class VeniceChatModelProvider implements vscode.LanguageModelChatProvider<VeniceChatModelInfo> {
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;

  constructor(
    private readonly services: Services,
    private readonly catalog: ModelCatalog,
  ) {
    this.onDidChangeLanguageModelChatInformation = catalog.onDidChange;
  }

  async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): Promise<VeniceChatModelInfo[]> {
    if (!(await this.services.keys.get())) {
      // Silent: VS Code is only looking. Otherwise the user asked for Venice models: offer the key.
      if (options.silent || token.isCancellationRequested) return [];
      const pick = await vscode.window.showInformationMessage('Venice needs your API key to offer its models.', 'Set API Key');
      if (pick !== 'Set API Key') return [];
      await vscode.commands.executeCommand(COMMANDS.setApiKey);
      if (!(await this.services.keys.get()) || token.isCancellationRequested) return [];
    }
    try {
      return toChatModelInfos(await this.catalog.get('text'));
    } catch (err) {
      log.warn(`Could not list Venice models for VS Code: ${isVeniceError(err) ? `${err.kind} ${err.message}` : String(err)}`);
      if (!options.silent) void showError('Venice could not list its models', err);
      // A key problem waits for a new key (which refreshes the list); anything else is retried.
      if (!(isVeniceError(err) && (err.kind === 'auth' || err.kind === 'noKey'))) this.catalog.retryLater();
      return [];
    }
  }

  async provideLanguageModelChatResponse(
    model: VeniceChatModelInfo,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    if (token.isCancellationRequested) return;
    // Cancelling the VS Code request aborts the HTTP stream itself.
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const tools = options.tools ?? [];
      const names = new ToolNames(tools.map((t) => t.name));
      const request = buildChatRequest({
        model,
        messages: toVeniceMessages(messages.map(toPortableMessage), { vision: model.capabilities.imageInput, apiToolName: (n) => names.api(n) }),
        modelOptions: options.modelOptions,
        tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
        toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
        toolNames: names,
        includeVeniceSystemPrompt: config.chat.includeVeniceSystemPrompt(),
        settings: { temperature: config.chat.temperature(), maxCompletionTokens: config.chat.maxCompletionTokens(), webSearch: config.chat.webSearch() },
        // From the cache only: a request never waits for the model list.
        venice: this.catalog.peek('text')?.find((m) => m.id === model.id),
      });
      const outcome = await relayStream(
        this.services.client.streamChat(request, { signal: abort.signal }),
        {
          text: (text) => progress.report(new vscode.LanguageModelTextPart(text)),
          toolCall: (c) => progress.report(new vscode.LanguageModelToolCallPart(c.callId, c.name, c.input)),
        },
        names,
        () => `call_${randomUUID()}`,
      );
      log.debug(`LM request to ${model.id} finished (${outcome.finishReason ?? 'no reason'}, ${outcome.textChars} chars, ${outcome.toolCalls} tool calls)`);
      // VS Code's language model API has no way to mark an answer; the log says what may be missing.
      if (outcome.skipped > 0) log.warn(`LM request to ${model.id}: the answer may be incomplete (${outcome.skipped} unreadable stream event(s) skipped).`);
    } catch (err) {
      if (token.isCancellationRequested || (isVeniceError(err) && err.kind === 'cancelled')) return;
      log.warn(`LM request to ${model.id} failed: ${isVeniceError(err) ? `${err.kind} ${err.status ?? ''} ${err.detail ?? err.message}` : String(err)}`);
      // VeniceError messages are short, actionable and never contain the key: pass them on as they are.
      throw err instanceof Error ? err : new Error(String(err));
    } finally {
      sub.dispose();
      this.catalog.refreshIfStale();
    }
  }

  async provideTokenCount(_model: VeniceChatModelInfo, text: string | vscode.LanguageModelChatRequestMessage, _token: vscode.CancellationToken): Promise<number> {
    return typeof text === 'string' ? estimateTextTokens(text) : estimateMessageTokens(toPortableMessage(text));
  }
}
