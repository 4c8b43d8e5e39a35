// Checkpoints of the chat's answers: a recorder per answer (handed to the tools), "Restore files to
// before this answer", "Undo restore", and the change list's diffs. A restore first reads every
// file, warns (modal) when one was changed since, keeps what is there now (so it can be undone),
// then writes all files in one WorkspaceEdit. One restore (or storage care: retention.ts) runs at a time.
import * as vscode from 'vscode';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import type { BlobStore } from './blobStore';
import { CheckpointDiffs } from './diff';
import { editorFiles, writeFiles, type FileWrite } from './editorFiles';
import { MISSING, type Checkpoint, type FileState } from './record';
import { AnswerRecorder, type CheckpointHolder } from './recorder';
import { planRestore, type RestoreTarget } from './restorePlan';
import { careForStorage, DEFAULT_MAX_TOTAL_BYTES, overCap, type DatedCheckpoint } from './retention';

function listOf(labels: readonly string[]): string {
  return labels.length <= 3 ? labels.join(', ') : `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more`;
}

export class CheckpointService implements vscode.Disposable {
  private readonly diffs: CheckpointDiffs;
  private busy = false;

  constructor(
    private readonly blobs: BlobStore,
    private readonly now: () => number = Date.now,
    private readonly maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES,
  ) {
    this.diffs = new CheckpointDiffs(blobs);
  }

  recorder(holder: CheckpointHolder, changed: () => void): AnswerRecorder {
    return new AnswerRecorder(this.blobs, editorFiles, holder, changed);
  }

  /**
   * Storage care, given every stored checkpoint: above the cap the oldest are marked expired (the
   * caller saves their chats), then blobs none of the rest needs are deleted. Returns the expired.
   */
  collect(all: readonly DatedCheckpoint[]): Promise<Checkpoint[]> {
    return this.exclusiveValue(() => careForStorage(this.blobs, all, { maxTotalBytes: this.maxTotalBytes, now: this.now() }), []);
  }

  /** True when the kept content on disk is over the cap (cheap: one stat per blob). */
  needsCare(): Promise<boolean> {
    return overCap(this.blobs, this.maxTotalBytes).catch(() => false);
  }

  /** Puts every file back to before the answer. True when the checkpoint changed (it is now restored). */
  restore(cp: Checkpoint): Promise<boolean> {
    return this.exclusive(async () => {
      if (cp.restored || cp.expired) return false;
      const targets = cp.files.map((f) => ({ path: f.path, label: f.label, target: f.before, expected: f.after }));
      const previous = await this.apply(targets, {
        changed: (list) => `${list} changed since this answer. Restore the files to before this answer anyway?`,
        detail: 'Those later changes are replaced by the content from before this answer. "Undo restore" brings them back.',
        button: 'Restore Anyway',
      });
      if (!previous) return false;
      cp.restored = { at: this.now(), states: previous };
      return true;
    });
  }

  /** Puts back what the restore replaced. True when the checkpoint changed (it is no longer restored). */
  undoRestore(cp: Checkpoint): Promise<boolean> {
    return this.exclusive(async () => {
      const restored = cp.restored;
      if (!restored || cp.expired) return false;
      const targets = cp.files.map((f, i) => ({ path: f.path, label: f.label, target: restored.states[i] ?? MISSING, expected: f.before }));
      const done = await this.apply(targets, {
        changed: (list) => `${list} changed since the restore. Undo the restore anyway?`,
        detail: 'Those changes are replaced by the content the restore took away.',
        button: 'Undo Anyway',
      });
      if (!done) return false;
      delete cp.restored;
      return true;
    });
  }

  openDiff(cp: Checkpoint, index: number): Promise<void> {
    const f = cp.files[index];
    if (f && cp.expired) {
      void notifyInfo(`Venice: the checkpoint of this answer was dropped to keep checkpoint storage under its limit (oldest first), so the earlier content of ${f.label} cannot be shown.`);
      return Promise.resolve();
    }
    return f ? this.diffs.open(f) : Promise.resolve();
  }

  dispose(): void {
    this.diffs.dispose();
  }

  private exclusive(job: () => Promise<boolean>): Promise<boolean> {
    return this.exclusiveValue(job, false, (err) => void notifyError(`Venice: the files were not restored: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** One restore or storage care at a time (a sweep must not delete what a restore just kept). */
  private async exclusiveValue<T>(job: () => Promise<T>, busyValue: T, onError?: (err: unknown) => void): Promise<T> {
    if (this.busy) return busyValue;
    this.busy = true;
    try {
      return await job();
    } catch (err) {
      onError?.(err);
      return busyValue;
    } finally {
      this.busy = false;
    }
  }

  /** Writes the targets; returns the states the files had just before (undefined when the user cancelled). */
  private async apply(targets: RestoreTarget[], ask: { changed(list: string): string; detail: string; button: string }): Promise<FileState[] | undefined> {
    const bytes = await Promise.all(targets.map((t) => editorFiles.read(t.path)));
    const plan = planRestore(
      targets,
      bytes.map((b) => this.blobs.stateOf(b)),
      this.blobs.maxKeptBytes,
    );
    if (plan.changedSince.length > 0) {
      const answer = await notifyWarning(ask.changed(listOf(plan.changedSince)), { modal: true, detail: ask.detail }, ask.button);
      if (answer !== ask.button) return undefined;
    }
    // What is there now is kept first, so this step itself can be undone.
    const previous = await Promise.all(bytes.map((b) => (b === undefined ? MISSING : this.blobs.put(b))));
    const writes: FileWrite[] = [];
    for (const step of plan.steps) {
      let content: Uint8Array | undefined;
      if (step.target.exists) {
        content = await this.blobs.get(step.target.sha256);
        if (!content) throw new Error(`the kept copy of ${step.label} is missing or damaged in the checkpoint store; nothing was changed.`);
      }
      writes.push({ path: step.path, label: step.label, content });
    }
    await writeFiles(writes);
    if (plan.skipped.length > 0) void notifyWarning(`Venice: some files were left as they are. ${plan.skipped.join(' ')}`);
    return previous;
  }
}
