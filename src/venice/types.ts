// Typed shapes of the Venice API as this extension uses it (see shared/venice/api-notes.md).
// No `vscode` import: this folder is plain Node. Over ~350 lines on purpose: one file of declarations
// (no logic) per API contract, so each endpoint's shapes sit beside the others they share fields with.

// ---------- chat ----------

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** A prompt-cache breakpoint on a content part: the prefix up to here may be cached (`ephemeral` only). */
export interface CacheControl {
  type: 'ephemeral';
}

export interface TextPart {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}
export interface ImageUrlPart {
  type: 'image_url';
  image_url: { url: string };
}
export type UserContentPart = TextPart | ImageUrlPart;

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system' | 'developer'; content: string | TextPart[] }
  | { role: 'user'; content: string | UserContentPart[] }
  | {
      role: 'assistant';
      content: string | null | TextPart[];
      tool_calls?: ToolCall[];
      /** Passed back verbatim in tool loops when the model sent them. */
      reasoning_details?: Array<Record<string, unknown>>;
      thought_signature?: string;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface VeniceParameters {
  enable_web_search?: 'off' | 'on' | 'auto';
  enable_web_citations?: boolean;
  enable_web_scraping?: boolean;
  include_search_results_in_stream?: boolean;
  include_venice_system_prompt?: boolean;
  character_slug?: string;
  strip_thinking_response?: boolean;
  disable_thinking?: boolean;
}

/** Only fields the contract documents: Venice answers unknown top-level fields with 400. */
export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_completion_tokens?: number;
  stop?: string | string[];
  seed?: number;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: string;
  venice_parameters?: VeniceParameters;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  /** Routes a conversation's requests to the same cache (set by the planner for models with cache pricing). */
  prompt_cache_key?: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** Cache reads (`cached_tokens`) and, where the provider bills them, cache writes. */
  prompt_tokens_details?: { cached_tokens?: number; cache_creation_input_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export interface Cost {
  usd?: number;
  diem?: number;
}

export interface Citation {
  title: string;
  url: string;
  content?: string;
  date?: string;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | string;

/** A tool call assembled from stream fragments. `arguments` is the raw text; `parsed` only if valid JSON. */
export interface AssembledToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** Typed events from one streamed chat completion, in arrival order. */
export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /** All tool calls of the turn, emitted once the turn finished (never from an interrupted stream). */
  | { type: 'toolCalls'; calls: AssembledToolCall[] }
  | { type: 'usage'; usage: Usage; cost?: Cost }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'model'; model: string }
  | { type: 'finish'; reason: FinishReason }
  /** An unreadable event was skipped (tolerated): the answer may be missing text. `skipped` counts them so far. */
  | { type: 'incomplete'; skipped: number }
  /** Reasoning data to send back verbatim with this response's tool calls (end of stream, at most once). */
  | { type: 'replay'; reasoningDetails?: Array<Record<string, unknown>>; thoughtSignature?: string };

export interface ChatCompletionResponse {
  id: string;
  model: string;
  choices: Array<{
    index: number;
    finish_reason: FinishReason | null;
    message: {
      role: 'assistant';
      content: string | null | TextPart[];
      reasoning_content?: string | null;
      tool_calls?: ToolCall[];
    };
  }>;
  usage?: Usage;
  cost?: Cost;
  venice_parameters?: { web_search_citations?: Citation[] } & Record<string, unknown>;
}

// ---------- models ----------

export type ModelType = 'text' | 'image' | 'tts' | 'embedding' | 'asr' | 'upscale' | 'inpaint' | 'video' | 'music' | 'code' | 'all';

export interface ModelCapabilities {
  optimizedForCode?: boolean;
  supportsFunctionCalling?: boolean;
  supportsWebSearch?: boolean;
  supportsVision?: boolean;
  supportsReasoning?: boolean;
  supportsResponseSchema?: boolean;
  supportsLogProbs?: boolean;
  supportsE2EE?: boolean;
  [k: string]: unknown;
}

export interface ModelSpec {
  name?: string;
  description?: string;
  availableContextTokens?: number;
  maxCompletionTokens?: number;
  privacy?: 'private' | 'anonymized' | string;
  beta?: boolean;
  offline?: boolean;
  traits?: string[];
  capabilities?: ModelCapabilities;
  constraints?: Record<string, unknown>;
  pricing?: Record<string, unknown>;
  deprecation?: { date?: string; removesAt?: string; autoRemap?: string };
  /** TTS models */
  voices?: string[];
  supported_formats?: string[];
  default_format?: string;
  /** Embedding models */
  embeddingDimensions?: number;
  maxInputTokens?: number;
  [k: string]: unknown;
}

export interface VeniceModel {
  id: string;
  type: string;
  object?: string;
  owned_by?: string;
  created?: number;
  context_length?: number;
  model_spec: ModelSpec;
}

// ---------- images ----------

export interface GenerateImageRequest {
  model: string;
  prompt: string;
  negative_prompt?: string;
  width?: number;
  height?: number;
  aspect_ratio?: string;
  resolution?: string;
  variants?: number;
  style_preset?: string;
  format?: 'jpeg' | 'png' | 'webp';
  safe_mode?: boolean;
  seed?: number;
  cfg_scale?: number;
  hide_watermark?: boolean;
  return_binary?: false;
}

export interface UpscaleImageRequest {
  image: string; // base64
  scale: 2 | 4;
  creativity?: number;
}

export interface EditImageRequest {
  image: string; // base64
  prompt: string;
  model?: string;
  aspect_ratio?: string;
  output_format?: 'jpeg' | 'png' | 'webp';
  safe_mode?: boolean;
}

// ---------- speech, embeddings, characters, limits ----------

export interface SpeechRequest {
  model: string;
  input: string;
  voice?: string;
  response_format?: 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';
  speed?: number;
}

export interface EmbeddingsRequest {
  model: string;
  input: string | string[];
  encoding_format?: 'float';
  dimensions?: number;
}

export interface EmbeddingsResponse {
  model: string;
  data: Array<{ index: number; embedding: number[] }>;
  usage?: { prompt_tokens: number; total_tokens: number };
}

export interface Character {
  id?: string;
  slug: string;
  name: string;
  description?: string | null;
  photoUrl?: string | null;
  tags?: string[];
  adult?: boolean;
  webEnabled?: boolean;
  modelId?: string;
  stats?: { averageRating?: number; imports?: number; ratingCount?: number };
}

export interface CharacterQuery {
  search?: string;
  limit?: number;
  offset?: number;
  sortBy?: string;
  isAdult?: boolean;
}

/** `POST /augment/scrape`: one web page as Markdown. */
export interface ScrapedPage {
  url: string;
  /** The page as Markdown (Venice's conversion). */
  content: string;
}

export interface RateLimitInfo {
  accessPermitted?: boolean;
  apiTier?: { id: string; isCharged?: boolean };
  balances?: { USD?: number; DIEM?: number; BUNDLED_CREDITS?: number };
  keyExpiration?: string | null;
  nextEpochBegins?: string;
  rateLimits?: Array<{ apiModelId: string; rateLimits: Array<{ type: 'RPM' | 'RPD' | 'TPM' | string; amount: number }> }>;
}

/** What the client reads off every response's headers (balance, limits, deprecation). */
export interface ResponseMeta {
  status: number;
  requestId?: string;
  modelId?: string;
  /** `x-venice-model-name`, when sent. */
  modelName?: string;
  balanceUsd?: number;
  balanceDiem?: number;
  deprecationWarning?: string;
  deprecationDate?: string;
  isBlurred?: boolean;
  isContentViolation?: boolean;
  rateLimit?: RateLimitWindow;
}

/** The rate-limit window from x-ratelimit-* response headers. */
export interface RateLimitWindow {
  limitRequests?: number;
  remainingRequests?: number;
  /** Absolute time (ms since epoch) the request window resets. */
  resetRequestsAt?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensAt?: number;
}

export interface BinaryResult {
  bytes: Uint8Array;
  contentType: string;
  meta: ResponseMeta;
}

// ---------- asset studio: background removal, multi-edit, transcription ----------

/** `POST /image/background-remove` (JSON): one image as base64. The answer is a PNG with transparency. */
export interface RemoveBackgroundRequest {
  image: string; // base64
}

/** `POST /image/multi-edit` (JSON): the first image is the base, the others are layers. */
export interface MultiEditImageRequest {
  prompt: string;
  images: string[]; // base64
  modelId?: string;
  aspect_ratio?: string;
  output_format?: 'jpeg' | 'png' | 'webp';
  safe_mode?: boolean;
}

/** `POST /audio/transcriptions` (multipart): the file's bytes are uploaded, never a path. */
export interface TranscriptionRequest {
  audio: { bytes: Uint8Array; contentType: string; extension: string };
  model?: string;
  timestamps?: boolean;
  language?: string;
}

/** A stretch of the transcript with its times in seconds. */
export interface TimedText {
  text: string;
  start: number;
  end: number;
}

export interface Transcription {
  text: string;
  /** Seconds, when Venice says. */
  duration?: number;
  segments: TimedText[];
  words: TimedText[];
  meta: ResponseMeta;
}
