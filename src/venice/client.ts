// The Venice API client: auth, retries, response meta, and one method per endpoint.
// Plain Node (no `vscode`), so it is tested against the simulator in unit tests.
// Longer than ~350 lines on purpose: one short method per Venice endpoint, all on the shared auth,
// retry and response-meta wrapper; a file per endpoint would repeat that wrapper's plumbing.
import { asRecord } from '../util/guards';
import { addSecret } from '../util/redact';
import type { CallOptions, GeneratedImages, VeniceApi, VeniceClientOptions } from './api';
import { classifyHttpError, networkError, safeServerText, VeniceError } from './errors';
import { parseResponseMeta, retryHintMs } from './headers';
import { HttpResponse, HttpTransport, TransportError } from './http';
import { multipartBody, type MultipartBody } from './multipart';
import { chatBody, characterQueryParams, editBody, embeddingsBody, imageBody, multiEditBody, removeBackgroundBody, speechBody, upscaleBody } from './requests';
import { parseQuote, parseRetrieveStatus, parseTicket, retrieveBody, type MediaBody, type MediaQueueKind, type MediaTicket, type RetrieveResult } from './queue';
import { decideRetry, isRetryableNetworkCode, isRetryableStatus, sleep } from './retry';
import { parseChatStream, type StreamLimits } from './sse';
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
  RateLimitInfo,
  RemoveBackgroundRequest,
  ResponseMeta,
  TimedText,
  Transcription,
  TranscriptionRequest,
  ScrapedPage,
  SpeechRequest,
  StreamEvent,
  UpscaleImageRequest,
  VeniceModel,
} from './types';

const MB = 1024 * 1024;

/** Size caps for what we read from Venice. */
export const LIMITS = {
  json: 16 * MB,
  imageJson: 80 * MB,
  image: 32 * MB,
  audio: 25 * MB,
  binaryImage: 64 * MB,
} as const;

type Auth = 'required' | 'optional';

interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  json?: Record<string, unknown>;
  /** A multipart/form-data body instead of JSON (uploads). */
  form?: MultipartBody;
  auth: Auth;
  accept: string;
  /** Ask for gzip/br (JSON answers only; streams and media gain nothing). */
  compressed: boolean;
  /** A key to use instead of the stored one (verifyKey). */
  key?: string;
}

interface Exchanged {
  res: HttpResponse;
  meta: ResponseMeta;
  key: string | undefined;
}

export interface VeniceClientExtras {
  /** Overrides the stream caps (tests use small ones). */
  streamLimits?: Partial<StreamLimits>;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function malformed(what: string, detail?: string): VeniceError {
  return new VeniceError({ kind: 'malformed', action: 'retry', detail, message: `Venice sent an unexpected ${what}. Try again.` });
}

function clampInt(v: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : fallback;
}

export class VeniceClient implements VeniceApi {
  private readonly http = new HttpTransport(() => this.opts.proxy?.(), () => this.opts.tls?.());

  constructor(
    private readonly opts: VeniceClientOptions,
    private readonly extras: VeniceClientExtras = {},
  ) {}

  /** Closes pooled connections (tests, deactivate). */
  async close(): Promise<void> {
    await this.http.close();
  }

  preconnect(): void {
    try {
      this.http.preconnect(this.baseUrl(), this.timeoutMs());
    } catch {
      // An invalid address: the request itself will say so.
    }
  }

  // ---------- chat ----------

