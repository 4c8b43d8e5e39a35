// A checkpoint as the chat shows it: the change list (label, what happened, why a file cannot be
// restored) and whether it is restored now. No `vscode` import.
import type { CheckpointView } from '../shared/protocol';
import { formatSize } from './blobStore';
import { changeKind, type Checkpoint } from './record';

export function checkpointView(cp: Checkpoint): CheckpointView {
  return {
    files: cp.files.map((f) => ({
      label: f.label,
      change: changeKind(f),
      ...(f.before.exists && !f.before.kept ? { note: `too large to keep (${formatSize(f.before.bytes)}): cannot be restored` } : {}),
    })),
    restored: cp.restored !== undefined,
    ...(cp.expired ? { expired: true } : {}),
  };
}
