// VS Code's own folders, wherever the workspace is: its user data (settings.json, keybindings,
// extension state), its extensions and the application itself. A write there changes the editor
// (a redirected API base URL, a patched extension), so the write rules treat them as sensitive.
// Found from what the running editor reports, resolved with realpath; never guessed from names.
import { realpath } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WriteEnvironment } from './autoApprove';

let userDataHint: string | undefined;
let resolved: Promise<WriteEnvironment> | undefined;

/**
 * Tells the write rules where this editor keeps its user data: globalStorageUri is
 * <user data>/User/globalStorage/<extension id>. Called once by the composition root.
 */
export function noteEditorStorage(globalStorageUri: vscode.Uri | undefined): void {
  if (globalStorageUri?.scheme !== 'file') return;
  userDataHint = path.resolve(globalStorageUri.fsPath, '..', '..', '..');
  resolved = undefined;
}

async function real(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

async function resolveEnvironment(): Promise<WriteEnvironment> {
  const candidates = new Set<string>();
  if (userDataHint) candidates.add(userDataHint);
  if (vscode.env.appRoot) candidates.add(vscode.env.appRoot);
  // The folder installed extensions live in (built-in ones are inside appRoot). Only folders laid out
  // as installed ("<publisher.name>-<version>"), so an extension run from its source folder does not
  // turn the user's projects folder into an "editor folder".
  for (const ext of vscode.extensions.all) {
    if (ext.extensionUri.scheme !== 'file') continue;
    const dir = ext.extensionUri.fsPath;
    if (path.basename(dir).toLowerCase().startsWith(`${ext.id.toLowerCase()}-`)) candidates.add(path.dirname(dir));
  }
  const folders = new Set<string>();
  for (const c of candidates) {
    folders.add(path.resolve(c));
    folders.add(await real(c));
  }
  return { editorFolders: [...folders], home: await real(os.homedir()) };
}

/** The editor's folders and the home folder, resolved once (again after noteEditorStorage). */
export function writeEnvironment(): Promise<WriteEnvironment> {
  resolved ??= resolveEnvironment();
  return resolved;
}