  async *streamChat(req: ChatCompletionRequest, call?: CallOptions): AsyncGenerator<StreamEvent> {
    const json = chatBody(req, true);
    const { res, key } = await this.exchange({ method: 'POST', path: '/chat/completions', json, auth: 'required', accept: 'text/event-stream', compressed: false }, call);
    let body: AsyncGenerator<Uint8Array> | undefined;
    let whole = false;
    try {
      if (res.contentType.includes('application/json')) {
        // Some gateways answer a stream request with one JSON completion; present it as events.
        yield* completionEvents(await this.readJson<ChatCompletionResponse>(res, LIMITS.json, 'chat answer'));
        return;
      }
      const chunks = (body = res.chunks());
      // The parser stops at [DONE], before the body's last bytes: it gets a view without return(), so
      // stopping does not close the connection; what is left is read below, off the caller's time.
      const view: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: () => chunks.next() }) };
      yield* parseChatStream(view, { secret: key, limits: this.extras.streamLimits, log: (m, level) => this.log(level ?? 'debug', m) });
      whole = true;
    } finally {
      // A whole answer keeps its connection for the next request; a stream left early (cancelled, an
      // error, the caller stopped) closes it.
      if (whole && body) res.release(body);
      else res.close();
    }
  }

  async chat(req: ChatCompletionRequest, call?: CallOptions): Promise<ChatCompletionResponse> {
    const json = chatBody(req, false);
    const out = await this.json<ChatCompletionResponse>({ method: 'POST', path: '/chat/completions', json, auth: 'required', accept: 'application/json', compressed: true }, call, 'chat answer');
    if (!Array.isArray(asRecord(out)?.choices)) throw malformed('chat answer (no choices)');
    return out;
  }

  // ---------- models ----------

  async listModels(type?: ModelType, call?: CallOptions): Promise<VeniceModel[]> {
    const out = await this.json<unknown>(this.get('/models', { type }, 'optional'), call, 'model list');
    const data = asRecord(out)?.data;
    if (!Array.isArray(data)) throw malformed('model list');
    return data.filter((m): m is VeniceModel => typeof asRecord(m)?.id === 'string' && asRecord(asRecord(m)?.model_spec) !== undefined);
  }

  async modelTraits(type?: ModelType, call?: CallOptions): Promise<Record<string, string>> {
    return this.stringMap(await this.json<unknown>(this.get('/models/traits', { type }, 'optional'), call, 'list of model traits'));
  }

  async compatibilityMapping(type?: ModelType, call?: CallOptions): Promise<Record<string, string>> {
    return this.stringMap(await this.json<unknown>(this.get('/models/compatibility_mapping', { type }, 'optional'), call, 'model mapping'));
  }

  // ---------- images ----------

  async generateImage(req: GenerateImageRequest, call?: CallOptions): Promise<GeneratedImages> {
    const json = imageBody(req);
    const { res, meta } = await this.exchange({ method: 'POST', path: '/image/generate', json, auth: 'required', accept: 'application/json', compressed: true }, call);
    const out = await this.readJson<unknown>(res, LIMITS.imageJson, 'image response');
    const list = asRecord(out)?.images;
    if (!Array.isArray(list) || list.length === 0) throw malformed('image response (no images)');
    const images = list.map((item, i) => decodeImage(item, i));
    return { images, meta };
  }

  async imageStyles(call?: CallOptions): Promise<string[]> {
    const out = await this.json<unknown>(this.get('/image/styles', {}, 'optional'), call, 'list of image styles');
    const list = Array.isArray(out) ? out : asRecord(out)?.data;
    if (!Array.isArray(list)) throw malformed('list of image styles');
    return list.filter((s): s is string => typeof s === 'string' && s.length > 0);
  }

  async upscaleImage(req: UpscaleImageRequest, call?: CallOptions): Promise<BinaryResult> {
    const spec: RequestSpec = { method: 'POST', path: '/image/upscale', json: upscaleBody(req), auth: 'required', accept: 'image/*', compressed: false };
    return this.binary(spec, call, (ct) => ct.startsWith('image/'), LIMITS.binaryImage, 'upscaled image');
  }

  async editImage(req: EditImageRequest, call?: CallOptions): Promise<BinaryResult> {
    const spec: RequestSpec = { method: 'POST', path: '/image/edit', json: editBody(req), auth: 'required', accept: 'image/*', compressed: false };
    return this.binary(spec, call, (ct) => ct.startsWith('image/'), LIMITS.binaryImage, 'edited image');
  }

  // ---------- speech, embeddings ----------

  async speech(req: SpeechRequest, call?: CallOptions): Promise<BinaryResult> {
    const spec: RequestSpec = { method: 'POST', path: '/audio/speech', json: speechBody(req), auth: 'required', accept: 'audio/*', compressed: false };
    return this.binary(spec, call, (ct) => ct.startsWith('audio/'), LIMITS.audio, 'audio');
  }

  async embeddings(req: EmbeddingsRequest, call?: CallOptions): Promise<EmbeddingsResponse> {
    const out = await this.json<unknown>({ method: 'POST', path: '/embeddings', json: embeddingsBody(req), auth: 'required', accept: 'application/json', compressed: true }, call, 'embeddings');
    const data = asRecord(out)?.data;
    if (!Array.isArray(data)) throw malformed('embeddings response');
    const items = data.map((d, i) => {
      const item = asRecord(d);
      const vector = item?.embedding;
      if (!Array.isArray(vector) || !vector.every((x) => typeof x === 'number')) throw malformed('embeddings response (not a float vector)');
      return { index: typeof item?.index === 'number' ? item.index : i, embedding: vector as number[] };
    });
    const o = asRecord(out);
    const usage = asRecord(o?.usage);
    const result: EmbeddingsResponse = { model: typeof o?.model === 'string' ? o.model : req.model, data: items };
    if (usage && typeof usage.prompt_tokens === 'number' && typeof usage.total_tokens === 'number') {
      result.usage = { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens };
    }
    return result;
  }

  // ---------- characters, keys ----------

  async characters(query?: CharacterQuery, call?: CallOptions): Promise<Character[]> {
    const out = await this.json<unknown>(this.get('/characters', characterQueryParams(query), 'required'), call, 'list of characters');
    const data = asRecord(out)?.data;
    if (!Array.isArray(data)) throw malformed('list of characters');
    return data.filter(isCharacter);
  }

  async character(slug: string, call?: CallOptions): Promise<Character> {
    const clean = slug.trim();
    // Slugs are simple names; anything else (empty, "..", slashes) could address another route.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(clean) || /^\.+$/.test(clean)) {
      throw new VeniceError({ kind: 'badRequest', message: `"${clean.slice(0, 60)}" is not a valid character name (slug).` });
    }
    const out = await this.json<unknown>(this.get(`/characters/${encodeURIComponent(clean)}`, {}, 'required'), call, 'character');
    const data = asRecord(out)?.data;
    if (!isCharacter(data)) throw malformed('character');
    return data;
  }

  async rateLimits(call?: CallOptions): Promise<RateLimitInfo> {
    const out = await this.json<unknown>(this.get('/api_keys/rate_limits', {}, 'required'), call, 'rate limits');
    const data = asRecord(asRecord(out)?.data);
    if (!data) throw malformed('rate limits');
    return data as RateLimitInfo;
  }

  // ---------- augment ----------

  async scrape(url: string, call?: CallOptions): Promise<ScrapedPage> {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      throw new VeniceError({ kind: 'badRequest', message: 'That is not a web address (URL).' });
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new VeniceError({ kind: 'badRequest', message: 'Only http and https pages can be fetched.' });
    const out = asRecord(await this.json<unknown>({ method: 'POST', path: '/augment/scrape', json: { url: parsed.href }, auth: 'required', accept: 'application/json', compressed: true }, call, 'scraped page'));
    if (typeof out?.content !== 'string') throw malformed('scraped page');
    return { url: typeof out.url === 'string' ? out.url : parsed.href, content: out.content };
  }

  // ---------- queued media (video, music and sound): bodies and checks in queue.ts ----------

  async quoteMedia(kind: MediaQueueKind, body: Record<string, unknown>, call?: CallOptions): Promise<number> {
    return parseQuote(await this.json<unknown>({ method: 'POST', path: `/${kind}/quote`, json: body, auth: 'optional', accept: 'application/json', compressed: true }, call, 'price quote'));
  }

  async queueMedia(kind: MediaQueueKind, body: Record<string, unknown>, call?: CallOptions): Promise<MediaTicket> {
    const out = await this.json<unknown>({ method: 'POST', path: `/${kind}/queue`, json: body, auth: 'required', accept: 'application/json', compressed: true }, call, 'answer to the queue request');
    return parseTicket(kind, String(body.model), out);
  }

  async retrieveMedia(ticket: MediaTicket, call?: CallOptions): Promise<RetrieveResult> {
    const accept = ticket.kind === 'video' ? 'video/mp4, application/json' : 'audio/*, application/json';
    const { res } = await this.exchange({ method: 'POST', path: `/${ticket.kind}/retrieve`, json: retrieveBody(ticket), auth: 'required', accept, compressed: false }, call);
    if (res.contentType.includes('json')) return parseRetrieveStatus(await this.readJson<unknown>(res, LIMITS.json, 'job status'));
    return { state: 'media', media: mediaBody(res) };
  }

  async completeMedia(ticket: MediaTicket, call?: CallOptions): Promise<boolean> {
    const out = await this.json<unknown>({ method: 'POST', path: `/${ticket.kind}/complete`, json: retrieveBody(ticket), auth: 'required', accept: 'application/json', compressed: true }, call, 'cleanup answer');
    return asRecord(out)?.success === true;
  }

  async downloadMedia(ticket: MediaTicket, call?: CallOptions): Promise<MediaBody> {
    let url: URL;
    try {
      url = new URL(ticket.downloadUrl ?? '');
    } catch {
      throw malformed('download address');
    }
    // A pre-signed address holds its own access: the key is never sent to it, and plain http is
    // accepted only from the Venice server this window talks to (a local simulator or proxy).
    const base = this.baseUrl();
    if (url.username || url.password || (url.protocol !== 'https:' && url.origin !== base.origin)) throw malformed('download address', url.protocol);
    const timeoutMs = this.timeoutMs();
    let res: HttpResponse;
    try {
      res = await this.http.send({ method: 'GET', url, headers: { accept: 'video/mp4', 'accept-encoding': 'identity', ...(this.opts.userAgent ? { 'user-agent': this.opts.userAgent } : {}) }, timeoutMs, signal: call?.signal });
    } catch (err) {
      if (err instanceof TransportError) throw networkError(err.code, err.message);
      throw err;
    }
    if (res.status < 200 || res.status >= 300) {
      const failure = classifyHttpError({ status: res.status, bodyText: await res.readErrorText(4096) });
      throw new VeniceError({ kind: failure.kind === 'notFound' ? 'notFound' : failure.kind, status: res.status, detail: failure.detail, action: 'retry', message: `The finished video could not be downloaded (${res.status}). Its link is valid for 24 hours; try again.` });
    }
    return mediaBody(res);
  }

  async verifyKey(key: string, call?: CallOptions): Promise<void> {
    const candidate = key.trim();
    if (!candidate) throw new VeniceError({ kind: 'noKey', action: 'setApiKey', message: 'The API key is empty.' });
    addSecret(candidate);
    const { res } = await this.exchange({ ...this.get('/api_keys/rate_limits', {}, 'required'), key: candidate }, call);
    await res.readAll(LIMITS.json, 'rate limits');
  }

  // ---------- asset studio ----------

  async removeBackground(req: RemoveBackgroundRequest, call?: CallOptions): Promise<BinaryResult> {
    const spec: RequestSpec = { method: 'POST', path: '/image/background-remove', json: removeBackgroundBody(req), auth: 'required', accept: 'image/png', compressed: false };
    return this.binary(spec, call, (ct) => ct.startsWith('image/'), LIMITS.binaryImage, 'image without background');
  }

  async multiEditImage(req: MultiEditImageRequest, call?: CallOptions): Promise<BinaryResult> {
    const spec: RequestSpec = { method: 'POST', path: '/image/multi-edit', json: multiEditBody(req), auth: 'required', accept: 'image/*', compressed: false };
    return this.binary(spec, call, (ct) => ct.startsWith('image/'), LIMITS.binaryImage, 'combined image');
  }

  async transcribe(req: TranscriptionRequest, call?: CallOptions): Promise<Transcription> {
    if (req.audio.bytes.byteLength === 0) throw new VeniceError({ kind: 'badRequest', message: 'The audio file is empty; there is nothing to transcribe.' });
    const fields = { model: req.model, response_format: 'json', timestamps: req.timestamps === false ? 'false' : 'true', language: req.language };
    const form = multipartBody(fields, { field: 'file', name: `audio.${req.audio.extension}`, contentType: req.audio.contentType, bytes: req.audio.bytes });
    const { res, meta } = await this.exchange({ method: 'POST', path: '/audio/transcriptions', form, auth: 'required', accept: 'application/json', compressed: true }, call);
    const out = asRecord(await this.readJson<unknown>(res, LIMITS.json, 'transcript'));
    if (typeof out?.text !== 'string') throw malformed('transcript (no text)');
    const stamps = asRecord(out.timestamps);
    return {
      text: out.text,
      duration: typeof out.duration === 'number' && Number.isFinite(out.duration) && out.duration >= 0 ? out.duration : undefined,
      segments: timedList(stamps?.segment, 'text'),
      words: timedList(stamps?.word, 'word'),
      meta,
    };
  }

  // ---------- plumbing ----------

  private get(path: string, query: Record<string, string | undefined>, auth: Auth): RequestSpec {
    return { method: 'GET', path, query, auth, accept: 'application/json', compressed: true };
  }

  private timeoutMs(): number {
    return clampInt(this.opts.timeoutMs(), 50, 3_600_000, 60_000);
  }

  private log(level: 'debug' | 'info' | 'warn', message: string): void {
    try {
      this.opts.log?.(level, message);
    } catch {
      // Logging must never break a request.
    }
  }

  private baseUrl(): URL {
    const raw = this.opts.baseUrl().trim();
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new VeniceError({ kind: 'network', action: 'openSettings', message: 'The Venice API address (venice.apiBaseUrl) is not a valid URL.' });
    }
    // Plain http would expose the key on the wire; it is allowed only to this machine (simulators, local proxies).
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
    if (!secure || url.username || url.password) {
      throw new VeniceError({ kind: 'network', action: 'openSettings', message: 'The Venice API address (venice.apiBaseUrl) must be an https:// URL without a user name or password.' });
    }
    return url;
  }

  private url(path: string, query?: Record<string, string | undefined>): URL {
    const base = this.baseUrl();
    const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    return url;
  }

  private async keyFor(spec: RequestSpec): Promise<string | undefined> {
    let stored: string | undefined;
    try {
      stored = spec.key ?? (await this.opts.getApiKey());
    } catch (err) {
      if (err instanceof VeniceError) throw err; // the key store's own answer (e.g. a server the key is not approved for)
      throw new VeniceError({
        kind: 'noKey',
        action: 'setApiKey',
        detail: safeServerText(err instanceof Error ? err.message : String(err)),
        message: "Could not read your Venice API key from VS Code's secret storage. Set it again.",
      });
    }
    const key = stored?.trim() || undefined;
    if (key) addSecret(key);
    if (!key && spec.auth === 'required') {
      throw new VeniceError({ kind: 'noKey', action: 'setApiKey', message: 'No Venice API key is set. Set your API key to continue.' });
    }
    return key;
  }

  /** Sends with retries; resolves with a 2xx response whose body is still unread. */
  private async exchange(spec: RequestSpec, call?: CallOptions): Promise<Exchanged> {
    if (call?.signal?.aborted) throw new VeniceError({ kind: 'cancelled', message: 'The request was cancelled.' });
    const key = await this.keyFor(spec);
    const url = this.url(spec.path, spec.query);
    const headers: Record<string, string> = {
      accept: spec.accept,
      'accept-encoding': spec.compressed ? 'gzip, br' : 'identity',
    };
    if (key) headers.authorization = `Bearer ${key}`;
    if (this.opts.userAgent) headers['user-agent'] = this.opts.userAgent;
    const body = spec.form ? spec.form.bytes : spec.json ? JSON.stringify(spec.json) : undefined;
    if (spec.form) headers['content-type'] = spec.form.contentType;
    else if (body !== undefined) headers['content-type'] = 'application/json';
    const maxRetries = clampInt(call?.maxRetries ?? this.opts.maxRetries(), 0, 10, 2);

    for (let attempt = 0; ; attempt++) {
      const timeoutMs = this.timeoutMs();
      let res: HttpResponse;
      try {
        res = await this.http.send({ method: spec.method, url, headers, body, timeoutMs, signal: call?.signal });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        const failure = networkError(err.code, err.message, key);
        this.log('warn', `${spec.method} ${spec.path} failed: ${failure.detail ?? failure.message}`);
        const decision = isRetryableNetworkCode(err.code) ? decideRetry(attempt, maxRetries, undefined) : { retry: false as const };
        if (!decision.retry) throw failure;
        await this.waitBeforeRetry(attempt, decision.delayMs, 0, failure.message, call);
        continue;
      }

      const meta = parseResponseMeta(res.status, res.headers);
      this.reportMeta(meta, spec.path, call?.background === true);
      if (res.status >= 200 && res.status < 300) return { res, meta, key };

      const text = await res.readErrorText();
      const hintMs = retryHintMs(res.status, res.headers, Date.now());
      const failure = classifyHttpError({
        status: res.status,
        bodyText: text,
        retryAfterSeconds: hintMs !== undefined ? Math.ceil(hintMs / 1000) : undefined,
        requestId: meta.requestId,
        secret: key,
      });
      this.log('warn', `${spec.method} ${spec.path} -> ${res.status} ${failure.kind}${failure.detail ? `: ${failure.detail}` : ''}`);
      if (!isRetryableStatus(res.status)) throw failure;
      const decision = decideRetry(attempt, maxRetries, hintMs);
      if (!decision.retry) throw failure;
      await this.waitBeforeRetry(attempt, decision.delayMs, res.status, failure.message, call);
    }
  }

  private async waitBeforeRetry(attempt: number, delayMs: number, status: number, reason: string, call?: CallOptions): Promise<void> {
    this.log('info', `Retrying in ${delayMs} ms (attempt ${attempt + 1}): ${reason}`);
    try {
      call?.onRetry?.({ attempt: attempt + 1, delayMs, status, reason });
    } catch {
      // A UI callback failing must not change the request's outcome.
    }
    await sleep(delayMs, call?.signal);
  }

  private reportMeta(meta: ResponseMeta, path: string, background: boolean): void {
    try {
      this.opts.onResponseMeta?.(meta, path, background);
    } catch {
      // A listener failing must not change the request's outcome.
    }
  }

  private async json<T>(spec: RequestSpec, call: CallOptions | undefined, what: string): Promise<T> {
    const { res } = await this.exchange(spec, call);
    return this.readJson<T>(res, LIMITS.json, what);
  }

  private async readJson<T>(res: HttpResponse, cap: number, what: string): Promise<T> {
    const bytes = await res.readAll(cap, what);
    const text = new TextDecoder('utf-8').decode(bytes);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw malformed(what, `${res.contentType || 'no content type'}: ${safeServerText(text.slice(0, 400))}`);
    }
  }

  private async binary(spec: RequestSpec, call: CallOptions | undefined, accepts: (contentType: string) => boolean, cap: number, what: string): Promise<BinaryResult> {
    const { res, meta, key } = await this.exchange(spec, call);
    const contentType = res.contentType.split(';')[0]?.trim() ?? '';
    if (!accepts(contentType)) {
      const text = await res.readErrorText(4096);
      throw new VeniceError({
        kind: 'malformed',
        action: 'retry',
        detail: safeServerText(text, key) || undefined,
        message: `Venice sent ${contentType || 'data of an unknown type'} instead of the ${what}.`,
      });
    }
    const bytes = await res.readAll(cap, what);
    if (bytes.byteLength === 0) throw malformed(`${what} (empty)`);
    return { bytes, contentType, meta };
  }

  private stringMap(out: unknown): Record<string, string> {
    const data = asRecord(asRecord(out)?.data);
    if (!data) throw malformed('model mapping');
    const map: Record<string, string> = {};
    for (const [k, v] of Object.entries(data)) if (typeof v === 'string') map[k] = v;
    return map;
  }
}

