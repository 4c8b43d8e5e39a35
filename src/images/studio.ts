// Background removal and combining images: the image feature's two asset-studio operations, with
// the same input checks (checks.ts), naming (naming.ts) and atomic, never-overwrite writer
// (workspaceFiles.ts) as upscale and edit. No UI here: the commands and the remove_background tool
// ask, show progress and say what happened. Loaded on first use (the imageStudio chunk).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import type { CallOptions, VeniceApi } from '../venice/api';
import type { ResponseMeta, VeniceModel } from '../venice/types';
import { checkImageBytes, MAX_EDIT_PIXELS, MAX_INPUT_IMAGE_BYTES, type WritableImageType } from './checks';
import { MediaInputError } from './errors';
import { combinedName, imageExtension, noBackgroundName, timeStamp } from './naming';
import { MAX_PROMPT_CHARS } from './request';
import { readInputImage } from './inputImage';
import { writeNewFile, workspaceRelative } from './workspaceFiles';

export type StudioApi = Pick<VeniceApi, 'removeBackground' | 'multiEditImage'>;

/** Venice's multi-edit takes "2+" images up to a per-model maximum; we never send more than this. */
export const MAX_COMBINE_IMAGES = 8;
/** All inputs of one combine together (they travel as base64 in one JSON body). */
export const MAX_COMBINE_TOTAL_BYTES = 2 * MAX_INPUT_IMAGE_BYTES;

/** Where `<name>-nobg.png` goes: beside the original. */
export function noBackgroundTarget(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.file(path.join(path.dirname(uri.fsPath), noBackgroundName(path.basename(uri.fsPath))));
}

export interface StudioResult {
  uri: vscode.Uri;
  type: WritableImageType;
  byteLength: number;
  /** The sidecar JSON (venice.image.saveMetadata). */
  metadata?: vscode.Uri;
  blurred: boolean;
}

/**
 * Writes `<name>-nobg.png` beside `uri`. A taken name is numbered (`-nobg-1.png`) unless `replace`
 * is true, which the caller sets only after the user chose to replace it.
 */
export async function removeBackground(api: StudioApi, req: { uri: vscode.Uri; replace?: boolean }, opts: CallOptions = {}): Promise<StudioResult> {
  const input = await readInputImage(req.uri, 'Remove Background', MAX_EDIT_PIXELS);
  const result = await api.removeBackground({ image: input.base64 }, opts);
  const type = checkImageBytes(result.bytes, 'The image from Venice');
  const dir = vscode.Uri.file(path.dirname(req.uri.fsPath));
  const name = noBackgroundName(path.basename(req.uri.fsPath));
  const uri = await writeNewFile(input.folder, dir, name, result.bytes, req.replace ? { replace: true } : {});
  const metadata = await sidecar(input.folder, dir, uri, req.replace === true, { operation: 'remove-background', model: null, prompt: null, sources: [workspaceRelative(req.uri)] }, type, result.meta);
  return { uri, type, byteLength: result.bytes.byteLength, metadata, blurred: false };
}

/** One image from 2+ images and a prompt (`/image/multi-edit`), written beside the first as `<first>-combined-<stamp>.<ext>`. */
export async function combineImages(api: StudioApi, req: { uris: readonly vscode.Uri[]; prompt: string; now?: Date }, opts: CallOptions = {}): Promise<StudioResult> {
  const prompt = req.prompt.trim();
  if (!prompt) throw new MediaInputError('Describe how to combine the images: the prompt is empty.');
  if (prompt.length > MAX_PROMPT_CHARS) throw new MediaInputError(`The prompt is ${prompt.length} characters long; keep it under ${MAX_PROMPT_CHARS}.`);
  const unique = [...new Map(req.uris.map((u) => [u.toString(), u])).values()];
  if (unique.length < 2) throw new MediaInputError('Choose at least two different images to combine.');
  if (unique.length > MAX_COMBINE_IMAGES) throw new MediaInputError(`Combine at most ${MAX_COMBINE_IMAGES} images at once; ${unique.length} were chosen.`);
  const inputs = [];
  let total = 0;
  for (const uri of unique) {
    const input = await readInputImage(uri, 'Combine Images', MAX_EDIT_PIXELS);
    total += (input.base64.length * 3) / 4;
    if (total > MAX_COMBINE_TOTAL_BYTES) throw new MediaInputError(`The images add up to more than ${MAX_COMBINE_TOTAL_BYTES / (1024 * 1024)} MB; choose fewer or smaller images. Nothing was sent.`);
    inputs.push(input);
  }
  const first = unique[0] as vscode.Uri;
  const folder = inputs[0]?.folder;
  if (!folder || inputs.some((i) => i.folder.uri.toString() !== folder.uri.toString())) throw new MediaInputError('The images must be in the same workspace folder.');
  const request = { prompt, images: inputs.map((i) => i.base64), output_format: 'png' as const, safe_mode: config.image.safeMode() };
  const result = await api.multiEditImage(request, opts);
  if (result.meta.isContentViolation) throw new MediaInputError('Venice flagged this combination as a content-policy violation, so nothing was saved.');
  const type = checkImageBytes(result.bytes, 'The combined image from Venice');
  const dir = vscode.Uri.file(path.dirname(first.fsPath));
  const uri = await writeNewFile(folder, dir, combinedName(path.basename(first.fsPath), timeStamp(req.now), imageExtension(type)), result.bytes);
  const metadata = await sidecar(folder, dir, uri, false, { operation: 'combine', model: result.meta.modelId ?? null, prompt, sources: unique.map((u) => workspaceRelative(u)) }, type, result.meta);
  return { uri, type, byteLength: result.bytes.byteLength, metadata, blurred: result.meta.isBlurred === true };
}

/** The image sidecar (same file name scheme and fields as generated images), when venice.image.saveMetadata is on. */
async function sidecar(
  folder: vscode.WorkspaceFolder,
  dir: vscode.Uri,
  image: vscode.Uri,
  replace: boolean,
  what: { operation: string; model: string | null; prompt: string | null; sources: string[] },
  type: WritableImageType,
  meta: ResponseMeta,
): Promise<vscode.Uri | undefined> {
  if (!config.image.saveMetadata()) return undefined;
  const name = path.basename(image.fsPath);
  const record = { ...what, format: type, blurred: meta.isBlurred === true, requestId: meta.requestId, createdAt: new Date().toISOString(), image: name };
  const json = new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);
  // The image is saved already; a sidecar that cannot be written (a stale one in the way) is left out.
  return writeNewFile(folder, dir, `${name}.json`, json, replace ? { replace: true } : { exact: true }).then(undefined, () => undefined);
}

/**
 * What background removal costs, when Venice's image model list prices its background remover
 * (`model_spec.pricing.generation.usd`); undefined when it does not say.
 */
export function backgroundRemovalPrice(imageModels: readonly VeniceModel[]): string | undefined {
  const remover = imageModels.find((m) => /bg-remov|background/i.test(m.id));
  const pricing = (remover?.model_spec as { pricing?: { generation?: { usd?: unknown } } } | undefined)?.pricing;
  const usd = pricing?.generation?.usd;
  return typeof usd === 'number' && Number.isFinite(usd) && usd >= 0 ? `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)} per image` : undefined;
}
