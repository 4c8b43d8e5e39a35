// One language-model request from VS Code -> the one request planner (src/llm/planner.ts). This
// file only converts what VS Code hands over: its free-form `modelOptions` (every value checked),
// its tool mode, and its tools with API-safe names. The user's Venice settings that shape an answer
// (temperature, max tokens, Venice's system prompt, web search) apply as on every surface; the
// system prompt and character do not, because the calling extension owns the conversation's
// persona. No `vscode` import.
import { finishBody, gateImages, planRequest, type ChatSettings, type RequestOverrides } from '../llm/planner';
import { VeniceError } from '../venice/errors';
import type { ChatCompletionRequest, ChatMessage, ToolChoice, VeniceModel } from '../venice/types';
import type { VeniceChatModelInfo } from './modelInfo';
import { toFunctionTools, type PortableTool, type ToolNames } from './tools';

export type PortableToolMode = 'auto' | 'required';

/** The user's settings a language-model request honours (see the file comment). */
export type LmSettings = Pick<ChatSettings, 'temperature' | 'maxCompletionTokens' | 'webSearch'>;

export interface LmRequestInput {
  model: VeniceChatModelInfo;
  /** The model's catalogue entry when the catalogue has it (capabilities such as web search). */
  venice?: VeniceModel;
  messages: ChatMessage[];
  /** `modelOptions` of the VS Code request: free-form, so every value is checked. */
  modelOptions?: Readonly<Record<string, unknown>>;
  tools?: readonly PortableTool[];
  toolMode: PortableToolMode;
  toolNames: ToolNames;
  /** The user's venice.chat.includeVeniceSystemPrompt (callers bring their own prompts). */
  includeVeniceSystemPrompt: boolean;
  settings?: LmSettings;
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

/** The supported modelOptions, each value checked. Others are ignored. */
export function modelOptionOverrides(options: Readonly<Record<string, unknown>>): RequestOverrides {
  const out: RequestOverrides = {};
  const has = (k: string): boolean => options[k] !== undefined && options[k] !== null;
  if (has('temperature')) out.temperature = numberIn('temperature', options.temperature, 0, 2);
  if (has('top_p')) out.top_p = numberIn('top_p', options.top_p, 0, 1);
  const maxKey = (['max_completion_tokens', 'max_tokens', 'maxTokens'] as const).find(has);
  if (maxKey) out.max_completion_tokens = intAtLeast(maxKey, options[maxKey], 1);
  if (has('stop')) {
    const stop = options.stop;
    const ok = typeof stop === 'string' ? stop.length > 0 : Array.isArray(stop) && stop.length >= 1 && stop.length <= 4 && stop.every((s) => typeof s === 'string' && s.length > 0);
    if (!ok) throw bad('modelOptions.stop must be a string or a list of 1 to 4 strings.');
    out.stop = stop as string | string[];
  }
  if (has('seed')) out.seed = intAtLeast('seed', options.seed, -999_999_999);
  if (has('reasoning_effort')) {
    if (typeof options.reasoning_effort !== 'string' || !/^[a-z]{1,16}$/.test(options.reasoning_effort)) throw bad('modelOptions.reasoning_effort must be a word such as "low", "medium" or "high".');
    out.reasoning_effort = options.reasoning_effort;
  }
  if (has('parallel_tool_calls')) {
    if (typeof options.parallel_tool_calls !== 'boolean') throw bad('modelOptions.parallel_tool_calls must be true or false.');
    out.parallel_tool_calls = options.parallel_tool_calls;
  }
  return out;
}

function toolChoice(mode: PortableToolMode, apiNames: readonly string[]): ToolChoice | undefined {
  if (mode !== 'required') return undefined; // 'auto' is Venice's default
  // Several models honour "required" only as "call this one tool".
  return apiNames.length === 1 ? { type: 'function', function: { name: apiNames[0] } } : 'required';
}

/** What VS Code told us about the model, as a catalogue entry, when the catalogue no longer has it. */
function entryFromInfo(model: VeniceChatModelInfo): VeniceModel {
  return {
    id: model.id,
    type: 'text',
    model_spec: {
      name: model.name,
      maxCompletionTokens: model.maxOutputTokens,
      capabilities: { supportsFunctionCalling: model.capabilities.toolCalling, supportsVision: model.capabilities.imageInput },
    },
  };
}

export function buildChatRequest(input: LmRequestInput): ChatCompletionRequest {
  const { model } = input;
  const overrides = input.modelOptions ? modelOptionOverrides(input.modelOptions) : {};
  const tools = input.tools ?? [];
  const functions = tools.length ? toFunctionTools(tools, input.toolNames) : [];
  if (tools.length) {
    if (!model.capabilities.toolCalling) throw bad(`${model.name} cannot call tools. Choose a Venice model that supports function calling.`);
    const choice = toolChoice(input.toolMode, functions.map((t) => t.function.name));
    if (choice) overrides.tool_choice = choice;
  } else if (input.toolMode === 'required') {
    throw bad('A tool call was required, but no tools were given.');
  }
  const plan = planRequest(
    {
      model: model.id,
      resolvedModel: model.id,
      modelInfo: input.venice ?? entryFromInfo(model),
      temperature: input.settings?.temperature,
      maxCompletionTokens: input.settings?.maxCompletionTokens,
      webSearch: input.settings?.webSearch ?? 'off',
      includeVeniceSystemPrompt: input.includeVeniceSystemPrompt,
      systemPrompt: '',
      character: '',
      maxToolRounds: 0,
    },
    functions,
    overrides,
  );
  // VS Code budgets the prompt itself (maxInputTokens), so the history is sent as given, through
  // the planner's vision gate (images never reach a model that cannot read them).
  return finishBody(plan, gateImages(plan, input.messages));
}
