// The document behind the active editor, when a tool may change it: a workspace file or an
// untitled buffer. Files outside the workspace and virtual documents are refused.
import * as vscode from 'vscode';
import { ToolError } from '../dispatcher';
import { sensitiveWriteReason } from '../sensitive';
import { workspaceLabelOf } from '../workspaceAccess';

export interface EditorTarget {
  editor: vscode.TextEditor;
  doc: vscode.TextDocument;
  label: string;
  warning?: string;
}

export async function activeEditorTarget(tool: string): Promise<EditorTarget> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new ToolError(`No text editor is active, so ${tool} has nowhere to write. Ask the user to open a file, or pass a path.`);
  const doc = editor.document;
  if (doc.uri.scheme === 'untitled') return { editor, doc, label: `untitled (${doc.uri.path})` };
  if (doc.uri.scheme !== 'file') throw new ToolError(`The active editor shows a ${doc.uri.scheme}: document, not a workspace file; ${tool} does not change it.`);
  const label = await workspaceLabelOf(doc.uri);
  if (!label) throw new ToolError(`The active file is outside the workspace; ${tool} only changes workspace files.`);
  const reason = sensitiveWriteReason(label);
  return { editor, doc, label, warning: reason ? `Sensitive file: ${reason}.` : undefined };
}

export function assertUnchanged(doc: vscode.TextDocument, version: number, label: string): void {
  if (doc.isClosed || doc.version !== version) {
    throw new ToolError(`${label} changed while the approval was open, so the change was not applied. Read it again and retry.`);
  }
}
