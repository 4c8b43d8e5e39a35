// Venice's queued media API, shared by video (/video/*) and music and sound (/audio/*): the request
// bodies (only documented fields, only those with a value), and the checks of what comes back.
// The four calls live on VeniceClient (client.ts); no `vscode` here, so this is unit-tested.
import { asRecord } from '../util/guards';
import { VeniceError } from './errors';

/** Which family of queue endpoints: `/video/*` or `/audio/*` (music and sound effects). */
export type MediaQueueKind = 'video' | 'audio';

export interface VideoJobRequest {
  model: string;
  prompt: string;
  /** As Venice spells it, e.g. "5s". */
  duration: string;
  resolution?: string;
  aspectRatio?: string;
  /** With sound, for models that let it be switched. */
  audio?: boolean;
  /** Image-to-video: the first frame, as a data: URL. */
  imageUrl?: string;
}

export interface MusicJobRequest {
  model: string;
  prompt: string;
  durationSeconds?: number;
}

/** A queued job: every later call needs both the model and the queue id. */
export interface MediaTicket {
  kind: MediaQueueKind;
  model: string;
  queueId: string;
  /** VPS-backed video models: where the finished file is fetched (no key), valid 24 h. */
  downloadUrl?: string;
}

/** A finished job's body as it arrives; read it once, or close it. */
export interface MediaBody {
  contentType: string;
  contentLength?: number;
  chunks(): AsyncIterable<Uint8Array>;
  close(): void;
}

export type RetrieveResult =
  /** Still running: Venice's P80 estimate and how long it has run, in ms (when it says). */
  | { state: 'processing'; averageMs?: number; elapsedMs?: number }
  /** Done, to be fetched from the ticket's download URL. */
  | { state: 'completed' }
  | { state: 'media'; media: MediaBody };

function malformed(what: string, detail?: string): VeniceError {
  return new VeniceError({ kind: 'malformed', action: 'retry', detail, message: `Venice sent an unexpected ${what}. Try again.` });
}

export function videoQuoteBody(r: VideoJobRequest): Record<string, unknown> {
  return {
    model: r.model,
    duration: r.duration,
    ...(r.resolution ? { resolution: r.resolution } : {}),
    ...(r.aspectRatio ? { aspect_ratio: r.aspectRatio } : {}),
    ...(r.audio !== undefined ? { audio: r.audio } : {}),
  };
}

export function videoQueueBody(r: VideoJobRequest): Record<string, unknown> {
  return { ...videoQuoteBody(r), prompt: r.prompt, ...(r.imageUrl ? { image_url: r.imageUrl } : {}) };
}

export function musicQuoteBody(r: MusicJobRequest): Record<string, unknown> {
  return { model: r.model, ...(r.durationSeconds !== undefined ? { duration_seconds: r.durationSeconds } : {}) };
}

export function musicQueueBody(r: MusicJobRequest): Record<string, unknown> {
  return { ...musicQuoteBody(r), prompt: r.prompt };
}

/** `{quote: number}` → the price in USD. */
export function parseQuote(out: unknown): number {
  const quote = asRecord(out)?.quote;
  if (typeof quote !== 'number' || !Number.isFinite(quote) || quote < 0) throw malformed('price quote');
  return quote;
}

const QUEUE_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** `{model, queue_id, download_url?}` → a ticket; ids Venice sends are checked before they are stored or sent back. */
export function parseTicket(kind: MediaQueueKind, requestedModel: string, out: unknown): MediaTicket {
  const o = asRecord(out);
  const queueId = o?.queue_id;
  if (typeof queueId !== 'string' || !QUEUE_ID.test(queueId)) throw malformed('answer to the queue request (no usable queue id)');
  const model = typeof o?.model === 'string' && QUEUE_ID.test(o.model) ? o.model : requestedModel;
  const ticket: MediaTicket = { kind, model, queueId };
  if (typeof o?.download_url === 'string') ticket.downloadUrl = o.download_url;
  return ticket;
}

function ms(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** A JSON answer to retrieve: still processing, or (VPS-backed models) completed. */
export function parseRetrieveStatus(out: unknown): RetrieveResult {
  const o = asRecord(out);
  const status = typeof o?.status === 'string' ? o.status.toUpperCase() : '';
  if (status === 'PROCESSING' || status === 'QUEUED') return { state: 'processing', averageMs: ms(o?.average_execution_time), elapsedMs: ms(o?.execution_duration) };
  if (status === 'COMPLETED') return { state: 'completed' };
  throw malformed('job status', status ? `status ${status.slice(0, 40)}` : undefined);
}

/** The body the retrieve call asks for. */
export function retrieveBody(ticket: MediaTicket): Record<string, unknown> {
  return { model: ticket.model, queue_id: ticket.queueId };
}
