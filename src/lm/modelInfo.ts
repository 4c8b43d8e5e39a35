// Venice's model list -> the model descriptions VS Code's language model API shows and selects.
// No `vscode` import: the returned objects are structurally `vscode.LanguageModelChatInformation`.
import { contextTokensOf, isUsableTextModel, maxOutputTokensOf } from '../llm/capabilities';
import { oneLine } from '../util/text';
import type { VeniceModel } from '../venice/types';

export interface VeniceChatModelInfo {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly toolCalling: boolean; readonly imageInput: boolean };
}

/** Used only when Venice leaves a limit out: small enough that no real model is overrun. */
export const FALLBACK_CONTEXT_TOKENS = 8192;
export const FALLBACK_OUTPUT_TOKENS = 2048;

const TOOLTIP_MAX = 300;

/**
 * Context and answer share one window at Venice. The input budget is the window minus the answer's
 * maximum, so a prompt that fills `maxInputTokens` still leaves room to answer; when a model's
 * maximum answer is most of its window, at least half the window stays for input.
 */
export function tokenLimits(model: VeniceModel): { maxInputTokens: number; maxOutputTokens: number } {
  const context = contextTokensOf(model) ?? FALLBACK_CONTEXT_TOKENS;
  const output = Math.min(maxOutputTokensOf(model) ?? Math.min(FALLBACK_OUTPUT_TOKENS, Math.floor(context / 4)), context);
  const reserve = Math.min(output, Math.floor(context / 2));
  return { maxInputTokens: Math.max(1, context - reserve), maxOutputTokens: Math.max(1, output) };
}

function detailOf(model: VeniceModel): string | undefined {
  const spec = model.model_spec ?? {};
  const parts: string[] = [];
  if (typeof spec.privacy === 'string' && spec.privacy) parts.push(oneLine(spec.privacy, { maxLength: 20 }));
  if (spec.beta === true) parts.push('beta');
  if (spec.deprecation?.date) parts.push('deprecated');
  return parts.length ? parts.join(' · ') : undefined;
}

/** One Venice model as a VS Code chat model, or undefined when it cannot be used here. */
export function toChatModelInfo(model: VeniceModel): VeniceChatModelInfo | undefined {
  if (!isUsableTextModel(model)) return undefined;
  const spec = model.model_spec ?? {};
  const caps = spec.capabilities ?? {};
  const name = typeof spec.name === 'string' && spec.name.trim() ? oneLine(spec.name, { maxLength: 80 }) : model.id;
  const description = typeof spec.description === 'string' ? oneLine(spec.description, { maxLength: TOOLTIP_MAX }) : '';
  const detail = detailOf(model);
  return {
    id: model.id,
    name,
    // Venice ids name one model each; the id is also what `selectChatModels({ family })` matches.
    family: model.id,
    version: model.id,
    ...(description ? { tooltip: description } : {}),
    ...(detail ? { detail } : {}),
    ...tokenLimits(model),
    capabilities: { toolCalling: caps.supportsFunctionCalling === true, imageInput: caps.supportsVision === true },
  };
}

/** Usable text models, in Venice's order, each id once. */
export function toChatModelInfos(models: readonly VeniceModel[]): VeniceChatModelInfo[] {
  const seen = new Set<string>();
  const out: VeniceChatModelInfo[] = [];
  for (const m of models) {
    const info = toChatModelInfo(m);
    if (!info || seen.has(info.id)) continue;
    seen.add(info.id);
    out.push(info);
  }
  return out;
}
