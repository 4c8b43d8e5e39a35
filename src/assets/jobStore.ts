// The queued jobs of this workspace, kept in workspace state so that a reloaded window resumes
// polling them (a job is paid for when it is queued: losing track of it would lose the result).
// Entries are checked when read: workspace state is just JSON on disk.
import type { MediaTicket } from '../venice/queue';
import type { SidecarFields } from './sidecarFormat';

export const PENDING_JOBS_KEY = 'venice.assets.pendingJobs';

export type JobKind = 'video' | 'music';

export interface PendingJob {
  kind: JobKind;
  ticket: MediaTicket;
  /** The workspace folder's URI (string) and the absolute output folder inside it. */
  folder: string;
  dir: string;
  /** File name without extension. */
  stem: string;
  /** What the sidecar will say (prompt, model, settings), and the title shown while waiting. */
  meta: SidecarFields;
  quoteUsd?: number;
  queuedAt: number;
}

/** The part of vscode.Memento we use (a fake in unit tests). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** Jobs older than Venice keeps results (download URLs last 24 h) are dropped. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

function isPending(v: unknown): v is PendingJob {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  const t = j.ticket as Record<string, unknown> | undefined;
  const meta = j.meta as Record<string, unknown> | undefined;
  return (
    (j.kind === 'video' || j.kind === 'music') &&
    typeof t === 'object' && t !== null &&
    (t.kind === 'video' || t.kind === 'audio') && typeof t.model === 'string' && typeof t.queueId === 'string' &&
    typeof j.folder === 'string' && typeof j.dir === 'string' && typeof j.stem === 'string' &&
    typeof meta === 'object' && meta !== null && typeof meta.prompt === 'string' &&
    typeof j.queuedAt === 'number'
  );
}

export class JobStore {
  constructor(private readonly state: StateStore) {}

  list(now = Date.now()): PendingJob[] {
    const raw = this.state.get<unknown>(PENDING_JOBS_KEY);
    return Array.isArray(raw) ? raw.filter(isPending).filter((j) => now - j.queuedAt < MAX_AGE_MS) : [];
  }

  async add(job: PendingJob): Promise<void> {
    await this.state.update(PENDING_JOBS_KEY, [...this.list().filter((j) => j.ticket.queueId !== job.ticket.queueId), job]);
  }

  async remove(queueId: string): Promise<void> {
    await this.state.update(PENDING_JOBS_KEY, this.list().filter((j) => j.ticket.queueId !== queueId));
  }
}
