// The editor side of one queued job, video or music: the price question, queueing (remembered in
// workspace state at once), the cancellable progress notification while Venice works, the result
// (and its sidecar), and what the user is told when it fails, with what to do. Runs in the asset
// studio chunk (see host.ts for what it may not import).
import * as vscode from 'vscode';
import { writableWorkspaceFolder } from '../images/workspaceFiles';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import type { MediaQueueKind, MediaTicket } from '../venice/queue';
import { isInputError } from './errors';
import type { StudioHost } from './host';
import { JobStore, type JobKind, type PendingJob } from './jobStore';
import { cleanUp, finishJob, isCancellation, JobCancelled, type JobProgress } from './queuedJob';
import { writeSidecar, type SidecarFields } from './sidecar';
import type { Downloaded } from './download';

export interface JobKindSpec {
  kind: JobKind;
  queue: MediaQueueKind;
  /** "video", "music": in messages. */
  noun: string;
  maxBytes: number;
  sniff(head: Uint8Array): string | undefined;
  saveMetadata(): boolean;
}

/** "$0.35"; cents below a dime keep a third digit. */
export function formatUsd(usd: number): string {
  return `$${usd.toFixed(usd > 0 && usd < 0.1 ? 3 : 2)}`;
}

/** A Venice error's kind and status, read by shape (the error class lives in the main bundle). */
function veniceFacts(err: unknown): { kind?: string; status?: number; message: string } {
  const e = err as { name?: unknown; kind?: unknown; status?: unknown; message?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.name !== 'VeniceError') return { message };
  return { kind: typeof e.kind === 'string' ? e.kind : undefined, status: typeof e.status === 'number' ? e.status : undefined, message };
}

/** What to do after a failure, for kinds whose message does not already say it ("Try again in 30 s"). */
export function whatToDo(kind: string | undefined, status?: number, message = ''): string {
  if (/try again/i.test(message)) return '';
  if (kind === 'server' || kind === 'rateLimit') return status === 503 ? ' The model is at capacity: try again in a few minutes, or choose another model.' : ' Venice is busy: try again in a few minutes.';
  if (kind === 'network' || kind === 'timeout' || kind === 'interrupted') return ' Check your connection, then try again.';
  if (kind === 'contentPolicy') return ' Change the prompt (or the model) and try again.';
  if (kind === 'badRequest') return ' Change the prompt or the options and try again.';
  return '';
}

/**
 * Shows why a command failed before anything was queued: input problems as they are, Venice's busy
 * or unreachable answers with what to do, the rest (key, balance, model) through the main bundle's
 * presenter with its buttons. Not awaited by callers: a command must not wait on a toast.
 */
export function reportFailure(host: StudioHost, prefix: string, err: unknown): void {
  if (isInputError(err)) {
    void notifyError(`${prefix}: ${err.message}`);
    return;
  }
  const f = veniceFacts(err);
  if (f.kind === 'cancelled') return;
  const hint = whatToDo(f.kind, f.status, f.message);
  if (hint && (f.kind === 'server' || f.kind === 'rateLimit' || f.kind === 'network' || f.kind === 'timeout' || f.kind === 'interrupted')) {
    host.log.warn(`${prefix}: ${f.kind} ${f.status ?? ''} ${f.message}`);
    void notifyError(`${prefix}: ${f.message}${hint}`);
    return;
  }
  void host.showError(prefix, err);
}

/** Failures after queueing that mean the job itself is over (Venice refunds failed generations). */
function jobIsOver(err: unknown): boolean {
  const f = veniceFacts(err);
  if (!f.kind) return (err as { name?: unknown } | undefined)?.name === 'DownloadError';
  return f.kind === 'badRequest' || f.kind === 'contentPolicy' || f.kind === 'notFound' || (f.kind === 'server' && f.status === 500);
}

export class JobRunner {
  readonly store: JobStore;
  /** Jobs being waited on in this window (a resume must not start a second wait). */
  private readonly running = new Set<string>();

  constructor(private readonly host: StudioHost) {
    this.store = new JobStore(host.state);
  }

  /** Asks whether to spend `usd` (interactive calls only). */
  async confirmPrice(noun: string, usd: number, detail: string): Promise<boolean> {
    const go = `Generate for ${formatUsd(usd)}`;
    const picked = await notifyWarning(`Generate this ${noun} for ${formatUsd(usd)}?`, { modal: true, detail: `${detail}\n\nThis is Venice's price quote; it is charged when the job is queued.` }, go);
    return picked === go;
  }

  /** Queues the job at Venice and remembers it before anything else can go wrong. */
  async queue(spec: JobKindSpec, body: Record<string, unknown>, job: Omit<PendingJob, 'ticket' | 'queuedAt' | 'kind'>): Promise<PendingJob> {
    const ticket: MediaTicket = await this.host.client.queueMedia(spec.queue, body);
    const pending: PendingJob = { ...job, kind: spec.kind, ticket, queuedAt: Date.now() };
    await this.store.add(pending);
    this.host.log.info(`Queued ${spec.noun} job ${ticket.queueId} (${ticket.model})${job.quoteUsd !== undefined ? ` at ${formatUsd(job.quoteUsd)}` : ''}`);
    return pending;
  }

