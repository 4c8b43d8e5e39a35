// File contents kept for checkpoints, content-addressed: each distinct content is one file named by
// its SHA-256 (`<dir>/<first two hex digits>/<hash>`), so a large file touched by many answers is
// stored once. Contents above the size cap are hashed but not kept. Writes go to a temp file that
// is renamed into place, so a crash never leaves half a blob under a real name. No `vscode` import.
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
    if (!(await this.has(file))) {
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
