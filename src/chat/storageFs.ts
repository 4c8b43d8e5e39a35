// The few file operations the conversation store needs, as an interface so tests can watch them
// (e.g. that every write goes to a temp file first) or fail them on purpose.
import { promises as fs } from 'node:fs';

export interface StorageFs {
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): Promise<string | undefined>;
  writeFile(path: string, data: string): Promise<void>;
  /** Replaces `to` if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** No error when the file is already gone. */
  remove(path: string): Promise<void>;
  /** File names (not paths) in `dir`; [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  mkdirp(dir: string): Promise<void>;
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

/** The real thing: Node's fs. Extension storage (globalStorageUri/storageUri) is always a local folder of the extension host. */
export const nodeStorageFs: StorageFs = {
  async readFile(path) {
    try {
      return await fs.readFile(path, 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  },
  async writeFile(path, data) {
    // `flush` asks the OS to put the bytes on disk before the rename makes them visible.
    await fs.writeFile(path, data, { encoding: 'utf8', flush: true });
  },
  async rename(from, to) {
    await fs.rename(from, to);
  },
  async remove(path) {
    await fs.rm(path, { force: true });
  },
  async list(dir) {
    try {
      return await fs.readdir(dir);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  },
  async mkdirp(dir) {
    await fs.mkdir(dir, { recursive: true });
  },
};
