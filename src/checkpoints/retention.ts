// What checkpoint storage keeps: every blob a stored checkpoint still needs (before-states, and
// what "Undo restore" would put back), as long as their total stays under the cap. Above it, the
// oldest checkpoints are dropped first (marked `expired`: their restore button says it is no longer
// available) until the rest fits. Blobs no checkpoint needs are deleted by the blob store's sweep.
// Plain logic; no `vscode` import.
import type { BlobStore } from './blobStore';
import type { Checkpoint, FileState } from './record';

/** Total kept checkpoint content per workspace before the oldest checkpoints are dropped. */
export const DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024;

export interface DatedCheckpoint {
  checkpoint: Checkpoint;
  /** When its answer was written (older ones are dropped first). */
  at: number;
}

export interface RetentionPlan {
  /** Checkpoints to mark expired, oldest first. */
  expire: Checkpoint[];
  /** Hashes still needed: everything else may be deleted. */
  live: Set<string>;
  /** Bytes of the live blobs. */
  liveBytes: number;
}

function keptHashes(cp: Checkpoint): string[] {
  const states: FileState[] = [...cp.files.map((f) => f.before), ...(cp.restored?.states ?? [])];
  const out: string[] = [];
  for (const s of states) if (s.exists && s.kept) out.push(s.sha256);
  return out;
}

/**
 * `sizeOf(hash)`: the blob's size on disk, undefined when it is not there (it then costs nothing).
 * A blob shared by several checkpoints counts once, and stays while any of them is kept.
 */
export function planRetention(all: readonly DatedCheckpoint[], sizeOf: (hash: string) => number | undefined, maxTotalBytes: number): RetentionPlan {
  const alive = all.filter((d) => !d.checkpoint.expired);
  // How many kept checkpoints use each blob.
  const users = new Map<string, number>();
  for (const d of alive) for (const h of new Set(keptHashes(d.checkpoint))) users.set(h, (users.get(h) ?? 0) + 1);
  let total = 0;
  for (const h of users.keys()) total += sizeOf(h) ?? 0;
  const expire: Checkpoint[] = [];
  const oldestFirst = [...alive].sort((a, b) => a.at - b.at);
  for (const d of oldestFirst) {
    if (total <= maxTotalBytes) break;
    expire.push(d.checkpoint);
    for (const h of new Set(keptHashes(d.checkpoint))) {
      const n = (users.get(h) ?? 1) - 1;
      if (n > 0) users.set(h, n);
      else {
        users.delete(h);
        total -= sizeOf(h) ?? 0;
      }
    }
  }
  return { expire, live: new Set(users.keys()), liveBytes: total };
}

/** Blobs written or reused this recently are never swept (an answer still running may need them). */
export const SWEEP_GRACE_MS = 60 * 60 * 1000;

/**
 * Storage care, given every stored checkpoint: above the cap the oldest are marked expired (the
 * caller saves their chats), then blobs none of the rest needs are deleted. Returns the expired.
 */
export async function careForStorage(blobs: BlobStore, all: readonly DatedCheckpoint[], opts: { maxTotalBytes: number; now: number }): Promise<Checkpoint[]> {
  const onDisk = await blobs.list();
  const plan = planRetention(all, (h) => onDisk.get(h)?.bytes, opts.maxTotalBytes);
  for (const cp of plan.expire) cp.expired = true;
  await blobs.sweep(plan.live, opts.now - SWEEP_GRACE_MS);
  return plan.expire;
}

/** True when the blobs on disk (needed or not) are over the cap: time for careForStorage. */
export async function overCap(blobs: BlobStore, maxTotalBytes: number): Promise<boolean> {
  let total = 0;
  for (const { bytes } of (await blobs.list()).values()) total += bytes;
  return total > maxTotalBytes;
}
