// File contents kept for checkpoints, content-addressed: each distinct content is one file named by
// its SHA-256 (`<dir>/<first two hex digits>/<hash>`), so a large file touched by many answers is
// stored once. Contents above the size cap are hashed but not kept. Writes go to a temp file that
// is renamed into place, so a crash never leaves half a blob under a real name. Blobs no stored
// checkpoint needs are deleted by sweep() (retention.ts decides which are needed); a blob written or
// reused within the grace period is never swept, because an answer still running may need it before
// its checkpoint is saved. No `vscode` import.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { FileState } from './record';

/** Files larger than this are not kept: their checkpoint says so, and Restore leaves them alone. */
export const DEFAULT_MAX_KEPT_BYTES = 5 * 1024 * 1024;

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export class BlobStore {
  constructor(
    readonly dir: string,
    readonly maxKeptBytes = DEFAULT_MAX_KEPT_BYTES,
  ) {}

  /** The state of this content; its bytes are written once (unless already there or over the cap). */
  async put(bytes: Uint8Array): Promise<FileState> {
    const hash = sha256(bytes);
    if (bytes.byteLength > this.maxKeptBytes) return { exists: true, sha256: hash, bytes: bytes.byteLength, kept: false };
    const file = this.fileOf(hash);
    if (await this.has(file)) {
      // Reused: fresh again, so a sweep running before this answer is saved leaves it alone.
      const now = new Date();
      await fs.utimes(file, now, now).catch(() => undefined);
    } else {
      await fs.mkdir(join(this.dir, hash.slice(0, 2)), { recursive: true });
      const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, file);
    }
    return { exists: true, sha256: hash, bytes: bytes.byteLength, kept: true };
  }

  /** The state of this content without keeping it (what an answer left, compared later). */
  stateOf(bytes: Uint8Array | undefined): FileState {
    return bytes === undefined ? { exists: false } : { exists: true, sha256: sha256(bytes), bytes: bytes.byteLength, kept: false };
  }

  /** The kept bytes, checked against their name; undefined when missing or damaged. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    if (!SHA256.test(hash)) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(this.fileOf(hash));
    } catch {
      return undefined;
    }
    return sha256(bytes) === hash ? bytes : undefined;
  }

  /** Every blob on disk: its size and when it was last written or reused. */
  async list(): Promise<Map<string, { bytes: number; mtimeMs: number }>> {
    const out = new Map<string, { bytes: number; mtimeMs: number }>();
    for (const { name, path } of await this.entries()) {
      if (!SHA256.test(name)) continue;
      const st = await fs.stat(path).catch(() => undefined);
      if (st?.isFile()) out.set(name, { bytes: st.size, mtimeMs: st.mtimeMs });
    }
    return out;
  }

  /**
   * Deletes every blob not in `live` that was last written or reused before `olderThanMs` (and
   * temp files a crash left behind). Returns the bytes freed.
   */
  async sweep(live: ReadonlySet<string>, olderThanMs: number): Promise<{ files: number; bytes: number }> {
    let files = 0;
    let bytes = 0;
    for (const { name, path } of await this.entries()) {
      if (live.has(name)) continue;
      if (!SHA256.test(name) && !/^[0-9a-f]{64}\.tmp-[0-9a-f]+$/.test(name)) continue;
      const st = await fs.stat(path).catch(() => undefined);
      if (!st?.isFile() || st.mtimeMs >= olderThanMs) continue;
      try {
        await fs.unlink(path);
        files++;
        bytes += st.size;
      } catch {
        // Gone already, or locked: the next sweep tries again.
      }
    }
    return { files, bytes };
  }

  private async entries(): Promise<Array<{ name: string; path: string }>> {
    const out: Array<{ name: string; path: string }> = [];
    const shards = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      const names = await fs.readdir(join(this.dir, shard)).catch(() => [] as string[]);
      for (const name of names) out.push({ name, path: join(this.dir, shard, name) });
    }
    return out;
  }

  private fileOf(hash: string): string {
    return join(this.dir, hash.slice(0, 2), hash);
  }

  private async has(file: string): Promise<boolean> {
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  }
}
