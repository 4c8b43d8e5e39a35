// One HTTP exchange over undici, with our own guarantees on top: a headers timeout, an idle timeout
// between body chunks, prompt cancellation, size caps, decompression, and no redirects followed.
// Every failure leaves here as a VeniceError, except connection failures before a response, which
// leave as TransportError so the retry policy can look at the error code.
// Longer than ~350 lines: the response reader, the transport and its pool share one request's
// timers and abort controller (Exchange); split apart, that private state would have to be exported.
import { pipeline, type Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { ProxySettings } from './api';
import { bypassesProxy, trustedCertificates, type TlsTrust } from './tlsTrust';
import type { Dispatcher } from './undiciLite';
import { WarmConnector } from './warmConnection';
import { cancelledError, interruptedError, timeoutError, VeniceError } from './errors';
import type { HeaderBag } from './headers';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A connection failure before any response byte arrived. */
export class TransportError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

class AbortMarker extends Error {
  constructor(readonly why: 'cancelled' | 'timeoutHeaders' | 'timeoutBody') {
    super(why);
  }
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorText(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | undefined;
  const parts = [e?.message, e?.cause?.message].filter((m): m is string => typeof m === 'string' && m.length > 0);
  return parts.join(': ');
}

/** The body of a response, read through our timers and caps. Always call close() (or read it fully). */
export class HttpResponse {
  private readonly source: Readable;
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** True while a read is pending: the idle timeout counts only that time, not the caller's. */
  private waitingForBody = false;

  constructor(
    readonly status: number,
    readonly headers: HeaderBag,
    private readonly raw: Dispatcher.ResponseData['body'],
    private readonly exchange: Exchange,
  ) {
    this.source = decoded(raw, headers['content-encoding']);
    // Errors surface through chunks(); these listeners only stop a destroyed, unread body from
    // becoming an unhandled 'error' event.
    raw.on('error', ignore);
    this.source.on('error', ignore);
  }

  get contentType(): string {
    const v = this.headers['content-type'];
    return (Array.isArray(v) ? v[0] : (v ?? '')).toLowerCase();
  }

  get contentLength(): number | undefined {
    const v = this.headers['content-length'];
    const n = Number(Array.isArray(v) ? v[0] : v);
    return v !== undefined && Number.isFinite(n) ? n : undefined;
  }

  /** Body chunks as they arrive. Throws VeniceError: timeout (idle), cancelled, interrupted. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    const it = this.source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    try {
      for (;;) {
        this.armIdle();
        let next: IteratorResult<Buffer>;
        try {
          next = await it.next();
        } catch (err) {
          throw this.exchange.mapError(err, 'body');
        } finally {
          this.waitingForBody = false;
        }
        if (next.done) {
          this.finish();
          return;
        }
        yield next.value;
      }
    } finally {
      this.close();
    }
  }

  /** Reads the whole body, failing with 'tooLarge' above `cap` bytes (checked before and while reading). */
  async readAll(cap: number, what: string): Promise<Uint8Array> {
    const declared = this.contentLength;
    if (declared !== undefined && declared > cap) {
      this.close();
      throw tooLargeError(what, cap);
    }
    const parts: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.chunks()) {
      total += chunk.byteLength;
      if (total > cap) {
        this.close();
        throw tooLargeError(what, cap);
      }
      parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    const all = Buffer.concat(parts, total);
    return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
  }

  /** Reads at most `cap` bytes of an error body as text; never fails (a broken error body is just shorter). */
  async readErrorText(cap = 64 * 1024): Promise<string> {
    const parts: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of this.chunks()) {
        parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        total += chunk.byteLength;
        if (total >= cap) break;
      }
    } catch (err) {
      if (err instanceof VeniceError && err.kind === 'cancelled') throw err;
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(parts).subarray(0, cap));
  }

  /**
   * Done with a body whose content is over (a stream's [DONE]) though its last bytes (the chunked
   * body's end) may still be on the way: they are read in the background, at most TAIL_BYTES within
   * TAIL_MS, so the connection goes back to the pool for the next request instead of being closed (a
   * fresh connection costs an inline completion a TCP/TLS handshake). `rest` is the reader that
   * chunks() returned, still open; anything longer or slower closes the connection as close() does.
   */
  release(rest: AsyncIterator<Uint8Array>): void {
    if (this.closed) return;
    const timer = setTimeout(() => this.close(), TAIL_MS).unref();
    void (async () => {
      let total = 0;
      try {
        for (let next = await rest.next(); !next.done; next = await rest.next()) {
          total += next.value.byteLength;
          if (total > TAIL_BYTES) break;
        }
      } catch {
        // Cut off or timed out: the answer was already read.
      } finally {
        clearTimeout(timer);
        this.close();
      }
    })();
  }

  /** Stops reading and frees the connection (undici closes the socket of an unfinished body). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.disarmIdle();
    if (!this.source.destroyed) this.source.destroy();
    if (!this.raw.destroyed) this.raw.destroy();
    this.exchange.dispose();
  }

  private finish(): void {
    this.closed = true;
    this.disarmIdle();
    this.exchange.dispose();
  }

  private armIdle(): void {
    this.waitingForBody = true;
    // Called for every network read: re-arming one timer is much cheaper than clear + set. The
    // timer is left running while the caller works on a chunk; if it fires then, it does nothing.
    if (this.idleTimer) this.idleTimer.refresh();
    // unref: an abandoned reader must not keep the process alive; a pending read holds the socket anyway.
    else this.idleTimer = setTimeout(() => this.onIdle(), this.exchange.timeoutMs).unref();
  }

  private onIdle(): void {
    if (this.waitingForBody) this.exchange.abort('timeoutBody');
  }

  private disarmIdle(): void {
    this.waitingForBody = false;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** What release() still reads of a finished answer before it gives up on keeping the connection. */
const TAIL_BYTES = 64 * 1024;
const TAIL_MS = 2_000;

function ignore(): void {
  // Intentionally empty: see HttpResponse's constructor.
}

function tooLargeError(what: string, cap: number): VeniceError {
  const mb = cap / (1024 * 1024);
  return new VeniceError({ kind: 'tooLarge', message: `The ${what} from Venice is larger than ${mb >= 1 ? `${Math.round(mb)} MB` : `${Math.round(cap / 1024)} KB`}; it was not read.` });
}

function decoded(body: Readable, encodingHeader: string | string[] | undefined): Readable {
  const encoding = (Array.isArray(encodingHeader) ? encodingHeader[0] : encodingHeader)?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'br'
        ? zlib.createBrotliDecompress()
        : encoding === 'deflate'
          ? zlib.createInflate()
          : undefined;
  if (!decoder) return body;
  // pipeline() destroys both streams on error, so an aborted body fails the decoder's reader too.
  return pipeline(body, decoder, () => undefined);
}

/** Timers and the abort controller of one request, shared by the headers and body phases. */
class Exchange {
  readonly controller = new AbortController();
  private readonly userSignal: AbortSignal | undefined;
  private readonly onUserAbort = (): void => this.abort('cancelled');
  private headersTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly timeoutMs: number,
    signal: AbortSignal | undefined,
  ) {
    this.userSignal = signal;
    signal?.addEventListener('abort', this.onUserAbort, { once: true });
  }

  startHeadersTimer(): void {
    this.headersTimer = setTimeout(() => this.abort('timeoutHeaders'), this.timeoutMs);
  }

  stopHeadersTimer(): void {
    if (this.headersTimer) clearTimeout(this.headersTimer);
    this.headersTimer = undefined;
  }

  abort(why: AbortMarker['why']): void {
    if (!this.controller.signal.aborted) this.controller.abort(new AbortMarker(why));
  }

  /** Translates whatever undici threw into our error, preferring the reason we aborted for. */
  mapError(err: unknown, phase: 'headers' | 'body'): VeniceError | TransportError {
    if (err instanceof VeniceError) return err;
    const reason: unknown = this.controller.signal.reason;
    if (this.userSignal?.aborted || (reason instanceof AbortMarker && reason.why === 'cancelled')) return cancelledError();
    if (reason instanceof AbortMarker) return timeoutError(this.timeoutMs / 1000, reason.why === 'timeoutHeaders' ? 'headers' : 'body');
    const code = errorCode(err);
    if (code === 'UND_ERR_HEADERS_TIMEOUT') return timeoutError(this.timeoutMs / 1000, 'headers');
    if (code === 'UND_ERR_BODY_TIMEOUT') return timeoutError(this.timeoutMs / 1000, 'body');
    if (phase === 'body') return interruptedError([code, errorText(err)].filter(Boolean).join(' '));
    return new TransportError(code, errorText(err));
  }

  dispose(): void {
    this.stopHeadersTimer();
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }
}

