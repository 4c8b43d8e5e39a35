// The Venice client's public surface. Consumers (chat, tools, commands) depend on this interface,
// so they can be tested with a fake and the client stays swappable.
import type {
  BinaryResult,
  Character,
  CharacterQuery,
  ChatCompletionRequest,
  ChatCompletionResponse,
  EditImageRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
  GenerateImageRequest,
  ModelType,
  MultiEditImageRequest,
  RemoveBackgroundRequest,
  TranscriptionRequest,
  Transcription,
  RateLimitInfo,
  ScrapedPage,
  ResponseMeta,
  SpeechRequest,
  StreamEvent,
  UpscaleImageRequest,
  VeniceModel,
} from './types';

export interface RetryNotice {
  attempt: number;
  /** How long the client waits before the next try. */
  delayMs: number;
  status: number;
  reason: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Told before each retry wait (429/5xx), so the UI can say "rate limited, retrying in Ns". */
  onRetry?: (notice: RetryNotice) => void;
}

export interface GeneratedImages {
  /** Decoded image bytes, one per variant. */
  images: Uint8Array[];
  meta: ResponseMeta;
}

export interface VeniceApi {
  /** Streams one chat completion. Throws VeniceError on HTTP errors, in-stream errors and interruptions. */
  streamChat(req: ChatCompletionRequest, opts?: CallOptions): AsyncIterable<StreamEvent>;
  chat(req: ChatCompletionRequest, opts?: CallOptions): Promise<ChatCompletionResponse>;
  listModels(type?: ModelType, opts?: CallOptions): Promise<VeniceModel[]>;
  modelTraits(type?: ModelType, opts?: CallOptions): Promise<Record<string, string>>;
  compatibilityMapping(type?: ModelType, opts?: CallOptions): Promise<Record<string, string>>;
  generateImage(req: GenerateImageRequest, opts?: CallOptions): Promise<GeneratedImages>;
  imageStyles(opts?: CallOptions): Promise<string[]>;
  upscaleImage(req: UpscaleImageRequest, opts?: CallOptions): Promise<BinaryResult>;
  editImage(req: EditImageRequest, opts?: CallOptions): Promise<BinaryResult>;
  speech(req: SpeechRequest, opts?: CallOptions): Promise<BinaryResult>;
  embeddings(req: EmbeddingsRequest, opts?: CallOptions): Promise<EmbeddingsResponse>;
  characters(query?: CharacterQuery, opts?: CallOptions): Promise<Character[]>;
  character(slug: string, opts?: CallOptions): Promise<Character>;
  rateLimits(opts?: CallOptions): Promise<RateLimitInfo>;
  /** One public web page as Markdown (`POST /augment/scrape`). */
  scrape(url: string, opts?: CallOptions): Promise<ScrapedPage>;
  /** Checks a candidate key with a cheap authenticated call, without storing it. Throws VeniceError if it fails. */
  verifyKey(key: string, opts?: CallOptions): Promise<void>;
  /** A PNG with a transparent background (`POST /image/background-remove`). */
  removeBackground(req: RemoveBackgroundRequest, opts?: CallOptions): Promise<BinaryResult>;
  /** One image made from 2+ images and a prompt (`POST /image/multi-edit`). */
  multiEditImage(req: MultiEditImageRequest, opts?: CallOptions): Promise<BinaryResult>;
  /** Speech to text with segment and word times (`POST /audio/transcriptions`, multipart). */
  transcribe(req: TranscriptionRequest, opts?: CallOptions): Promise<Transcription>;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Everything the client needs from its host, as functions so settings are read fresh per call. */
export interface VeniceClientOptions {
  baseUrl: () => string;
  getApiKey: () => Promise<string | undefined>;
  /** Limit for response headers and for silence between body chunks (ms). */
  timeoutMs: () => number;
  maxRetries: () => number;
  userAgent?: string;
  log?: (level: LogLevel, message: string) => void;
  /** Called with the headers' meta of every response (balance, rate limits, deprecation). */
  onResponseMeta?: (meta: ResponseMeta, path: string) => void;
  /** The editor's proxy (VS Code's http.proxy / http.proxyStrictSSL); undefined: the environment's (HTTPS_PROXY…). */
  proxy?: () => ProxySettings | undefined;
}

/** A proxy every request goes through (CONNECT tunnels). */
export interface ProxySettings {
  /** http://[user:pass@]host:port */
  url: string;
  /** false: certificates are not verified on proxied connections (VS Code's http.proxyStrictSSL). */
  strictSSL: boolean;
}
