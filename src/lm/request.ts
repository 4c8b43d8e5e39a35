// One language-model request from VS Code -> one Venice chat completion request.
// Only documented fields are sent (Venice answers unknown fields with 400). No `vscode` import.
import { VeniceError } from '../venice/errors';
import type { ChatCompletionRequest, ChatMessage, ToolChoice } from '../venice/types';
import type { VeniceChatModelInfo } from './modelInfo';
import { toFunctionTools, type PortableTool, type ToolNames } from './tools';

export type PortableToolMode = 'auto' | 'required';

export interface LmRequestInput {
  model: VeniceChatModelInfo;
  messages: ChatMessage[];
  /** `modelOptions` of the VS Code request: free-form, so every value is checked. */
  modelOptions?: Readonly<Record<string, unknown>>;
  tools?: readonly PortableTool[];
  toolMode: PortableToolMode;
  toolNames: ToolNames;
  /** The user's venice.chat.includeVeniceSystemPrompt (callers bring their own prompts). */
  includeVeniceSystemPrompt: boolean;
}

/** The modelOptions keys that are passed on, with the Venice field each becomes. */
export const SUPPORTED_MODEL_OPTIONS = [
  'temperature',
  'top_p',
  'max_completion_tokens',
  'max_tokens',
  'maxTokens',
  'stop',
  'seed',
  'reasoning_effort',
  'parallel_tool_calls',
] as const;

function bad(message: string): VeniceError {
  return new VeniceError({ kind: 'badRequest', message });
}

function numberIn(key: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw bad(`modelOptions.${key} must be a number from ${min} to ${max}.`);
  return v;
}

function intAtLeast(key: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw bad(`modelOptions.${key} must be a whole number of at least ${min}.`);
  return v;
}

/** Copies the supported modelOptions into the request, checking each value. Others are ignored. */
export function applyModelOptions(req: ChatCompletionRequest, options: Readonly<Record<string, unknown>>, maxOutputTokens: number): void {
  const has = (k: string): boolean => options[k] !== undefined && options[k] !== null;
  if (has('temperature')) req.temperature = numberIn('temperature', options.temperature, 0, 2);
  if (has('top_p')) req.top_p = numberIn('top_p', options.top_p, 0, 1);
  const maxKey = (['max_completion_tokens', 'max_tokens', 'maxTokens'] as const).find(has);
  if (maxKey) {
    // Asking for more than the model's maximum is a 400 at Venice: clamp instead.
    req.max_completion_tokens = Math.min(intAtLeast(maxKey, options[maxKey], 1), maxOutputTokens);
  }
  if (has('stop')) {
    const stop = options.stop;
    const ok = typeof stop === 'string' ? stop.length > 0 : Array.isArray(stop) && stop.length >= 1 && stop.length <= 4 && stop.every((s) => typeof s === 'string' && s.length > 0);
    if (!ok) throw bad('modelOptions.stop must be a string or a list of 1 to 4 strings.');
    req.stop = stop as string | string[];
  }
  if (has('seed')) req.seed = intAtLeast('seed', options.seed, -999_999_999);
  if (has('reasoning_effort')) {
    if (typeof options.reasoning_effort !== 'string' || !/^[a-z]{1,16}$/.test(options.reasoning_effort)) throw bad('modelOptions.reasoning_effort must be a word such as "low", "medium" or "high".');
    req.reasoning_effort = options.reasoning_effort;
  }
  if (has('parallel_tool_calls')) {
    if (typeof options.parallel_tool_calls !== 'boolean') throw bad('modelOptions.parallel_tool_calls must be true or false.');
    req.parallel_tool_calls = options.parallel_tool_calls;
  }
}

function toolChoice(mode: PortableToolMode, apiNames: readonly string[]): ToolChoice | undefined {
  if (mode !== 'required') return undefined; // 'auto' is Venice's default
  // Several models honour "required" only as "call this one tool".
  return apiNames.length === 1 ? { type: 'function', function: { name: apiNames[0] } } : 'required';
}

export function buildChatRequest(input: LmRequestInput): ChatCompletionRequest {
  const { model } = input;
  const req: ChatCompletionRequest = {
    model: model.id,
    messages: input.messages,
    venice_parameters: { include_venice_system_prompt: input.includeVeniceSystemPrompt },
  };
  if (input.modelOptions) applyModelOptions(req, input.modelOptions, model.maxOutputTokens);
  const tools = input.tools ?? [];
  if (tools.length) {
    if (!model.capabilities.toolCalling) {
      throw bad(`${model.name} cannot call tools. Choose a Venice model that supports function calling.`);
    }
    req.tools = toFunctionTools(tools, input.toolNames);
    const choice = toolChoice(input.toolMode, req.tools.map((t) => t.function.name));
    if (choice) req.tool_choice = choice;
  } else if (input.toolMode === 'required') {
    throw bad('A tool call was required, but no tools were given.');
  }
  return req;
}