/** The variables undici's env-proxy Agent reads (it reads them when it is built, as we do). */
const ENV_PROXIES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'];

let undici: typeof import('./undiciLite') | undefined;

/**
 * undici (about 300 KB minified) is loaded on the first request rather than at activation: the
 * extension bundle require()s it from its own chunk (dist/undici.js, see esbuild.mjs).
 */
function loadUndici(): typeof import('./undiciLite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  undici ??= require('./undiciLite') as typeof import('./undiciLite');
  return undici;
}

/**
 * Owns the connection pool. Proxies come from the editor (`proxy`: VS Code's http.proxy, minus the
 * hosts of http.noProxy) or else from HTTPS_PROXY / HTTP_PROXY / NO_PROXY; trusted certificate
 * authorities from `tls` (tlsTrust.ts).
 */
export class HttpTransport {
  private agent: Dispatcher | undefined;
  private agentKey = '';
  /** The current agent's spare connection, when it connects directly (no proxy). */
  private warm: WarmConnector | undefined;

  private trustKey = '';
  private trusted: string[] | undefined;

  constructor(
    private readonly proxy: () => ProxySettings | undefined = () => undefined,
    private readonly tls: () => TlsTrust | undefined = () => undefined,
  ) {}

  /** Sends a request; resolves once headers arrived. Redirects are returned as-is, never followed. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const exchange = new Exchange(req.timeoutMs, req.signal);
    if (req.signal?.aborted) {
      exchange.dispose();
      throw cancelledError();
    }
    exchange.startHeadersTimer();
    try {
      const url = req.url;
      const res = await this.dispatcher(req.timeoutMs, url).request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: exchange.controller.signal,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
      });
      exchange.stopHeadersTimer();
      return new HttpResponse(res.statusCode, res.headers as HeaderBag, res.body, exchange);
    } catch (err) {
      const mapped = exchange.mapError(err, 'headers');
      exchange.dispose();
      throw mapped;
    }
  }

  async close(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    this.warm?.close();
    this.warm = undefined;
    await agent?.destroy();
  }

  /**
   * Opens a connection to `url`'s server ahead of a request that is about to come, when requests go
   * there directly (no proxy) and the pool holds no idle one. Nothing is sent on it until a request is.
   */
  preconnect(url: URL, timeoutMs: number): void {
    const agent = this.dispatcher(timeoutMs, url);
    if (!this.warm || this.warm.has(url)) return;
    const pools = (agent as { stats?: Record<string, { free?: number }> }).stats;
    if ((pools?.[url.origin]?.free ?? 0) > 0) return;
    this.warm.warm(new URL(url.origin));
  }

