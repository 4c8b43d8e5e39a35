// Reads and writes the semantic index in the extension's own storage folder (never the workspace).
// A save is atomic: the vectors go to a new file named after the save's generation, then the JSON
// description is written to a temporary name and renamed over index.json. The rename is the commit
// point, so a crash leaves either the old index or the new one, never a mix. Old vector files are
// removed afterwards. No `vscode` import.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CorruptIndexError, decodeIndex, encodeIndex, parseIndexJson, type IndexState } from './indexFormat';
import { hasIndexIn, INDEX_JSON } from './indexLocation';

export type LoadResult = { kind: 'missing' } | { kind: 'ok'; state: IndexState } | { kind: 'corrupt'; reason: string };

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

async function writeFileSynced(file: string, data: Uint8Array[] | string): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    if (typeof data === 'string') await handle.writeFile(data);
    else for (const part of data) await handle.write(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class IndexStorage {
  constructor(readonly dir: string) {}

  exists(): Promise<boolean> {
    return hasIndexIn(this.dir);
  }

  async load(): Promise<LoadResult> {
    let jsonText: string;
    try {
      jsonText = await fs.readFile(path.join(this.dir, INDEX_JSON), 'utf8');
    } catch (err) {
      if (isMissing(err)) return { kind: 'missing' };
      return { kind: 'corrupt', reason: `the index could not be read (${(err as Error).message})` };
    }
    try {
      const meta = parseIndexJson(jsonText);
      let bin: Uint8Array;
      try {
        bin = await fs.readFile(path.join(this.dir, meta.vectorsFile));
      } catch (err) {
        if (isMissing(err)) return { kind: 'corrupt', reason: 'the vectors file is missing' };
        throw err;
      }
      return { kind: 'ok', state: decodeIndex(jsonText, bin) };
    } catch (err) {
      if (err instanceof CorruptIndexError) return { kind: 'corrupt', reason: err.message };
      return { kind: 'corrupt', reason: `the index could not be read (${(err as Error).message})` };
    }
  }

  async save(state: IndexState): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const encoded = encodeIndex(state);
    await writeFileSynced(path.join(this.dir, encoded.vectorsFile), encoded.parts);
    const tmp = path.join(this.dir, `${INDEX_JSON}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFileSynced(tmp, encoded.json);
      await fs.rename(tmp, path.join(this.dir, INDEX_JSON));
    } catch (err) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      await fs.rm(path.join(this.dir, encoded.vectorsFile), { force: true }).catch(() => undefined);
      throw err;
    }
    await this.removeStale(encoded.vectorsFile);
  }

  /** Deletes the index (used when it is corrupt, before a rebuild). */
  async clear(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private async removeStale(keep: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      if (n === keep || n === INDEX_JSON) continue;
      if (/^vectors-[0-9a-f]{16}\.bin$/.test(n) || /^index\.json\.[0-9a-f]{8}\.tmp$/.test(n)) await fs.rm(path.join(this.dir, n), { force: true }).catch(() => undefined);
    }
  }
}
