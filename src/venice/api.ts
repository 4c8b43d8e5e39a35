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
  /** At most this many retries for this call (default: the client's maxRetries setting). */
  maxRetries?: number;
  /**
   * A request the user did not ask for by hand (inline completions while typing): listeners of
   * onResponseMeta see it flagged, so its failures never pop up a notification.
   */
  background?: boolean;
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
  onResponseMeta?: (meta: ResponseMeta, path: string, background: boolean) => void;
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