  /** The `ca` list for connections (undefined: Node's defaults), worked out again only when the trust settings change. */
  private certificates(): string[] | undefined {
    const trust = this.tls();
    const key = trust ? `${trust.systemCertificates}|${(trust.extraCertificates ?? []).join('')}` : '';
    if (key !== this.trustKey) {
      this.trustKey = key;
      this.trusted = trustedCertificates(trust);
    }
    return this.trusted;
  }

  private dispatcher(timeoutMs: number, url: URL): Dispatcher {
    const editorProxy = this.proxy();
    // http.noProxy: this host is reached directly, not through the editor's proxy nor the environment's.
    const direct = editorProxy !== undefined && bypassesProxy(url, editorProxy.noProxy);
    const proxy = direct ? undefined : editorProxy;
    const ca = this.certificates();
    const key = `${timeoutMs}|${proxy ? `${proxy.url}|${proxy.strictSSL}` : direct ? 'direct' : 'env'}|${this.trustKey}`;
    if (!this.agent || this.agentKey !== key) {
      const old = this.agent;
      const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: Math.min(timeoutMs, 30_000) };
      const trust = ca ? { ca } : {};
      const undici = loadUndici();
      this.warm?.close();
      this.warm = undefined;
      if (proxy) {
        this.agent = new undici.ProxyAgent({ uri: proxy.url, ...timeouts, requestTls: { rejectUnauthorized: proxy.strictSSL, ...trust }, proxyTls: { rejectUnauthorized: proxy.strictSSL, ...trust } });
      } else if (direct || !ENV_PROXIES.some((name) => process.env[name])) {
        // Straight to the server: the one case where a connection can be opened ahead (preconnect).
        const warm = (this.warm = new WarmConnector(undici.buildConnector({ ...trust, timeout: timeouts.connectTimeout })));
        this.agent = new undici.Agent({ ...timeouts, connect: warm.connect });
      } else {
        // The environment's proxy (HTTPS_PROXY…, minus NO_PROXY).
        this.agent = new undici.EnvHttpProxyAgent({ ...timeouts, connect: trust, requestTls: trust });
      }
      this.agentKey = key;
      // Requests still running on the old pool finish; it closes afterwards.
      void old?.close().catch(() => undefined);
    }
    return this.agent;
  }
}
