// The change list's diff: VS Code's diff editor with a file's kept content from before the answer
// on the left (served read-only from the blob store) and the file as it is now on the right.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { notifyInfo } from '../ui/notify';
import type { BlobStore } from './blobStore';
import { fileExists } from './editorFiles';
import type { CheckpointFile } from './record';

export const CHECKPOINT_SCHEME = 'venice-checkpoint';
/** Stands for a file that does not exist (before the answer, or now). */
const NONE = 'none';

export class CheckpointDiffs implements vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly blobs: BlobStore) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, {
      // `/<sha256>/<file name>`: the kept bytes as text; `/none/<file name>`: empty.
      provideTextDocumentContent: async (uri) => {
        const hash = uri.path.split('/')[1] ?? '';
        if (hash === NONE) return '';
        const bytes = await this.blobs.get(hash);
        return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
      },
    });
  }

  /** Opens before ↔ now for one file; a message instead when its earlier content was not kept. */
  async open(f: CheckpointFile): Promise<void> {
    if (f.before.exists && !f.before.kept) {
      void notifyInfo(`Venice: ${f.label} was too large for a checkpoint, so its earlier content cannot be shown.`);
      return;
    }
    // The file name stays last, so the diff editor picks the right language.
    const name = path.basename(f.path);
    const left = vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${f.before.exists ? f.before.sha256 : NONE}/${name}` });
    const file = vscode.Uri.file(f.path);
    const right = (await fileExists(file)) ? file : vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: `/${NONE}/now/${name}` });
    await vscode.commands.executeCommand('vscode.diff', left, right, `${f.label} (before this answer ↔ now)`, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
  }
}
