// Finds the assets generated into the workspace: every file in the output folders (images, video and
// audio, as the settings say) and every file anywhere with a sidecar (`<file>.json`). Each
// one goes through the path guard, so a symlink that leads out of the workspace is never listed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import { guardPath } from '../tools/pathGuard';
import { ASSET_EXTENSIONS, assetNameOfSidecar, kindOf, MAX_SIDECAR_BYTES, parseSidecar, type AssetKind, type AssetMeta } from './sidecar';

/** A workspace with more assets than this shows the newest ones. */
export const MAX_ASSETS = 1000;
const MAX_SIDECARS = 2000;

export interface Asset {
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  /** Workspace-folder-relative, forward slashes. */
  relative: string;
  kind: AssetKind;
  size: number;
  modified: Date;
  meta?: AssetMeta;
}

async function readSidecar(uri: vscode.Uri, kind: AssetKind): Promise<AssetMeta | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SIDECAR_BYTES) return undefined;
    return parseSidecar(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), kind);
  } catch {
    return undefined;
  }
}

/** A candidate file as an asset, or undefined when it is missing, not a file, or outside the folder. */
async function assetAt(folder: vscode.WorkspaceFolder, uri: vscode.Uri): Promise<Asset | undefined> {
  const kind = kindOf(uri.path);
  if (!kind) return undefined;
  const rel = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
  const checked = await guardPath(rel, [{ name: folder.name, path: folder.uri.fsPath }]);
  if (!checked.ok || !checked.exists || checked.isDirectory) return undefined;
  const stat = await vscode.workspace.fs.stat(uri).then(undefined, () => undefined);
  if (!stat || (stat.type & vscode.FileType.File) === 0) return undefined;
  const meta = await readSidecar(vscode.Uri.file(`${uri.fsPath}.json`), kind);
  // A JSON file in an output folder is a transcript only when its own sidecar says so (else it is a sidecar).
  if (kind === 'transcript' && uri.path.endsWith('.json') && !meta) return undefined;
  return { uri, folder, relative: checked.relative, kind, size: stat.size, modified: new Date(stat.mtime), meta };
}

async function filesIn(folder: vscode.WorkspaceFolder, relative: string): Promise<vscode.Uri[]> {
  const rel = relative.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (!rel || rel.split('/').includes('..')) return [];
  const checked = await guardPath(rel, [{ name: folder.name, path: folder.uri.fsPath }], { allowRoot: true });
  if (!checked.ok || !checked.exists || !checked.isDirectory) return [];
  const dir = vscode.Uri.file(checked.absolute);
  const entries = await vscode.workspace.fs.readDirectory(dir).then(undefined, () => [] as [string, vscode.FileType][]);
  return entries.filter(([name, type]) => type === vscode.FileType.File && !name.startsWith('.') && ASSET_EXTENSIONS.includes(name.split('.').pop()?.toLowerCase() ?? '') && kindOf(name) !== 'transcript').map(([name]) => vscode.Uri.joinPath(dir, name));
}

/** Every asset of the open (file-system) workspace folders, newest first. */
export async function scanAssets(token?: vscode.CancellationToken): Promise<Asset[]> {
  const found = new Map<string, { folder: vscode.WorkspaceFolder; uri: vscode.Uri }>();
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  for (const folder of folders) {
    for (const rel of [config.image.outputFolder(), config.video.outputFolder(), config.audio.outputFolder()]) {
      for (const uri of await filesIn(folder, rel)) found.set(uri.toString(), { folder, uri });
    }
  }
  const sidecarGlob = `**/*.{${ASSET_EXTENSIONS.join(',')}}.json`;
  const sidecars = await vscode.workspace.findFiles(sidecarGlob, '**/node_modules/**', MAX_SIDECARS, token);
  for (const sidecar of sidecars) {
    const name = assetNameOfSidecar(path.basename(sidecar.fsPath));
    const folder = vscode.workspace.getWorkspaceFolder(sidecar);
    if (!name || !folder || folder.uri.scheme !== 'file') continue;
    const uri = vscode.Uri.file(path.join(path.dirname(sidecar.fsPath), name));
    found.set(uri.toString(), { folder, uri });
  }
  const assets: Asset[] = [];
  for (const { folder, uri } of found.values()) {
    if (token?.isCancellationRequested) break;
    const asset = await assetAt(folder, uri);
    if (asset) assets.push(asset);
  }
  return assets.sort((a, b) => b.modified.getTime() - a.modified.getTime()).slice(0, MAX_ASSETS);
}
