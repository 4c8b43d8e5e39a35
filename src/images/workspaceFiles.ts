// Writing generated media into the workspace: only in a trusted, file-system workspace folder, only
// inside it (symlinks followed, via the tools' path guard), never over an existing file, and
// atomically (a hidden temp file renamed into place), so a failure leaves nothing half-written.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { guardPath, type GuardRoot } from '../tools/pathGuard';
import { MediaInputError } from './errors';
import { numberedName } from './naming';

/** How many "-1", "-2"… alternatives we try before giving up on a name. */
const MAX_NAME_ATTEMPTS = 1000;

/**
 * The workspace folder files are written to: the active editor's folder, else the first. Refuses
 * Restricted Mode, an empty window and virtual (non-file) folders with a message that says so.
 */
export function writableWorkspaceFolder(what: string): vscode.WorkspaceFolder {
  if (!vscode.workspace.isTrusted) {
    throw new MediaInputError(`${what} writes files into the workspace, which is off in Restricted Mode. Trust this workspace to use it.`);
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new MediaInputError(`${what} needs an open folder to save into. Open a folder first.`);
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) || folders[0];
  if (folder.uri.scheme !== 'file') throw new MediaInputError(`${what} needs a workspace folder on the local file system.`);
  return folder;
}

function guardRoot(folder: vscode.WorkspaceFolder): GuardRoot {
  return { name: folder.name, path: folder.uri.fsPath };
}

/**
 * Resolves a workspace-relative folder for output. Besides the guard's checks (absolute paths, URIs,
 * `~`, encoded characters, symlinks out), any `..` segment is refused outright.
 */
export async function outputFolder(folder: vscode.WorkspaceFolder, relative: string, settingName: string): Promise<vscode.Uri> {
  const rel = relative.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (!rel || rel === '.') return folder.uri;
  if (rel.split('/').some((s) => s === '..')) {
    throw new MediaInputError(`${settingName} "${clip(relative)}" must stay inside the workspace; ".." is not allowed.`);
  }
  const checked = await guardPath(rel, [guardRoot(folder)], { allowRoot: true });
  if (!checked.ok) throw new MediaInputError(`${settingName} "${clip(relative)}" cannot be used: ${checked.reason}.`);
  if (checked.exists && !checked.isDirectory) throw new MediaInputError(`${settingName} "${clip(relative)}" is a file, not a folder.`);
  return vscode.Uri.file(checked.absolute);
}

/** Checks a file the user picked (e.g. an image to upscale) lies inside the workspace folder. */
export async function workspaceFileInside(uri: vscode.Uri, what: string): Promise<{ folder: vscode.WorkspaceFolder; relative: string }> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || uri.scheme !== 'file') throw new MediaInputError(`${what}: the file must be inside the open workspace folder.`);
  const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
  const checked = await guardPath(rel, [guardRoot(folder)]);
  if (!checked.ok) throw new MediaInputError(`${what}: ${checked.reason}.`);
  if (!checked.exists || checked.isDirectory) throw new MediaInputError(`${what}: "${clip(rel)}" is not a file.`);
  return { folder, relative: checked.relative };
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return false;
    throw e;
  }
}

function isFileExists(e: unknown): boolean {
  return e instanceof vscode.FileSystemError && e.code === 'FileExists';
}

/**
 * Writes `bytes` as a new file named `fileName` (or `name-1.ext`, `name-2.ext`… when taken) in
 * `dir`, which must lie inside `folder`. Returns the file's URI. Never replaces an existing file.
 * With `exact`, only `fileName` itself is tried: a name that is taken is an error, not renumbered.
 * With `replace` (only after the user said so), `fileName` is written over, still atomically.
 */
export async function writeNewFile(folder: vscode.WorkspaceFolder, dir: vscode.Uri, fileName: string, bytes: Uint8Array, opts: { exact?: boolean; replace?: boolean } = {}): Promise<vscode.Uri> {
  if (fileName.includes('/') || fileName.includes('\\') || fileName.startsWith('.')) throw new MediaInputError(`"${clip(fileName)}" is not a plain file name.`);
  await vscode.workspace.fs.createDirectory(dir);
  // Check again after creating it: a folder swapped for a symlink in between must not be written through.
  const relDir = path.relative(folder.uri.fsPath, dir.fsPath).split(path.sep).join('/');
  if (relDir) {
    const checked = await guardPath(relDir, [guardRoot(folder)], { allowRoot: true });
    if (!checked.ok) throw new MediaInputError(`Cannot write into "${clip(relDir)}": ${checked.reason}.`);
  }
  const attempts = opts.exact || opts.replace ? 1 : MAX_NAME_ATTEMPTS;
  for (let n = 0; n < attempts; n++) {
    const target = vscode.Uri.joinPath(dir, numberedName(fileName, n));
    if (!opts.replace && (await exists(target))) continue;
    if (opts.replace) await refuseLinkOrFolder(folder, target);
    const temp = vscode.Uri.joinPath(dir, `.${numberedName(fileName, n)}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await vscode.workspace.fs.writeFile(temp, bytes);
      await vscode.workspace.fs.rename(temp, target, { overwrite: opts.replace === true });
      return target;
    } catch (e) {
      await vscode.workspace.fs.delete(temp, { useTrash: false }).then(undefined, () => undefined);
      if (isFileExists(e)) continue; // Someone took the name in between: try the next one.
      throw new MediaInputError(`Could not write ${numberedName(fileName, n)}: ${e instanceof Error ? e.message : String(e)}. Nothing was saved.`);
    }
  }
  if (opts.exact) throw new MediaInputError(`${fileName} already exists; it was not overwritten, and nothing was saved.`);
  throw new MediaInputError(`Could not find a free file name for ${fileName}; nothing was saved.`);
}

/** A file about to be replaced must be a plain file inside the workspace: not a folder, not a link out. */
async function refuseLinkOrFolder(folder: vscode.WorkspaceFolder, target: vscode.Uri): Promise<void> {
  const rel = path.relative(folder.uri.fsPath, target.fsPath).split(path.sep).join('/');
  const checked = await guardPath(rel, [guardRoot(folder)]);
  if (!checked.ok) throw new MediaInputError(`Cannot replace "${clip(rel)}": ${checked.reason}.`);
  if (checked.isDirectory) throw new MediaInputError(`Cannot replace "${clip(rel)}": it is a folder.`);
  const stat = await vscode.workspace.fs.stat(target).then(undefined, () => undefined);
  if (stat && (stat.type & vscode.FileType.SymbolicLink) !== 0) throw new MediaInputError(`Cannot replace "${clip(rel)}": it is a symbolic link.`);
}

/** The workspace-relative path of a URI, for messages. */
export function workspaceRelative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}
