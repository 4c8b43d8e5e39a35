// The one request planner: whatever surface asked (the chat view, VS Code's language-model API,
// @venice), a conversation plus the model's capabilities and the user's preferences become one
// Venice chat request here: tools, web search, character, system prompts, sampling, the max-token
// clamp, the token budget the history is trimmed to, and prompt caching (promptCache.ts) for models
// that list cached-token prices. Only documented fields are sent: Venice answers unknown top-level
// fields with 400. No `vscode` import.
import type { ChatCompletionRequest, ChatMessage, FunctionTool, ToolChoice, VeniceModel, VeniceParameters } from '../venice/types';
import { contextTokensOf, maxImagesOf, maxOutputTokensOf, modelName, mayReason, supportsVision, supportsWebSearch } from './capabilities';
import { estimateTextTokens, formatTokens } from './tokens';
import { trimToContext, type TrimResult } from './trim';
import { supportsPromptCache } from './cost';
import { withPromptCache } from './promptCache';

export type WebSearchMode = 'off' | 'auto' | 'on';

/** The user's settings that shape a Venice answer, read once when it starts (from `venice.chat.*`). */
export interface ChatSettings {
  /** The user's `venice.chat.model` ('' = Venice's default). */
  model: string;
  temperature?: number;
  maxCompletionTokens?: number;
  systemPrompt: string;
  includeVeniceSystemPrompt: boolean;
  webSearch: WebSearchMode;
  character: string;
  maxToolRounds: number;
}

export interface TurnSettings extends ChatSettings {
  /** The model id actually sent (resolved from the default trait when the setting is empty). */
  resolvedModel: string;
  /** The model's catalogue entry when known: context size, output cap, capabilities. */
  modelInfo?: VeniceModel;
}

/** Sampling a caller chose for this one request (VS Code's modelOptions); wins over the settings. */
export interface RequestOverrides {
  temperature?: number;
  top_p?: number;
  max_completion_tokens?: number;
  stop?: string | string[];
  seed?: number;
  reasoning_effort?: string;
  parallel_tool_calls?: boolean;
  tool_choice?: ToolChoice;
  /** Ask a reasoning model not to think first (inline completions: latency is everything). */
  disable_thinking?: boolean;
}

export interface RequestPlan {
  /** Everything but `messages`. */
  base: Omit<ChatCompletionRequest, 'messages'>;
  /** The system message built from the settings (undefined when there is none). */
  system?: ChatMessage;
  /** Visible notes about settings that could not be honoured. */
  notes: string[];
  contextTokens?: number;
  reserveTokens: number;
  fixedTokens: number;
  /** The model reads images (`supportsVision`); when false, fitRequest() leaves image parts out. */
  vision: boolean;
  /** The model may reason: earlier answers' `reasoning_details` / `thought_signature` go back to it; when false, fitRequest() leaves them out. */
  replay: boolean;
  /** The model bills cached prompt tokens (`pricing.cache_input`): requests get a cache key and breakpoints. */
  promptCache: boolean;
}

export function modelLabel(s: Pick<TurnSettings, 'resolvedModel' | 'modelInfo'>): string {
  return modelName(s.resolvedModel, s.modelInfo);
}

export function planRequest(s: TurnSettings, tools: readonly FunctionTool[], overrides: RequestOverrides = {}): RequestPlan {
  const notes: string[] = [];
  const modelMax = maxOutputTokensOf(s.modelInfo);
  const wanted = overrides.max_completion_tokens ?? s.maxCompletionTokens;
  // Asking for more than the model's maximum is a 400 at Venice: clamp instead.
  const maxTokens = wanted !== undefined && modelMax !== undefined ? Math.min(wanted, modelMax) : wanted;

  const venice: VeniceParameters = { include_venice_system_prompt: s.includeVeniceSystemPrompt };
  if (s.webSearch !== 'off') {
    if (supportsWebSearch(s.modelInfo)) {
      venice.enable_web_search = s.webSearch;
      venice.enable_web_citations = true;
      venice.include_search_results_in_stream = true;
    } else {
      notes.push(`Web search is on, but ${modelLabel(s)} does not support it: answered without searching.`);
    }
  }
  if (s.character) venice.character_slug = s.character;
  if (overrides.disable_thinking) venice.disable_thinking = true;

  const base: Omit<ChatCompletionRequest, 'messages'> = {
    model: s.resolvedModel,
    stream: true,
    stream_options: { include_usage: true },
    venice_parameters: venice,
  };
  const temperature = overrides.temperature ?? s.temperature;
  if (temperature !== undefined) base.temperature = temperature;
  if (overrides.top_p !== undefined) base.top_p = overrides.top_p;
  if (maxTokens !== undefined) base.max_completion_tokens = maxTokens;
  if (overrides.stop !== undefined) base.stop = overrides.stop;
  if (overrides.seed !== undefined) base.seed = overrides.seed;
  if (overrides.reasoning_effort !== undefined) base.reasoning_effort = overrides.reasoning_effort;
  if (tools.length > 0) {
    base.tools = [...tools];
    if (overrides.tool_choice !== undefined) base.tool_choice = overrides.tool_choice;
    if (overrides.parallel_tool_calls !== undefined) base.parallel_tool_calls = overrides.parallel_tool_calls;
  }

  const contextTokens = contextTokensOf(s.modelInfo);
  const reserveTokens = maxTokens ?? Math.min(modelMax ?? 4_096, contextTokens ? Math.floor(contextTokens / 4) : 4_096);
  const fixedTokens = tools.length > 0 ? estimateTextTokens(JSON.stringify(tools)) : 0;
  const system: ChatMessage | undefined = s.systemPrompt ? { role: 'system', content: s.systemPrompt } : undefined;
  return { base, system, notes, contextTokens, reserveTokens, fixedTokens, vision: supportsVision(s.modelInfo), replay: mayReason(s.modelInfo), promptCache: supportsPromptCache(s.modelInfo) };
}

