// One queued media job, video or music alike: poll /retrieve at the pace Venice's own estimate
// suggests, take the media (from retrieve, or a VPS model's download URL), stream it to disk, then
// call /complete so Venice deletes its copy. Quoting, asking and queueing happen before (the
// caller's); the queued ticket is persisted by the caller so a reloaded window can resume here.
// No `vscode` import: unit-tested against the simulator.
import type { VeniceApi } from '../venice/api';
import type { MediaBody, MediaTicket } from '../venice/queue';
import { downloadToFile, type Downloaded, type DownloadTarget } from './download';

export type JobApi = Pick<VeniceApi, 'retrieveMedia' | 'completeMedia' | 'downloadMedia'>;

/** What the progress notification shows while the job runs. */
export type JobProgress =
  | { phase: 'waiting'; polls: number; elapsedMs?: number; averageMs?: number }
  | { phase: 'downloading'; bytes: number; total?: number };

export interface PollPace {
  /** Shortest wait between polls (Venice: "poll every 2–5 s"; tests use less). */
  minMs: number;
  /** Longest wait between polls. */
  maxMs: number;
}

export const DEFAULT_PACE: PollPace = { minMs: 2000, maxMs: 10_000 };

/**
 * The wait before the next poll: half of what Venice expects is left (its P80 estimate minus the
 * time run so far), within the pace's bounds; past the estimate, the shortest wait.
 */
export function nextPollDelay(averageMs: number | undefined, elapsedMs: number | undefined, pace: PollPace = DEFAULT_PACE): number {
  if (averageMs === undefined) return pace.minMs;
  const left = averageMs - (elapsedMs ?? 0);
  const wait = left > 0 ? left / 2 : pace.minMs;
  return Math.round(Math.min(pace.maxMs, Math.max(pace.minMs, wait)));
}

/** Resolves after `ms`, or rejects with `cancelled` when the signal fires. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new JobCancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new JobCancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The user stopped waiting (the job itself keeps running at Venice). */
export class JobCancelled extends Error {
  constructor() {
    super('Stopped waiting for the job.');
    this.name = 'JobCancelled';
  }
}

/** True for a cancellation from our own pause or from the Venice client (checked by shape: errors may come from another bundle). */
export function isCancellation(err: unknown): boolean {
  if (err instanceof JobCancelled) return true;
  const e = err as { name?: unknown; kind?: unknown; message?: unknown } | undefined;
  return (e?.name === 'VeniceError' && e.kind === 'cancelled') || (e?.name === 'DownloadError' && e.message === 'cancelled');
}

export interface RunOptions {
  signal?: AbortSignal;
  pace?: PollPace;
  onProgress?(p: JobProgress): void;
}

/** Polls until the media is ready; returns its body (unread). */
export async function waitForMedia(api: JobApi, ticket: MediaTicket, opts: RunOptions = {}): Promise<MediaBody> {
  const pace = opts.pace ?? DEFAULT_PACE;
  for (let polls = 1; ; polls++) {
    if (opts.signal?.aborted) throw new JobCancelled();
    const r = await api.retrieveMedia(ticket, { signal: opts.signal });
    if (r.state === 'media') return r.media;
    if (r.state === 'completed') {
      if (!ticket.downloadUrl) throw new Error('Venice says the job is done but sent no file and no download address. Try again later.');
      return api.downloadMedia(ticket, { signal: opts.signal });
    }
    opts.onProgress?.({ phase: 'waiting', polls, elapsedMs: r.elapsedMs, averageMs: r.averageMs });
    await pause(nextPollDelay(r.averageMs, r.elapsedMs, pace), opts.signal);
  }
}

/** Deletes Venice's copy; a failure here only means it expires on its own, so it is logged, not thrown. */
export async function cleanUp(api: JobApi, ticket: MediaTicket, log?: (m: string) => void): Promise<boolean> {
  try {
    const ok = await api.completeMedia(ticket);
    if (!ok) log?.(`Venice did not confirm deleting ${ticket.kind} job ${ticket.queueId}; it expires on its own.`);
    return ok;
  } catch (err) {
    log?.(`Cleaning up ${ticket.kind} job ${ticket.queueId} failed: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

/** Waits, downloads into `target` (streamed, capped, checked, atomic), then cleans up at Venice. */
export async function finishJob(api: JobApi, ticket: MediaTicket, target: Omit<DownloadTarget, 'signal' | 'onBytes'>, opts: RunOptions & { log?: (m: string) => void } = {}): Promise<Downloaded> {
  const body = await waitForMedia(api, ticket, opts);
  opts.onProgress?.({ phase: 'downloading', bytes: 0, total: body.contentLength });
  const saved = await downloadToFile(body, { ...target, signal: opts.signal, onBytes: (bytes, total) => opts.onProgress?.({ phase: 'downloading', bytes, total }) });
  await cleanUp(api, ticket, opts.log);
  return saved;
}
