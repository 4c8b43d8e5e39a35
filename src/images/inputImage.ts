// Reading an image the user picked for upscale, edit or the asset studio: it must be a file in the
// workspace and a real image within the size limits. Apart from the image service (images/service.ts)
// because commands and the studio chunks use it without loading the service's implementation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkInputImage } from './checks';
import { workspaceFileInside } from './workspaceFiles';

/** An image the user picked for upscale or edit: inside the workspace, a real raster image of a usable size. */
export async function readInputImage(uri: vscode.Uri, what: string, maxPixels?: number): Promise<{ folder: vscode.WorkspaceFolder; base64: string }> {
  const { folder } = await workspaceFileInside(uri, what);
  const bytes = await vscode.workspace.fs.readFile(uri);
  checkInputImage(bytes, path.basename(uri.fsPath), maxPixels);
  return { folder, base64: Buffer.from(bytes).toString('base64') };
}
