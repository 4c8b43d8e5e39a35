// Where a workspace's semantic index lives, and whether one exists: kept apart from the index code
// so the activation bundle can ask "is there an index to resume?" without loading the service.
// No `vscode` import.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The file whose presence means "an index was committed" (the store renames it into place last). */
export const INDEX_JSON = 'index.json';

/** The index folder for a workspace storage folder; undefined without one that is on disk. */
export function indexDir(storage: { scheme: string; fsPath: string } | undefined): string | undefined {
  return storage && storage.scheme === 'file' ? path.join(storage.fsPath, 'semantic-index') : undefined;
}

export async function hasIndexIn(dir: string | undefined): Promise<boolean> {
  if (!dir) return false;
  try {
    await fs.access(path.join(dir, INDEX_JSON));
    return true;
  } catch {
    return false;
  }
}
