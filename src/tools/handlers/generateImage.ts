// generate_image: asks first (it costs credits and writes a file), generates one image with Venice,
// checks the bytes really are a raster image, and writes it atomically (temp file, then rename)
// to a new file inside the workspace. Never overwrites.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { config } from '../../config';
import type { GenerateImageRequest } from '../../venice/types';
import { defineTool, ToolError, type ToolImpl } from '../dispatcher';
import { formatFromPath, MAX_IMAGE_BYTES, sniffImageType, withImageExtension, IMAGE_EXTENSIONS } from '../imageBytes';
import { toolSpec } from '../schemas';
import { slug, timestamp } from '../text';
import { resolveToolPath, writeWarning, type ToolPath } from '../workspaceAccess';
import type { ToolDeps } from './deps';
import { done, rejectedByUser } from './outcome';

interface ImageArgs {
  prompt: string;
  path?: string;
  negativePrompt?: string;
  width?: number;
  height?: number;
  aspectRatio?: string;
  format?: 'webp' | 'png' | 'jpeg';
  style?: string;
  model?: string;
  seed?: number;
}

const FALLBACK_IMAGE_MODEL = 'z-image-turbo';

async function imageModel(deps: ToolDeps, requested: string | undefined, signal: AbortSignal): Promise<string> {
  if (requested) return requested;
  const configured = config.image.model();
  if (configured) return configured;
  try {
    return (await deps.client.modelTraits('image', { signal })).default || FALLBACK_IMAGE_MODEL;
  } catch {
    return FALLBACK_IMAGE_MODEL;
  }
}

/** Where the image goes: the given path, or a new name in the configured images folder. */
async function target(args: ImageArgs): Promise<{ path: ToolPath; format: 'webp' | 'png' | 'jpeg' }> {
  if (args.path !== undefined) {
    const implied = formatFromPath(args.path);
    if (!implied) throw new ToolError('path must end in .png, .jpg, .jpeg or .webp.');
    if (args.format && args.format !== implied) throw new ToolError(`format "${args.format}" does not match the file extension of ${args.path}.`);
    const p = await resolveToolPath(args.path);
    if (p.exists) throw new ToolError(`${p.label} already exists; generate_image never overwrites. Choose another path.`);
    return { path: p, format: implied };
  }
  const format = args.format ?? config.image.format();
  const folder = config.image.outputFolder().replace(/\/+$/, '');
  const name = `${slug(args.prompt)}-${timestamp()}${IMAGE_EXTENSIONS[format]}`;
  const p = await resolveToolPath(`${folder}/${name}`);
  if (p.exists) throw new ToolError(`${p.label} already exists; try again in a second.`);
  return { path: p, format };
}

/** Writes bytes to a temp sibling, then renames it into place: no half-written image is ever visible. */
async function writeAtomically(p: ToolPath, bytes: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(p.uri, '..');
  await vscode.workspace.fs.createDirectory(dir);
  const tmp = vscode.Uri.joinPath(dir, `.${p.uri.path.split('/').pop()}.${randomBytes(6).toString('hex')}.tmp`);
  await vscode.workspace.fs.writeFile(tmp, bytes);
  try {
    await vscode.workspace.fs.rename(tmp, p.uri, { overwrite: false });
  } catch (e) {
    await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
    throw e;
  }
}

export function generateImageTool(deps: ToolDeps): ToolImpl {
  return defineTool<ImageArgs>(toolSpec('generate_image'), async (args, rt) => {
    const { path: planned, format } = await target(args);
    const model = await imageModel(deps, args.model, rt.signal);
    const size = args.aspectRatio ? `aspect ${args.aspectRatio}` : args.width || args.height ? `${args.width ?? 1024}×${args.height ?? 1024}` : 'default size';
    const ok = await rt.approve({
      title: `Generate an image into ${planned.label}`,
      detail: `Prompt: ${args.prompt}${args.negativePrompt ? `\nAvoid: ${args.negativePrompt}` : ''}\nModel: ${model}, ${size}, ${format}${args.style || config.image.style() ? `, style ${args.style || config.image.style()}` : ''}\nThis uses Venice credits.`,
      warning: writeWarning(planned),
    });
    if (!ok) return rejectedByUser(`generate an image into ${planned.label}`);

    const req: GenerateImageRequest = {
      model,
      prompt: args.prompt,
      format,
      safe_mode: config.image.safeMode(),
      variants: 1,
      ...(args.negativePrompt ? { negative_prompt: args.negativePrompt } : {}),
      ...(args.width ? { width: args.width } : {}),
      ...(args.height ? { height: args.height } : {}),
      ...(args.aspectRatio ? { aspect_ratio: args.aspectRatio } : {}),
      ...(args.style || config.image.style() ? { style_preset: args.style || config.image.style() } : {}),
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
    };
    // Stop during generation aborts the request; nothing is written.
    const result = await deps.client.generateImage(req, { signal: rt.signal });
    const bytes = result.images[0];
    if (!bytes || bytes.length === 0) throw new ToolError('Venice returned no image. Nothing was written.');
    if (bytes.length > MAX_IMAGE_BYTES) throw new ToolError(`Venice returned ${Math.round(bytes.length / 1024 / 1024)} MB, more than an image should be. Nothing was written.`);
    const kind = sniffImageType(bytes);
    if (!kind) throw new ToolError('Venice returned data that is not a PNG, JPEG, WebP or GIF image. Nothing was written.');

    // From here the tool finishes even if the user presses Stop: the write is one atomic step.
    const final = kind === format ? planned : await resolveToolPath(withImageExtension(planned.label, kind));
    const again = await resolveToolPath(final.label);
    if (again.exists) throw new ToolError(`${again.label} appeared meanwhile; it was not overwritten.`);
    await writeAtomically(again, bytes);

    const notes: string[] = [];
    if (kind !== format) notes.push(`Venice sent ${kind} instead of ${format}, so the file ends in ${IMAGE_EXTENSIONS[kind]}.`);
    if (result.meta.isContentViolation) notes.push('Venice flagged the prompt as a content violation; the image may be blank.');
    else if (result.meta.isBlurred) notes.push('Venice blurred the image (safe mode).');
    const kb = Math.max(1, Math.round(bytes.length / 1024));
    return done(`Saved the image to ${again.label} (${kind}, ${kb} KB).${notes.length ? ` ${notes.join(' ')}` : ''}`, `Generated ${again.label}`);
  });
}
