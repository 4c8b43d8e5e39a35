// Error classification shared by every caller. The key is never part of any message.
import { brand, hasBrand } from '../util/brand';
import { asRecord } from '../util/guards';
import { redact } from '../util/redact';
import { oneLine, truncate } from '../util/text';

export type VeniceErrorKind =
  | 'noKey' // no key configured (client side), or 402 x402 discovery body
  | 'auth' // 401
  | 'payment' // 402 balance / spend limit
  | 'forbidden' // 403
  | 'notFound' // 404 model / character
  | 'gone' // 410 retired model or endpoint
  | 'badRequest' // 400
  | 'contextLength' // 400 context_length_exceeded
  | 'tooLarge' // 413, or a response over our own caps
  | 'unsupportedMedia' // 415
  | 'contentPolicy' // 422, content_filter
  | 'rateLimit' // 429
  | 'server' // 5xx, in-stream server errors
  | 'timeout' // headers or idle timeout
  | 'interrupted' // stream ended without [DONE]/finish, connection reset
  | 'malformed' // unparseable response
  | 'network' // DNS, refused, TLS
  | 'cancelled'; // the caller aborted

/** What the UI can offer next to the message. */
export type ErrorAction = 'setApiKey' | 'retry' | 'chooseModel' | 'openSettings';

export interface VeniceErrorInit {
  kind: VeniceErrorKind;
  status?: number;
  /** Short, actionable text for the user (no key, no HTML). */
  message: string;
  /** Raw server text, truncated and redacted, for the log. */
  detail?: string;
  action?: ErrorAction;
  /** Seconds the server asked us to wait, when known. */
  retryAfterSeconds?: number;
  requestId?: string;
}

export class VeniceError extends Error {
  readonly kind: VeniceErrorKind;
  readonly status?: number;
  readonly detail?: string;
  readonly action?: ErrorAction;
  readonly retryAfterSeconds?: number;
  readonly requestId?: string;

