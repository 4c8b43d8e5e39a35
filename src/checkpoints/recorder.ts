// Records one answer's checkpoint while its tools run: the first time a tool is about to change a
// file, the file's current content (or "did not exist") is kept; later changes to the same file in
// the same answer keep nothing more. When the answer ends, what it left is noted (a hash only), so
// a restore can tell whether the file was changed by hand since. No `vscode` import.
import type { FileChangeRecorder, TouchedFile } from '../tools/types';
import type { BlobStore } from './blobStore';
import { MISSING, type Checkpoint } from './record';
import { insideGitFolder } from './restorePlan';

/** The file's content as the user sees it now (an unsaved editor's text, else the disk); undefined when it does not exist. */
export interface CurrentFiles {
  read(path: string): Promise<Uint8Array | undefined>;
}

/** Where the checkpoint lives: the answer's stored entry. */
export interface CheckpointHolder {
  checkpoint?: Checkpoint;
}

export class AnswerRecorder implements FileChangeRecorder {
  constructor(
    private readonly blobs: BlobStore,
    private readonly files: CurrentFiles,
    private readonly holder: CheckpointHolder,
    /** The checkpoint changed (a new file in the list): the view and the store hear of it. */
    private readonly changed: () => void,
  ) {}

  async recordBefore(touched: readonly TouchedFile[]): Promise<void> {
    let added = false;
    for (const t of touched) {
      // The user's repository data is never part of a checkpoint, so a restore never writes there.
      if (insideGitFolder(t.path)) continue;
      const cp = (this.holder.checkpoint ??= { files: [] });
      if (cp.files.some((f) => f.path === t.path)) continue;
      const bytes = t.didNotExist ? undefined : await this.files.read(t.path);
      const before = bytes === undefined ? MISSING : await this.blobs.put(bytes);
      cp.files.push({ path: t.path, label: t.label, before });
      added = true;
    }
    if (added) this.changed();
  }

  /** The answer ended: notes what it left in each file. */
  async finish(): Promise<void> {
    const cp = this.holder.checkpoint;
    if (!cp) return;
    for (const f of cp.files) f.after = this.blobs.stateOf(await this.files.read(f.path));
    this.changed();
  }
}