// ---------- the vision gate: every surface's images pass here ----------

/** What a model that cannot read images sees where an image was. */
export const IMAGE_LEFT_OUT_NOTE = '[An image was attached here, but this model cannot read images.]';

/**
 * Why a message with `imageCount` images cannot go to this model, asked before anything is sent
 * (undefined: it can). Venice answers images sent to a model without vision with a 400.
 */
export function imageRefusal(s: Pick<TurnSettings, 'resolvedModel' | 'modelInfo'>, imageCount: number): string | undefined {
  if (imageCount === 0) return undefined;
  const max = maxImagesOf(s.modelInfo);
  const images = imageCount === 1 ? 'an image' : `${imageCount} images`;
  if (max === 0) return `${modelLabel(s)} cannot read images, so this message with ${images} was not sent. Switch to a model with vision, or remove the image${imageCount === 1 ? '' : 's'}.`;
  if (imageCount > max) return `${modelLabel(s)} reads at most ${max} image${max === 1 ? '' : 's'} per message; this one has ${imageCount}. Remove some, or switch to a model that reads more.`;
  return undefined;
}

/** The history without `reasoning_details` / `thought_signature` (for a model that does not reason). */
export function withoutReplay(history: readonly ChatMessage[]): ChatMessage[] {
  return history.map((m) => {
    if (m.role !== 'assistant' || (m.reasoning_details === undefined && m.thought_signature === undefined)) return m;
    const { reasoning_details: _details, thought_signature: _signature, ...rest } = m;
    return rest;
  });
}

/** The history with image parts turned into IMAGE_LEFT_OUT_NOTE text (for a model without vision). */
export function withoutImages(history: readonly ChatMessage[]): { messages: ChatMessage[]; leftOut: number } {
  let leftOut = 0;
  const messages = history.map((m): ChatMessage => {
    if (m.role !== 'user' || typeof m.content === 'string') return m;
    if (!m.content.some((p) => p.type === 'image_url')) return m;
    const text = m.content.map((p) => {
      if (p.type === 'text') return p.text;
      leftOut++;
      return IMAGE_LEFT_OUT_NOTE;
    });
    return { role: 'user', content: text.filter((t) => t.length > 0).join('\n\n') };
  });
  return { messages, leftOut };
}

export interface FittedRequest {
  body: ChatCompletionRequest;
  trim: TrimResult;
}

/** The plan with a conversation (without the settings' system prompt), trimmed to the model's window. */
export function fitRequest(plan: RequestPlan, history: readonly ChatMessage[]): FittedRequest {
  const trim = trimToContext(plan.system, gateImages(plan, history), { contextTokens: plan.contextTokens, reserveTokens: plan.reserveTokens, fixedTokens: plan.fixedTokens });
  return { body: finishBody(plan, trim.messages), trim };
}

/**
 * The gates every surface's history passes: images never reach a model that cannot read them (Venice
 * would answer 400); reasoning signatures are sent back verbatim (api-notes §3.1), across turns too,
 * only to a model that may reason.
 */
export function gateImages(plan: RequestPlan, history: readonly ChatMessage[]): ChatMessage[] {
  const seen = plan.vision ? [...history] : withoutImages(history).messages;
  return plan.replay ? seen : withoutReplay(seen);
}

/** The request for messages that are final (gated and trimmed): the plan's fields plus prompt caching. */
export function finishBody(plan: RequestPlan, messages: ChatMessage[]): ChatCompletionRequest {
  const body: ChatCompletionRequest = { ...plan.base, messages };
  return plan.promptCache ? withPromptCache(body) : body;
}

/** Why a request cannot be sent: even the system prompt and the newest exchange exceed the budget. */
export function tooLongMessage(s: Pick<TurnSettings, 'resolvedModel' | 'modelInfo'>, trim: TrimResult): string {
  return `This message is too long for ${modelLabel(s)}: about ${formatTokens(trim.estimatedTokens)} tokens, and ${formatTokens(trim.budget ?? 0)} fit. Shorten it, remove context, or choose a model with a larger context window.`;
}

/** The visible note for a history that had to be shortened (undefined when nothing was left out). */
export function droppedNote(s: Pick<TurnSettings, 'resolvedModel' | 'modelInfo'>, plan: RequestPlan, trim: TrimResult): string | undefined {
  if (trim.dropped === 0) return undefined;
  return `Left out ${trim.dropped} earlier message${trim.dropped === 1 ? '' : 's'} to fit ${modelLabel(s)}'s context window (~${formatTokens(plan.contextTokens ?? 0)} tokens).`;
}

/**
 * A visible note for an answer that asked for web search but got no sources back, so "no citations"
 * is not mistaken for "did not search". Undefined when search was off or sources arrived.
 */
export function webSearchNote(base: RequestPlan['base'], citationCount: number): string | undefined {
  const mode = base.venice_parameters?.enable_web_search;
  if (!mode || mode === 'off' || citationCount > 0) return undefined;
  return mode === 'on'
    ? 'Web search found no sources for this answer.'
    : 'Web search (auto) found no sources for this answer: Venice may have decided that no search was needed.';
}
