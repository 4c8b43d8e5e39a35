// A WorkspaceEdit that knows which files it touches. Tools build their changes with it, and
// workspaceAccess.applyEdit records the before-state of exactly those files (the answer's
// checkpoint) before VS Code applies the edit: one place, so no changing tool can forget it.
import * as vscode from 'vscode';
import type { TouchedFile } from './types';

/** A file as the tools name it: its URI and its workspace label. */
export interface EditTarget {
  uri: vscode.Uri;
  label: string;
}

export class ToolEdit {
  readonly edit = new vscode.WorkspaceEdit();
  private readonly files = new Map<string, TouchedFile>();

  /** Files on disk this edit changes (untitled buffers are not files and are not kept). */
  get touched(): TouchedFile[] {
    return [...this.files.values()];
  }

  replace(target: EditTarget, range: vscode.Range, text: string): this {
    this.touch(target);
    this.edit.replace(target.uri, range, text);
    return this;
  }

  insert(target: EditTarget, position: vscode.Position, text: string): this {
    this.touch(target);
    this.edit.insert(target.uri, position, text);
    return this;
  }

  /** A new file; never replaces one (the edit fails if it appeared meanwhile). */
  createFile(target: EditTarget, contents: Uint8Array): this {
    this.touch(target);
    this.edit.createFile(target.uri, { overwrite: false, ignoreIfExists: false, contents });
    return this;
  }

  deleteFile(target: EditTarget): this {
    this.touch(target);
    this.edit.deleteFile(target.uri, { ignoreIfNotExists: true });
    return this;
  }

  /** Both ends are kept: the old name with its content, the new one as "did not exist". */
  renameFile(from: EditTarget, to: EditTarget): this {
    this.touch(from);
    this.touch(to);
    this.edit.renameFile(from.uri, to.uri, { overwrite: false });
    return this;
  }

  private touch(target: EditTarget): void {
    if (target.uri.scheme !== 'file') return;
    const path = target.uri.fsPath;
    if (!this.files.has(path)) this.files.set(path, { path, label: target.label });
  }
}
