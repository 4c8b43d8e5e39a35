// The editor side of paths and documents for the tools: workspace folders as guard roots, guarded
// resolution of model paths to URIs, reading text, and applying + saving edits.
import * as vscode from 'vscode';
import type { ToolRuntime } from './dispatcher';
import { ToolError } from './toolError';
import { writeGuardFor, type WriteGuard } from './autoApprove';
import { writeEnvironment } from './editorFolders';
import { containingRoot, guardPath, type GuardedPath, type GuardOptions, type GuardRoot } from './pathGuard';
import type { ToolEdit } from './toolEdit';

/** Folders on the local file system; virtual workspaces have none (their files are not reachable here). */
export function guardRoots(): GuardRoot[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => ({ name: f.name, path: f.uri.fsPath }));
}

export function isMultiRoot(): boolean {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
}

export interface ToolPath extends GuardedPath {
  uri: vscode.Uri;
  /** How to name it to the user and the model. */
  label: string;
}

function label(root: GuardRoot, relative: string): string {
  return isMultiRoot() ? `${root.name}/${relative}` : relative;
}

/** Resolves a model path inside the workspace or throws a ToolError saying why not (nothing else happens). */
export async function resolveToolPath(input: string, opts: GuardOptions = {}): Promise<ToolPath> {
  const g = await guardPath(input, guardRoots(), opts);
  if (!g.ok) throw new ToolError(`Refused path: ${g.reason}. Nothing was read or written.`, `Refused path ${JSON.stringify(input.slice(0, 80))}`);
  return { ...g, uri: vscode.Uri.file(g.absolute), label: label(g.root, g.relative) };
}

/**
 * Checks a path again just before writing: during the approval wait a symlink could have been
 * planted on the way, and the write must not follow it out.
 */
export async function recheckToolPath(p: ToolPath): Promise<void> {
  const again = await resolveToolPath(p.label);
  if (again.real !== p.real) throw new ToolError(`${p.label} changed on disk while the approval was open (it now leads elsewhere). Nothing was written.`);
}

/** A document's file as a checked workspace path, if it lies inside the workspace (symlinks followed). */
export async function workspacePathOf(uri: vscode.Uri): Promise<ToolPath | undefined> {
  if (uri.scheme !== 'file') return undefined;
  const found = await containingRoot(uri.fsPath, guardRoots());
  return found && { ...found, uri: vscode.Uri.file(found.absolute), label: label(found.root, found.relative) };
}

/** The workspace label of a document's file if it lies inside the workspace (symlinks followed). */
export async function workspaceLabelOf(uri: vscode.Uri): Promise<string | undefined> {
  return (await workspacePathOf(uri))?.label;
}

/**
 * Whether a write to this path always asks, and why: a warning for sensitive files (also by their
 * real path, and inside VS Code's own folders) and hard links; a quiet reason when the file is not
 * an ordinary source file that auto-approve may cover. See autoApprove.ts.
 */
export async function writeGuard(p: GuardedPath): Promise<WriteGuard> {
  return writeGuardFor(p, await writeEnvironment());
}

export function openDocumentFor(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === uri.scheme && d.uri.fsPath === uri.fsPath);
}

const BINARY_PROBE_BYTES = 8000;
/** Files above this are not edited through the tools (the editor itself struggles with them). */
export const MAX_EDITABLE_BYTES = 10 * 1024 * 1024;

export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);
}

/** Opens an existing workspace file as a text document for editing, refusing folders, huge and binary files. */
export async function textDocumentForEdit(p: ToolPath, maxBytes: number): Promise<vscode.TextDocument> {
  if (!p.exists) throw new ToolError(`${p.label} does not exist. Use create_file to make a new file.`);
  if (p.isDirectory) throw new ToolError(`${p.label} is a folder, not a file.`);
  const open = openDocumentFor(p.uri);
  if (open) return open;
  const st = await vscode.workspace.fs.stat(p.uri);
  if (st.size > maxBytes) throw new ToolError(`${p.label} is too large to edit here (${Math.round(st.size / 1024)} KB).`);
  if (looksBinary(await vscode.workspace.fs.readFile(p.uri))) throw new ToolError(`${p.label} is a binary file; it cannot be edited as text.`);
  return vscode.workspace.openTextDocument(p.uri);
}

export function eolOf(doc: vscode.TextDocument): '\n' | '\r\n' {
  return doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

/**
 * Applies one edit: one undo step in each document it touches. The one place tools change files:
 * the before-state of every file the edit touches is recorded for the answer's checkpoint first.
 */
export async function applyEdit(rt: Pick<ToolRuntime, 'recordBefore'>, edit: ToolEdit, label: string): Promise<void> {
  await rt.recordBefore(edit.touched);
  const applied = await vscode.workspace.applyEdit(edit.edit);
  if (!applied) throw new ToolError(`VS Code could not apply the change to ${label} (it may be read-only or changed meanwhile). Nothing was changed.`);
}

/**
 * Applies the edit and saves the document when it had no unsaved changes before, so the file on
 * disk changes too. A document holding the user's unsaved work is left unsaved (saving it would
 * also save their edits). Returns a note for the model about saving.
 */
export async function applyAndSave(rt: Pick<ToolRuntime, 'recordBefore'>, edit: ToolEdit, doc: vscode.TextDocument, label: string, wasDirty: boolean): Promise<string> {
  await applyEdit(rt, edit, label);
  if (wasDirty || doc.isUntitled) return ' (not saved: the file has other unsaved changes)';
  const saved = await doc.save();
  return saved ? '' : ' (the change is in the editor but could not be saved)';
}
