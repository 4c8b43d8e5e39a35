// What the code block buttons and the "add context" button do in the real editor. Each edit is
// one `editor.edit` call, so it is one undo step.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { languageIdFor } from './codeBlocks';
import { newId, type Attachment } from './model';
import { notifyWarning } from '../ui/notify';

/** Larger selections or files are refused with a clear message rather than silently cut. */
export const MAX_ATTACHMENT_BYTES = 200_000;

/** The editor the user was last typing in (the chat view itself is not an editor). */
export function targetEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && active.document.uri.scheme !== 'output') return active;
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'output');
}

async function withEditor(what: string, edit: (editor: vscode.TextEditor) => Thenable<boolean>): Promise<boolean> {
  const editor = targetEditor();
  if (!editor) {
    void notifyWarning(`Venice: open a file in the editor first, then ${what}.`);
    return false;
  }
  const ok = await edit(editor);
  if (!ok) void notifyWarning(`Venice: could not ${what} (is the file read-only?).`);
  return ok;
}

export function insertAtCursor(code: string): Promise<boolean> {
  return withEditor('insert the code', (editor) => editor.edit((b) => b.insert(editor.selection.active, code)));
}

export function replaceSelection(code: string): Promise<boolean> {
  return withEditor('replace the selection', (editor) => editor.edit((b) => b.replace(editor.selection, code)));
}

/**
 * "Save as new file" opens an untitled editor with the code and its language: the user sees the
 * code in a real editor at once and picks the name and folder on the first save (Ctrl+S), and
 * nothing touches the disk until then (also fine in Restricted Mode and virtual workspaces).
 */
export async function openAsNewFile(code: string, fenceLanguage: string): Promise<vscode.TextDocument> {
  const wanted = languageIdFor(fenceLanguage);
  const known = await vscode.languages.getLanguages();
  const language = known.includes(wanted) ? wanted : 'plaintext';
  const doc = await vscode.workspace.openTextDocument({ language, content: code });
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export async function copyToClipboard(code: string): Promise<void> {
  await vscode.env.clipboard.writeText(code);
  vscode.window.setStatusBarMessage('$(check) Code copied', 2_000);
}

/** The selection of the active editor, or its whole file when nothing is selected, as a context chip. */
export function attachmentFromEditor(): Attachment | { error: string } {
  const editor = targetEditor();
  if (!editor) return { error: 'Venice: open a file (or select some text) to add it as context.' };
  const doc = editor.document;
  const sel = editor.selection;
  const whole = sel.isEmpty;
  const content = whole ? doc.getText() : doc.getText(sel);
  const bytes = Buffer.byteLength(content, 'utf8');
  const rel = doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false);
  const name = path.basename(rel) || rel;
  if (!content.trim()) return { error: whole ? `Venice: ${name} is empty.` : 'Venice: the selection is empty.' };
  if (bytes > MAX_ATTACHMENT_BYTES) {
    return { error: `Venice: ${whole ? name : 'the selection'} is ${Math.round(bytes / 1024)} KB; the limit is ${MAX_ATTACHMENT_BYTES / 1000} KB. Select the part you need.` };
  }
  const startLine = sel.start.line + 1;
  // A selection that ends at the start of a line does not include that line.
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  return {
    id: newId(),
    kind: whole ? 'file' : 'selection',
    label: whole ? name : `${name}:${startLine}-${endLine}`,
    path: rel,
    languageId: doc.languageId,
    startLine: whole ? undefined : startLine,
    endLine: whole ? undefined : endLine,
    content,
    lines: whole ? doc.lineCount : endLine - startLine + 1,
    bytes,
  };
}
