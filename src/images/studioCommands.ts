// Venice: Remove Background and Venice: Combine Images…, from the palette or the Explorer's context
// menu (one image, or a multi-selection). With an argument object nothing is asked: `{path}` and
// `{paths, prompt}`; scripted calls reject with the reason, interactive ones show it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { notifyInfo, notifyWarning } from '../ui/notify';
import { asRecord } from '../util/guards';
import { openImage, report, targetImage, toUri, withCancellableProgress, IMAGE_EXTENSIONS } from './commands';
import { MediaInputError } from './errors';
import { readInputImage } from './inputImage';
import { combineImages, MAX_COMBINE_IMAGES, noBackgroundTarget, removeBackground } from './studio';
import { workspaceRelative, writableWorkspaceFolder } from './workspaceFiles';
import { MAX_EDIT_PIXELS } from './checks';

/** The argument object of a scripted call, with unknown keys refused; undefined for menu and palette calls. */
function scriptArgs(first: unknown, allowed: readonly string[], command: string): Record<string, unknown> | undefined {
  if (first === undefined || first === null || first instanceof vscode.Uri) return undefined;
  const obj = asRecord(first);
  if (!obj || Array.isArray(first)) throw new MediaInputError(`The argument of ${command} must be an object such as { ${allowed.map((k) => `"${k}": …`).join(', ')} }.`);
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new MediaInputError(`Unknown option for ${command}: ${unknown.slice(0, 5).join(', ')}. Known: ${allowed.join(', ')}.`);
  return obj;
}

/** A call with an argument object (not a menu's URI): it asks nothing and rejects with the reason. */
function isScripted(first: unknown): boolean {
  return first !== undefined && first !== null && !(first instanceof vscode.Uri);
}

/** Images of an Explorer call: VS Code passes the clicked file and the whole selection. */
function explorerImages(first: unknown, second: unknown): vscode.Uri[] {
  const selected = Array.isArray(second) ? second.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (selected.length) return selected;
  return first instanceof vscode.Uri ? [first] : [];
}

const isImage = (u: vscode.Uri): boolean => IMAGE_EXTENSIONS.includes(path.extname(u.path).slice(1).toLowerCase());

async function existing(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/** venice.removeBackground `{path}`: `<name>-nobg.png` beside each image; returns the written file(s). */
export async function removeBackgroundCommand(services: Services, first?: unknown, second?: unknown): Promise<string | string[] | undefined> {
  const scripted = isScripted(first);
  try {
    const args = scriptArgs(first, ['path'], COMMANDS.removeBackground);
    const folder = writableWorkspaceFolder('Removing a background');
    let uris: vscode.Uri[];
    if (args) {
      if (typeof args.path !== 'string' || !args.path.trim()) throw new MediaInputError('"path" must be the image file (a workspace-relative path).');
      uris = [await toUri(args.path, folder)];
    } else {
      const picked = explorerImages(first, second);
      const one = picked.length ? undefined : await targetImage(undefined, folder, 'Venice: Remove Background');
      uris = picked.length ? picked.filter(isImage) : one ? [one] : [];
      if (!uris.length) return undefined;
    }
    const written: string[] = [];
    for (const uri of uris) {
      // Say why the image cannot be used before asking anything about it.
      await readInputImage(uri, 'Remove Background', MAX_EDIT_PIXELS);
      const target = noBackgroundTarget(uri);
      let replace = false;
      if (!scripted && (await existing(target))) {
        const choice = await notifyWarning(`${workspaceRelative(target)} already exists.`, { modal: true, detail: 'Replace it with the new image, or keep both (the new one gets a number)?' }, 'Replace', 'Keep Both');
        if (choice === undefined) continue;
        replace = choice === 'Replace';
      }
      const result = await withCancellableProgress(`Venice: removing the background of ${path.basename(uri.fsPath)}…`, (signal) => removeBackground(services.client, { uri, replace }, { signal }));
      written.push(result.uri.toString());
      await openImage(result.uri);
      if (!scripted) void notifyInfo(`Saved ${workspaceRelative(result.uri)}.`);
    }
    return scripted ? written[0] : written.length > 1 ? written : written[0];
  } catch (err) {
    return report('Remove background failed', err, scripted);
  }
}

/** venice.combineImages `{paths, prompt}`: one new image from 2+ images, beside the first. */
export async function combineImagesCommand(services: Services, first?: unknown, second?: unknown): Promise<string | undefined> {
  const scripted = isScripted(first);
  try {
    const args = scriptArgs(first, ['paths', 'prompt'], COMMANDS.combineImages);
    const folder = writableWorkspaceFolder('Combining images');
    let uris: vscode.Uri[];
    let prompt: string | undefined;
    if (args) {
      if (!Array.isArray(args.paths) || args.paths.length < 2 || args.paths.length > MAX_COMBINE_IMAGES || !args.paths.every((p) => typeof p === 'string' && p.trim())) {
        throw new MediaInputError(`"paths" must list 2 to ${MAX_COMBINE_IMAGES} image files (workspace-relative paths).`);
      }
      if (typeof args.prompt !== 'string' || !args.prompt.trim()) throw new MediaInputError('"prompt" must say how to combine the images.');
      uris = await Promise.all(args.paths.map((p) => toUri(p, folder)));
      prompt = args.prompt;
    } else {
      uris = explorerImages(first, second).filter(isImage);
      if (uris.length < 2) {
        const picked = await vscode.window.showOpenDialog({ title: 'Venice: Combine Images (choose 2 or more)', defaultUri: folder.uri, canSelectMany: true, filters: { Images: IMAGE_EXTENSIONS } });
        if (!picked) return undefined;
        uris = picked;
      }
      if (uris.length < 2) throw new MediaInputError('Choose at least two images to combine.');
      for (const uri of uris) await readInputImage(uri, 'Combine Images', MAX_EDIT_PIXELS);
      prompt = await vscode.window.showInputBox({
        title: `Venice: Combine ${uris.length} Images`,
        prompt: `How should ${uris.map((u) => path.basename(u.fsPath)).join(', ')} be combined? The first is the base image.`,
        placeHolder: 'Put the cat from the second image on the sofa in the first',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Describe how to combine the images.'),
      });
      if (prompt === undefined) return undefined;
    }
    const request = { uris, prompt };
    const result = await withCancellableProgress(`Venice: combining ${uris.length} images…`, (signal) => combineImages(services.client, request, { signal }));
    await openImage(result.uri);
    if (result.blurred) void vscode.window.showWarningMessage('Venice blurred the combined image because safe mode is on (venice.image.safeMode).');
    if (!scripted) void notifyInfo(`Saved ${workspaceRelative(result.uri)}.`);
    return result.uri.toString();
  } catch (err) {
    return report('Combine images failed', err, scripted);
  }
}
