// What a restore (or its undo) will do, decided before anything is written: which files go back to
// which state, which were changed since (the user is warned first), and which cannot be restored
// (not kept because too large, inside a .git folder). No `vscode` import.
import { formatSize } from './blobStore';
import { sameState, type FileState } from './record';

export interface RestoreTarget {
  path: string;
  label: string;
  /** The state to go back to. */
  target: FileState;
  /** What the file should be now if nobody touched it since (undefined: not known). */
  expected?: FileState;
}

export interface RestoreStep {
  path: string;
  label: string;
  target: FileState;
}

export interface RestorePlan {
  /** Files to write or delete (files already in their target state are left alone). */
  steps: RestoreStep[];
  /** Labels of files changed since (by hand or by a later answer). */
  changedSince: string[];
  /** Why some files are left as they are, one line each. */
  skipped: string[];
}

/** True for a path inside a `.git` folder: never recorded, never written by a restore. */
export function insideGitFolder(path: string): boolean {
  return path.split(/[\\/]/).includes('.git');
}

/** `current[i]` is the present state of `targets[i]`'s file; contents above `maxKeptBytes` cannot be kept for an undo. */
export function planRestore(targets: readonly RestoreTarget[], current: readonly FileState[], maxKeptBytes: number): RestorePlan {
  const plan: RestorePlan = { steps: [], changedSince: [], skipped: [] };
  targets.forEach((t, i) => {
    const now = current[i];
    if (insideGitFolder(t.path)) {
      plan.skipped.push(`${t.label}: inside a .git folder, which a restore never touches.`);
      return;
    }
    if (sameState(now, t.target)) return;
    if (t.target.exists && !t.target.kept) {
      plan.skipped.push(`${t.label}: its earlier content (${formatSize(t.target.bytes)}) was over the ${formatSize(maxKeptBytes)} checkpoint limit, so it was not kept.`);
      return;
    }
    if (now.exists && now.bytes > maxKeptBytes) {
      plan.skipped.push(`${t.label}: its current content (${formatSize(now.bytes)}) is over the ${formatSize(maxKeptBytes)} checkpoint limit, so the restore could not be undone.`);
      return;
    }
    if (t.expected && !sameState(now, t.expected)) plan.changedSince.push(t.label);
    plan.steps.push({ path: t.path, label: t.label, target: t.target });
  });
  return plan;
}