  /**
   * Waits for a queued job under a cancellable progress notification and writes its file. Returns
   * the file, or undefined when the user stopped waiting (the job stays remembered) or it failed
   * (`scripted` callers get the failure thrown instead of shown).
   */
  async run(spec: JobKindSpec, job: PendingJob, scripted: boolean, stop?: AbortSignal): Promise<vscode.Uri | undefined> {
    const id = job.ticket.queueId;
    if (this.running.has(id)) return undefined;
    this.running.add(id);
    try {
      const saved = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Venice: generating ${spec.noun === 'video' ? 'a video' : spec.noun}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          const onStop = (): void => ac.abort();
          stop?.addEventListener('abort', onStop, { once: true });
          let shown = 0;
          try {
            return await finishJob(this.host.client, job.ticket, { root: vscode.Uri.parse(job.folder).fsPath, dir: job.dir, stem: job.stem, maxBytes: spec.maxBytes, what: spec.noun === 'video' ? 'video' : 'audio', sniff: spec.sniff }, {
              signal: ac.signal,
              pace: this.host.pace,
              log: (m) => this.host.log.warn(m),
              onProgress: (p) => {
                const { message, percent } = describeProgress(p);
                const increment = percent !== undefined && percent > shown ? percent - shown : undefined;
                if (increment !== undefined) shown += increment;
                progress.report({ message, increment });
              },
            });
          } finally {
            sub.dispose();
            stop?.removeEventListener('abort', onStop);
          }
        },
      );
      await this.store.remove(id);
      const uri = vscode.Uri.file(saved.file);
      if (spec.saveMetadata()) await this.sidecar(spec, job, saved, uri);
      return uri;
    } catch (err) {
      if (isCancellation(err)) {
        if (scripted) throw new JobCancelled();
        this.offerResume(spec, job);
        return undefined;
      }
      const over = jobIsOver(err);
      if (over) {
        await this.store.remove(id);
        void cleanUp(this.host.client, job.ticket, (m) => this.host.log.debug(m));
      }
      const f = veniceFacts(err);
      const prefix = over ? `The ${spec.noun} job failed` : `Waiting for the ${spec.noun} failed`;
      const refund = over && f.kind ? ' Venice refunds failed generations.' : '';
      const text = `${prefix}: ${f.message}${refund}${whatToDo(f.kind, f.status, f.message)}`;
      if (scripted) throw new Error(text, { cause: err });
      if (over) void notifyError(text);
      else void notifyError(`${text} The job is kept: it resumes when you choose Resume or reload the window.`, 'Resume').then((p) => (p === 'Resume' ? this.run(spec, job, false) : undefined));
      return undefined;
    } finally {
      this.running.delete(id);
    }
  }

  private offerResume(spec: JobKindSpec, job: PendingJob): void {
    void notifyInfo(`Stopped waiting for the ${spec.noun}. It is paid for and keeps running at Venice; resume to save it, or discard it.`, 'Resume', 'Discard').then(async (picked) => {
      if (picked === 'Resume') await this.run(spec, job, false);
      if (picked === 'Discard') {
        await this.store.remove(job.ticket.queueId);
        await cleanUp(this.host.client, job.ticket, (m) => this.host.log.debug(m));
      }
    });
  }

  private async sidecar(spec: JobKindSpec, job: PendingJob, saved: Downloaded, uri: vscode.Uri): Promise<void> {
    try {
      const folder = vscode.workspace.getWorkspaceFolder(uri) ?? writableWorkspaceFolder('Saving metadata');
      const fields: SidecarFields = { ...job.meta, format: saved.ext, queueId: job.ticket.queueId, ...(job.quoteUsd !== undefined ? { priceUsd: job.quoteUsd } : {}) };
      await writeSidecar(folder, uri, spec.kind === 'video' ? 'video' : 'audio', fields);
    } catch (err) {
      this.host.log.warn(`The ${spec.noun} was saved, but its metadata file was not: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function describeProgress(p: JobProgress): { message: string; percent?: number } {
  if (p.phase === 'downloading') {
    const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
    return { message: p.total ? `saving ${mb(p.bytes)} of ${mb(p.total)}` : `saving ${mb(p.bytes)}`, percent: 95 };
  }
  if (p.averageMs === undefined) return { message: `queued at Venice (check ${p.polls})` };
  const elapsed = p.elapsedMs ?? 0;
  const left = Math.max(0, p.averageMs - elapsed);
  const percent = Math.min(90, Math.round((elapsed / Math.max(1, p.averageMs)) * 90));
  return { message: left > 0 ? `Venice expects about ${seconds(left)} more` : 'taking longer than Venice expected…', percent };
}

function seconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`;
}
