// The Venice client's public surface. Consumers (chat, tools, commands) depend on this interface,
// so they can be tested with a fake and the client stays swappable.
import type { TlsTrust } from './tlsTrust';
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
import type { MediaBody, MediaQueueKind, MediaTicket, RetrieveResult } from './queue';

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
  /**
   * Opens a connection to the Venice server ahead of a request about to come (an inline completion
   * after a pause in typing), when none is idle and no proxy is in the way. Sends nothing; never fails.
   */
  preconnect?(): void;
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
  /** Price in USD of a queued video or audio job (`/video/quote`, `/audio/quote`; no key needed). */
  quoteMedia(kind: MediaQueueKind, body: Record<string, unknown>, opts?: CallOptions): Promise<number>;
  /** Queues a video or audio job (this spends credits). */
  queueMedia(kind: MediaQueueKind, body: Record<string, unknown>, opts?: CallOptions): Promise<MediaTicket>;
  /** Polls a job: still processing (with Venice's estimate), completed elsewhere, or the media body itself. */
  retrieveMedia(ticket: MediaTicket, opts?: CallOptions): Promise<RetrieveResult>;
  /** Deletes a job's media from Venice's storage; false when Venice says it did not. */
  completeMedia(ticket: MediaTicket, opts?: CallOptions): Promise<boolean>;
  /** Fetches a finished job from its pre-signed download URL (never with the key). */
  downloadMedia(ticket: MediaTicket, opts?: CallOptions): Promise<MediaBody>;
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
  onResponseMeta?: (meta: ResponseMeta, path: string, background: boolean) => void;
  /** The editor's proxy (VS Code's http.proxy / http.proxyStrictSSL / http.noProxy); undefined: the environment's (HTTPS_PROXY…). */
  proxy?: () => ProxySettings | undefined;
  /** Certificate authorities to trust besides Node's defaults (VS Code's http.systemCertificates); see tlsTrust.ts. */
  tls?: () => TlsTrust | undefined;
}

/** A proxy every request goes through (CONNECT tunnels). */
export interface ProxySettings {
  /** http://[user:pass@]host:port */
  url: string;
  /** false: certificates are not verified on proxied connections (VS Code's http.proxyStrictSSL). */
  strictSSL: boolean;
  /** Hosts reached directly, not through the proxy (VS Code's http.noProxy; `*`, `host`, `.domain`, `host:port`). */
  noProxy?: readonly string[];
}
