// Request bodies, built field by field. Venice rejects unknown top-level fields with 400, so only
// documented fields are copied, undefined values are dropped, and `null` is never sent.
import { VeniceError } from './errors';
import type {
  CharacterQuery,
  ChatCompletionRequest,
  ChatMessage,
  EditImageRequest,
  EmbeddingsRequest,
  FunctionTool,
  GenerateImageRequest,
  MultiEditImageRequest,
  RemoveBackgroundRequest,
  SpeechRequest,
  TextPart,
  ToolChoice,
  UpscaleImageRequest,
  UserContentPart,
  VeniceParameters,
} from './types';

type Body = Record<string, unknown>;

/** Copies only the listed keys whose values are defined (and not null). */
function pick<T extends object>(src: T, keys: ReadonlyArray<keyof T>): Body {
  const out: Body = {};
  for (const k of keys) {
    const v = src[k];
    if (v !== undefined && v !== null) out[k as string] = v;
  }
  return out;
}

function badInput(message: string): VeniceError {
  return new VeniceError({ kind: 'badRequest', message });
}

export const MAX_SPEECH_INPUT = 4096;

function contentParts(parts: readonly UserContentPart[]): Body[] {
  const out: Body[] = [];
  for (const p of parts) {
    if (p.type === 'text') {
      // Venice requires non-empty text parts.
      if (!p.text) continue;
      const part: Body = { type: 'text', text: p.text };
      if (p.cache_control) part.cache_control = { type: p.cache_control.type };
      out.push(part);
    } else if (p.type === 'image_url') {
      out.push({ type: 'image_url', image_url: { url: p.image_url.url } });
    }
  }
  return out;
}

/** A system or assistant content: text, or text parts (the planner's cache breakpoints). */
function textContent(content: string | readonly TextPart[]): string | Body[] {
  return typeof content === 'string' ? content : contentParts(content);
}

function message(m: ChatMessage): Body {
  switch (m.role) {
    case 'system':
    case 'developer':
      // Not every Venice model knows the `developer` role; `system` means the same to all of them.
      return { role: 'system', content: textContent(m.content) };
    case 'user':
      return { role: 'user', content: typeof m.content === 'string' ? m.content : contentParts(m.content) };
    case 'assistant': {
      const out: Body = { role: 'assistant' };
      const calls = m.tool_calls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } }));
      if (m.content !== null && m.content !== undefined) out.content = textContent(m.content);
      else if (!calls?.length) out.content = '';
      if (calls?.length) out.tool_calls = calls;
      if (m.reasoning_details !== undefined && m.reasoning_details !== null) out.reasoning_details = m.reasoning_details;
      if (m.thought_signature) out.thought_signature = m.thought_signature;
      return out;
    }
    case 'tool':
      return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content };
  }
}

function tool(t: FunctionTool): Body {
  return { type: 'function', function: pick(t.function, ['name', 'description', 'parameters', 'strict']) };
}

function toolChoice(c: ToolChoice): ToolChoice {
  return typeof c === 'string' ? c : { type: 'function', function: { name: c.function.name } };
}

const VENICE_PARAMETER_KEYS: ReadonlyArray<keyof VeniceParameters> = [
  'enable_web_search',
  'enable_web_citations',
  'enable_web_scraping',
  'include_search_results_in_stream',
  'include_venice_system_prompt',
  'character_slug',
  'strip_thinking_response',
  'disable_thinking',
];

export function chatBody(req: ChatCompletionRequest, stream: boolean): Body {
  if (!req.model) throw badInput('No model was chosen for the chat.');
  if (!req.messages.length) throw badInput('There is nothing to send: the conversation is empty.');
  const body: Body = {
    model: req.model,
    messages: req.messages.map(message),
    ...pick(req, ['temperature', 'top_p', 'max_completion_tokens', 'stop', 'seed', 'parallel_tool_calls', 'reasoning_effort', 'prompt_cache_key']),
  };
  if (req.tools?.length) body.tools = req.tools.map(tool);
  if (req.tool_choice !== undefined && req.tools?.length) body.tool_choice = toolChoice(req.tool_choice);
  if (req.venice_parameters) {
    const vp = pick(req.venice_parameters, VENICE_PARAMETER_KEYS);
    if (Object.keys(vp).length) body.venice_parameters = vp;
  }
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

export function imageBody(req: GenerateImageRequest): Body {
  if (!req.prompt?.trim()) throw badInput('Describe the image to generate: the prompt is empty.');
  return pick(req, [
    'model',
    'prompt',
    'negative_prompt',
    'width',
    'height',
    'aspect_ratio',
    'resolution',
    'variants',
    'style_preset',
    'format',
    'safe_mode',
    'seed',
    'cfg_scale',
    'hide_watermark',
  ]);
}

export function upscaleBody(req: UpscaleImageRequest): Body {
  if (!req.image) throw badInput('There is no image to upscale.');
  return pick(req, ['image', 'scale', 'creativity']);
}

export function editBody(req: EditImageRequest): Body {
  if (!req.image) throw badInput('There is no image to edit.');
  if (!req.prompt?.trim()) throw badInput('Describe the edit: the prompt is empty.');
  return pick(req, ['image', 'prompt', 'model', 'aspect_ratio', 'output_format', 'safe_mode']);
}

export function speechBody(req: SpeechRequest): Body {
  if (!req.input.trim()) throw badInput('There is no text to read aloud.');
  if (req.input.length > MAX_SPEECH_INPUT) {
    throw badInput(`Venice reads at most ${MAX_SPEECH_INPUT} characters at a time; this text has ${req.input.length}.`);
  }
  return pick(req, ['model', 'input', 'voice', 'response_format', 'speed']);
}

export function embeddingsBody(req: EmbeddingsRequest): Body {
  const empty = Array.isArray(req.input) ? req.input.length === 0 || req.input.some((s) => !s) : !req.input;
  if (empty) throw badInput('There is no text to embed.');
  return { ...pick(req, ['model', 'input', 'dimensions']), encoding_format: 'float' };
}

export function characterQueryParams(q: CharacterQuery = {}): Record<string, string> {
  const out: Record<string, string> = {};
  if (q.search?.trim()) out.search = q.search.trim();
  if (q.limit !== undefined) out.limit = String(Math.min(100, Math.max(1, Math.floor(q.limit))));
  if (q.offset !== undefined) out.offset = String(Math.max(0, Math.floor(q.offset)));
  if (q.sortBy) out.sortBy = q.sortBy;
  if (q.isAdult !== undefined) out.isAdult = q.isAdult ? 'true' : 'false';
  return out;
}

export function removeBackgroundBody(req: RemoveBackgroundRequest): Body {
  if (!req.image) throw badInput('There is no image to remove the background from.');
  return pick(req, ['image']);
}

export function multiEditBody(req: MultiEditImageRequest): Body {
  if (req.images.length < 1 || req.images.some((i) => !i)) throw badInput('There are no images to combine.');
  if (!req.prompt?.trim()) throw badInput('Describe how to combine the images: the prompt is empty.');
  return pick(req, ['prompt', 'images', 'modelId', 'aspect_ratio', 'output_format', 'safe_mode']);
}
