// The editor side of checkpoints: a file's content as the user sees it (an unsaved editor's text,
// else the disk), and writing a set of files back to kept states as ONE WorkspaceEdit. Open text
// documents are changed through the editor (their unsaved state is respected: a document that was
// clean is saved, one with unsaved work stays unsaved); other files are written or deleted whole.
import * as vscode from 'vscode';
import { openDocumentFor, workspaceLabelOf } from '../tools/workspaceAccess';
import type { CurrentFiles } from './recorder';

export const editorFiles: CurrentFiles = {
  async read(path) {
    const uri = vscode.Uri.file(path);
    const doc = openDocumentFor(uri);
    if (doc?.isDirty) return new TextEncoder().encode(doc.getText());
    try {
      return await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
      throw e;
    }
  },
};

/** One file's new state: its bytes, or undefined for "does not exist". */
export interface FileWrite {
  path: string;
  label: string;
  content: Uint8Array | undefined;
}

function asText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Writes every file in one WorkspaceEdit; throws (having changed nothing) when one is outside the workspace or the edit fails. */
export async function writeFiles(writes: readonly FileWrite[]): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  const toSave: vscode.TextDocument[] = [];
  for (const w of writes) {
    const uri = vscode.Uri.file(w.path);
    // Checked again now: the workspace (or a symlink on the way) may have changed since the answer.
    if (!(await workspaceLabelOf(uri))) throw new Error(`${w.label} is not inside the open workspace (any more).`);
    const present = await fileExists(uri);
    if (w.content === undefined) {
      if (present) edit.deleteFile(uri, { ignoreIfNotExists: true });
      continue;
    }
    const doc = present ? openDocumentFor(uri) : undefined;
    const text = doc ? asText(w.content) : undefined;
    if (doc && text !== undefined) {
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
      if (!doc.isDirty) toSave.push(doc);
    } else {
      edit.createFile(uri, { overwrite: true, contents: w.content });
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code could not apply the change (a file may be read-only or changed meanwhile).');
  for (const doc of toSave) await doc.save();
}