  /** Also true for a VeniceError made by a lazily loaded chunk's copy of this class (util/brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, 'VeniceError');
  }

  constructor(init: VeniceErrorInit) {
    super(init.message);
    brand(this, 'VeniceError');
    this.name = 'VeniceError';
    this.kind = init.kind;
    this.status = init.status;
    this.detail = init.detail;
    this.action = init.action;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
  }
}

/**
 * Also true for a VeniceError built by another copy of this module: a lazy chunk (esbuild.mjs
 * `lazyChunks`, e.g. dist/completions.js) bundles its own, so `instanceof` alone would miss the
 * errors the host bundle's client throws.
 */
export function isVeniceError(e: unknown): e is VeniceError {
  return e instanceof VeniceError || (e instanceof Error && e.name === 'VeniceError' && typeof (e as { kind?: unknown }).kind === 'string');
}

// ---------- classification ----------

/** Longest piece of server text shown to the user or logged. */
export const MAX_SERVER_TEXT = 200;

/** Plain, single-line, truncated, redacted text; never HTML, never the key. */
export function safeServerText(raw: string, secret?: string): string {
  let text = raw;
  if (/^\s*</.test(text) || /<\/?(html|body|head|title|h1|p|div|center|pre)\b/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
    const withoutScripts = text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ');
    text = `${title ?? ''} ${withoutScripts.replace(/<[^>]*>/g, ' ')}`;
    text = text.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  }
  text = oneLine(text);
  if (secret && secret.length >= 4) text = text.split(secret).join('***');
  // Cut after redaction: a cut through a secret would hide it from the patterns that recognise it.
  return truncate(redact(text), MAX_SERVER_TEXT);
}

interface ParsedErrorBody {
  message?: string;
  code?: string;
  type?: string;
  isX402: boolean;
  suggestedPrompt?: string;
  retryAfterSeconds?: number;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Flattens validation `details` ({_errors, field: {_errors}}) or `issues` ([{path, message}]) to text. */
function validationText(details: unknown, issues: unknown): string | undefined {
  const parts: string[] = [];
  if (typeof details === 'string') parts.push(details);
  const walk = (node: unknown, path: string): void => {
    const rec = asRecord(node);
    if (!rec) return;
    const errs = rec._errors;
    if (Array.isArray(errs)) for (const e of errs) if (typeof e === 'string') parts.push(path ? `${path}: ${e}` : e);
    for (const [k, v] of Object.entries(rec)) if (k !== '_errors') walk(v, path ? `${path}.${k}` : k);
  };
  walk(details, '');
  if (parts.length === 0 && Array.isArray(issues)) {
    for (const issue of issues) {
      const rec = asRecord(issue);
      const msg = str(rec?.message);
      if (!msg) continue;
      const path = Array.isArray(rec?.path) ? rec.path.join('.') : '';
      parts.push(path ? `${path}: ${msg}` : msg);
    }
  }
  return parts.length ? parts.slice(0, 5).join('; ') : undefined;
}

/** Understands `{error: "..."}`, `{error: {message, code, type}}`, validation bodies and x402 bodies. */
export function parseErrorBody(text: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { message: text.trim() || undefined, isX402: false };
  }
  const body = asRecord(json);
  if (!body) return { message: typeof json === 'string' ? json : undefined, isX402: false };
  const err = body.error;
  const errObj = asRecord(err);
  let message = str(err) ?? str(errObj?.message) ?? str(body.message);
  const validation = validationText(body.details, body.issues);
  if (validation) message = message ? `${message}: ${validation}` : validation;
  const retry = Number(errObj?.retry_after ?? body.retry_after);
  return {
    message,
    code: str(errObj?.code) ?? str(body.code),
    type: str(errObj?.type) ?? str(body.type),
    isX402: body.x402Version !== undefined || Array.isArray(body.accepts) || asRecord(body.authOptions) !== undefined,
    suggestedPrompt: str(body.suggested_prompt),
    retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  };
}

export interface HttpErrorInput {
  status: number;
  /** The response body as text (possibly empty, JSON or HTML). */
  bodyText: string;
  retryAfterSeconds?: number;
  requestId?: string;
  /** The key in use, scrubbed from anything echoed back. */
  secret?: string;
}

const CONTEXT_RE = /context[_ ]length|maximum context|context window|too many tokens|prompt is too long/i;

/** Maps an HTTP error response to a short, actionable VeniceError. */
export function classifyHttpError(input: HttpErrorInput): VeniceError {
  const { status, requestId } = input;
  const parsed = parseErrorBody(input.bodyText);
  const server = parsed.message ? safeServerText(parsed.message, input.secret) : '';
  const detail = server || undefined;
  const suffix = server ? `: ${server}` : '.';
  const retryAfterSeconds = input.retryAfterSeconds ?? parsed.retryAfterSeconds;
  const base = { status, detail, requestId };

  if (status >= 300 && status < 400) {
    return new VeniceError({
      ...base,
      kind: 'network',
      action: 'openSettings',
      message: `Venice answered with a redirect (${status}). It was not followed, so your key was not sent anywhere else. Check the venice.apiBaseUrl setting.`,
    });
  }
  switch (status) {
    case 400:
      if (parsed.code === 'context_length_exceeded' || CONTEXT_RE.test(server)) return contextLengthError(base);
      return new VeniceError({ ...base, kind: 'badRequest', message: `Venice rejected the request${suffix}` });
    case 401:
      if (/pro users|pro subscription/i.test(server)) {
        return new VeniceError({ ...base, kind: 'auth', action: 'chooseModel', message: 'This model is only available to Venice Pro users. Choose another model.' });
      }
      if (/admin/i.test(server)) {
        return new VeniceError({ ...base, kind: 'auth', message: 'This needs an admin Venice API key; your key is an inference key.' });
      }
      return new VeniceError({ ...base, kind: 'auth', action: 'setApiKey', message: 'Venice did not accept your API key. Set a valid key.' });
    case 402:
      if (parsed.isX402 || /authentication required/i.test(server)) {
        return new VeniceError({ ...base, kind: 'noKey', action: 'setApiKey', message: 'Venice received no API key. Set your API key to continue.' });
      }
      if (/limit/i.test(server) && !/balance/i.test(server)) {
        return new VeniceError({ ...base, kind: 'payment', message: 'This API key reached its spending limit. Raise the limit for the key at venice.ai, then try again.' });
      }
      return new VeniceError({ ...base, kind: 'payment', message: 'Your Venice balance is empty. Add credit at venice.ai, then try again.' });
    case 403:
      return new VeniceError({ ...base, kind: 'forbidden', action: 'chooseModel', message: `Venice refused access${suffix} The model may be restricted for your region or this key.` });
    case 404:
      if (/character/i.test(server)) {
        return new VeniceError({ ...base, kind: 'notFound', action: 'openSettings', message: 'Venice could not find that character. Choose another one (venice.chat.character).' });
      }
      if (/model/i.test(server) || server === '') {
        return new VeniceError({ ...base, kind: 'notFound', action: 'chooseModel', message: 'Venice could not find that model. Choose another model.' });
      }
      return new VeniceError({ ...base, kind: 'notFound', message: `Venice could not find that${suffix}` });
    case 410:
      return new VeniceError({ ...base, kind: 'gone', action: 'chooseModel', message: 'This model or feature has been retired by Venice. Choose another model.' });
    case 413:
      return new VeniceError({ ...base, kind: 'tooLarge', message: `The request is too large for Venice${suffix}` });
    case 415:
      return new VeniceError({ ...base, kind: 'unsupportedMedia', message: `Venice does not accept this kind of content${suffix}` });
    case 422: {
      const hint = parsed.suggestedPrompt ? ` Venice suggests: "${safeServerText(parsed.suggestedPrompt, input.secret)}"` : '';
      return new VeniceError({ ...base, kind: 'contentPolicy', message: `Venice declined this request under its content policy.${hint}` });
    }
    case 429: {
      const wait = retryAfterSeconds !== undefined ? ` Try again in ${Math.ceil(retryAfterSeconds)} s.` : ' Try again shortly.';
      return new VeniceError({ ...base, kind: 'rateLimit', action: 'retry', retryAfterSeconds, message: `Venice is rate limiting requests${server ? ` (${server})` : ''}.${wait}` });
    }
  }
  if (status >= 500) {
    return new VeniceError({ ...base, kind: 'server', action: 'retry', retryAfterSeconds, message: `Venice server error ${status}${suffix}` });
  }
  return new VeniceError({ ...base, kind: 'badRequest', message: `Venice answered ${status}${suffix}` });
}

/** An `{"error": ...}` chunk inside a 200 stream. */
export function classifyStreamError(error: unknown, secret?: string): VeniceError {
  const obj = asRecord(error);
  const raw = str(error) ?? str(obj?.message) ?? 'Venice reported an error while answering.';
  const server = safeServerText(raw, secret);
  const code = (str(obj?.code) ?? '').toLowerCase();
  const type = (str(obj?.type) ?? '').toLowerCase();
  const retry = Number(obj?.retry_after);
  const retryAfterSeconds = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  // Retrying the same request cannot help here; a shorter conversation or a larger model can.
  if (code === 'context_length_exceeded' || CONTEXT_RE.test(raw)) return contextLengthError({ detail: server });
  if (/content|policy|blocked/.test(code) || /content_filter|policy/.test(type)) {
    return new VeniceError({ kind: 'contentPolicy', message: `Venice stopped the answer under its content policy: ${server}`, detail: server });
  }
  if (/overloaded|rate_limit|capacity|too_many/.test(code) || code === '429' || /rate_limit/.test(type)) {
    const wait = retryAfterSeconds !== undefined ? ` Try again in ${Math.ceil(retryAfterSeconds)} s.` : ' Try again shortly.';
    return new VeniceError({ kind: 'rateLimit', action: 'retry', retryAfterSeconds, message: `Venice is busy: ${server}.${wait}`, detail: server });
  }
  return new VeniceError({ kind: 'server', action: 'retry', retryAfterSeconds, message: `Venice reported an error while answering: ${server}`, detail: server });
}

/** The conversation does not fit the model's context window (a 400 before the answer, or an error chunk inside it). */
function contextLengthError(base: Pick<VeniceErrorInit, 'status' | 'detail' | 'requestId'>): VeniceError {
  return new VeniceError({
    ...base,
    kind: 'contextLength',
    action: 'chooseModel',
    message: "This conversation is too long for the model's context window. Choose a model with a larger context, or start a new chat.",
  });
}

/** OpenSSL's verification failures (Node passes them as the error code): the server's certificate chain is not trusted. */
const UNTRUSTED_CERTIFICATE = /^(UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT(_LOCALLY)?)|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_(UNTRUSTED|HAS_EXPIRED|NOT_YET_VALID)|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** Transport failures: DNS, refused, reset, TLS. `code` is the Node/undici error code. */
export function networkError(code: string | undefined, description: string | undefined, secret?: string): VeniceError {
  const detail = description ? safeServerText(`${code ?? ''} ${description}`.trim(), secret) : code;
  if (code && UNTRUSTED_CERTIFICATE.test(code)) {
    return new VeniceError({
      kind: 'network',
      action: 'retry',
      detail,
      // The advice stays short: the model list shows it on one line of its own.
      message: `Could not reach Venice: its certificate is not trusted (${code}). Add its CA to the system store (http.systemCertificates) or to NODE_EXTRA_CA_CERTS.`,
    });
  }
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'the server name could not be resolved'
      : code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : code && /CERT|SSL|TLS/i.test(code)
          ? 'the secure connection failed'
          : 'the connection failed';
  return new VeniceError({ kind: 'network', action: 'retry', detail, message: `Could not reach Venice: ${why}. Check your network or proxy settings.` });
}

export function timeoutError(seconds: number, phase: 'headers' | 'body'): VeniceError {
  const what = phase === 'headers' ? 'did not start answering' : 'stopped sending data';
  return new VeniceError({ kind: 'timeout', action: 'retry', message: `Venice ${what} within ${formatSeconds(seconds)} s. Try again, or raise venice.request.timeoutSeconds.` });
}

export function cancelledError(): VeniceError {
  return new VeniceError({ kind: 'cancelled', message: 'The request was cancelled.' });
}

export function interruptedError(detail?: string): VeniceError {
  return new VeniceError({ kind: 'interrupted', action: 'retry', detail, message: 'The answer from Venice was cut off before it finished. Try again.' });
}

function formatSeconds(s: number): string {
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}
