// The document behind the active editor, when a tool may change it: a workspace file or an
// untitled buffer. Files outside the workspace and virtual documents are refused. A workspace
// file gets the same write rules as a path the model names, on its real location too: a symlink
// such as notes.md -> .vscode/tasks.json is as sensitive as its target.
import * as vscode from 'vscode';
import type { WriteGuard } from '../autoApprove';
import { ToolError } from '../dispatcher';
import { workspacePathOf, writeGuard } from '../workspaceAccess';

export interface EditorTarget extends WriteGuard {
  editor: vscode.TextEditor;
  doc: vscode.TextDocument;
  label: string;
}

export async function activeEditorTarget(tool: string): Promise<EditorTarget> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new ToolError(`No text editor is active, so ${tool} has nowhere to write. Ask the user to open a file, or pass a path.`);
  const doc = editor.document;
  if (doc.uri.scheme === 'untitled') return { editor, doc, label: `untitled (${doc.uri.path})` };
  if (doc.uri.scheme !== 'file') throw new ToolError(`The active editor shows a ${doc.uri.scheme}: document, not a workspace file; ${tool} does not change it.`);
  const p = await workspacePathOf(doc.uri);
  if (!p) throw new ToolError(`The active file is outside the workspace; ${tool} only changes workspace files.`);
  return { editor, doc, label: p.label, ...(await writeGuard(p)) };
}

export function assertUnchanged(doc: vscode.TextDocument, version: number, label: string): void {
  if (doc.isClosed || doc.version !== version) {
    throw new ToolError(`${label} changed while the approval was open, so the change was not applied. Read it again and retry.`);
  }
}
