// Writes the sidecar metadata file (format: sidecarFormat.ts) beside a generated image, video or
// audio file, through the workspace writer every generated file uses (never over an existing file).
import * as vscode from 'vscode';
import { writeNewFile } from '../images/workspaceFiles';
import { sidecarBytes, sidecarName, type SidecarFields, type SidecarKind } from './sidecarFormat';

export type { SidecarFields, SidecarKind } from './sidecarFormat';

/** Writes `<asset>.json` beside the asset (never over an existing file). */
export function writeSidecar(folder: vscode.WorkspaceFolder, asset: vscode.Uri, kind: SidecarKind, fields: SidecarFields, now?: Date): Promise<vscode.Uri> {
  const name = asset.path.slice(asset.path.lastIndexOf('/') + 1);
  const dir = vscode.Uri.joinPath(asset, '..');
  return writeNewFile(folder, dir, sidecarName(name), sidecarBytes(kind, name, fields, now));
}