/** A response body handed out as it arrives (a video may be hundreds of megabytes). */
function mediaBody(res: HttpResponse): MediaBody {
  return { contentType: res.contentType.split(';')[0]?.trim() ?? '', contentLength: res.contentLength, chunks: () => res.chunks(), close: () => res.close() };
}

function isCharacter(v: unknown): v is Character {
  const c = asRecord(v);
  return typeof c?.slug === 'string' && typeof c.name === 'string';
}

/** Timed pieces of a transcript; entries without text or with times that are not numbers are left out. */
function timedList(list: unknown, textKey: 'text' | 'word'): TimedText[] {
  if (!Array.isArray(list)) return [];
  const out: TimedText[] = [];
  for (const item of list) {
    const r = asRecord(item);
    const text = r?.[textKey];
    const start = r?.start;
    const end = r?.end;
    if (typeof text !== 'string' || typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end) || start < 0 || end < start) continue;
    out.push({ text, start, end });
  }
  return out;
}

const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

function decodeImage(item: unknown, i: number): Uint8Array {
  if (typeof item !== 'string') throw malformed(`image response (image ${i + 1} is not base64 text)`);
  // Bare base64 is documented; a data: URL prefix is tolerated.
  const b64 = item.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (!b64 || !BASE64_RE.test(b64)) throw malformed(`image response (image ${i + 1} is not base64)`);
  if ((b64.length * 3) / 4 > LIMITS.image) {
    throw new VeniceError({ kind: 'tooLarge', message: `Image ${i + 1} from Venice is larger than ${LIMITS.image / MB} MB; it was not saved.` });
  }
  const buf = Buffer.from(b64, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A complete (non-stream) answer, as the events a stream would have produced. */
function* completionEvents(resp: ChatCompletionResponse): Generator<StreamEvent> {
  const error = asRecord(resp as unknown)?.error;
  if (error !== undefined) throw malformed('chat answer', 'error object in a 200 JSON answer');
  if (resp.model) yield { type: 'model', model: resp.model };
  const citations = resp.venice_parameters?.web_search_citations;
  if (Array.isArray(citations) && citations.length) yield { type: 'citations', citations };
  const choice = resp.choices?.[0];
  if (!choice) throw malformed('chat answer (no choices)');
  const reasoning = choice.message.reasoning_content;
  if (reasoning) yield { type: 'reasoning', text: reasoning };
  const content = choice.message.content;
  if (typeof content === 'string' && content) yield { type: 'text', text: content };
  const calls = choice.message.tool_calls ?? [];
  if (calls.length) {
    yield { type: 'toolCalls', calls: calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments || '{}' })) };
  }
  yield { type: 'finish', reason: choice.finish_reason ?? 'stop' };
  if (resp.usage) yield resp.cost ? { type: 'usage', usage: resp.usage, cost: resp.cost } : { type: 'usage', usage: resp.usage };
}
