// Turns the chat settings and the chosen model into the request fields (everything but `messages`).
// Only documented fields are sent: Venice answers unknown top-level fields with 400.
import type { ChatCompletionRequest, FunctionTool, VeniceModel, VeniceParameters } from '../venice/types';

export type WebSearchMode = 'off' | 'auto' | 'on';

/** The settings a turn uses, read once when it starts (see register.ts for where they come from). */
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

export interface RequestPlan {
  base: Omit<ChatCompletionRequest, 'messages'>;
  /** Visible notes about settings that could not be honoured. */
  notes: string[];
  contextTokens?: number;
  reserveTokens: number;
  fixedTokens: number;
}

export function modelLabel(s: TurnSettings): string {
  return s.modelInfo?.model_spec.name || s.resolvedModel;
}

function positive(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

export function planRequest(s: TurnSettings, tools: FunctionTool[]): RequestPlan {
  const spec = s.modelInfo?.model_spec;
  const notes: string[] = [];
  const modelMax = positive(spec?.maxCompletionTokens);
  const maxTokens = s.maxCompletionTokens !== undefined && modelMax !== undefined ? Math.min(s.maxCompletionTokens, modelMax) : s.maxCompletionTokens;

  const venice: VeniceParameters = { include_venice_system_prompt: s.includeVeniceSystemPrompt };
  if (s.webSearch !== 'off') {
    if (spec?.capabilities?.supportsWebSearch === true) {
      venice.enable_web_search = s.webSearch;
      venice.enable_web_citations = true;
      venice.include_search_results_in_stream = true;
    } else {
      notes.push(`Web search is on in settings, but ${modelLabel(s)} does not support it: answered without searching.`);
    }
  }
  if (s.character) venice.character_slug = s.character;

  const base: Omit<ChatCompletionRequest, 'messages'> = {
    model: s.resolvedModel,
    stream: true,
    stream_options: { include_usage: true },
    venice_parameters: venice,
  };
  if (s.temperature !== undefined) base.temperature = s.temperature;
  if (maxTokens !== undefined) base.max_completion_tokens = maxTokens;
  if (tools.length > 0) base.tools = tools;

  const contextTokens = positive(spec?.availableContextTokens) ?? positive(s.modelInfo?.context_length);
  const reserveTokens = maxTokens ?? Math.min(modelMax ?? 4_096, contextTokens ? Math.floor(contextTokens / 4) : 4_096);
  const fixedTokens = tools.length > 0 ? Math.ceil(JSON.stringify(tools).length / 4) : 0;
  return { base, notes, contextTokens, reserveTokens, fixedTokens };
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
