// generate_image, the chat tool: asks first (it costs credits and writes a file), then generates one
// image through the ImageService — the same generation, checks, size cap, naming and model fallback
// as the venice.generateImage command — into a new file inside the workspace. Never overwrites.
import * as vscode from 'vscode';
import { config } from '../config';
import { defineTool, ToolError, type ToolImpl } from '../tools/dispatcher';
import { done, rejectedByUser } from '../tools/handlers/outcome';
import { toolSpec } from '../tools/schemas';
import { resolveToolPath, workspaceLabelOf, writeGuard, type ToolPath } from '../tools/workspaceAccess';
import { isMediaInputError } from './errors';
import { formatFromPath, generatedImageName, imageExtension, slugify, timeStamp } from './naming';
import type { ImageFormatName } from './request';
import type { ImageRequest, ImageService } from './service';

interface ImageArgs {
  prompt: string;
  path?: string;
  negativePrompt?: string;
  width?: number;
  height?: number;
  aspectRatio?: string;
  format?: ImageFormatName;
  style?: string;
  model?: string;
  seed?: number;
}

/** Where the image goes: the given path, or a new name in the configured images folder. */
async function target(args: ImageArgs): Promise<{ path: ToolPath; format: ImageFormatName; named: boolean }> {
  if (args.path !== undefined) {
    const implied = formatFromPath(args.path);
    if (!implied) throw new ToolError('path must end in .png, .jpg, .jpeg or .webp.');
    if (args.format && args.format !== implied) throw new ToolError(`format "${args.format}" does not match the file extension of ${args.path}.`);
    const p = await resolveToolPath(args.path);
    if (p.exists) throw new ToolError(`${p.label} already exists; generate_image never overwrites. Choose another path.`);
    return { path: p, format: implied, named: true };
  }
  const format = args.format ?? config.image.format();
  const folder = config.image.outputFolder().replace(/\/+$/, '');
  // The name the command would give it (the service numbers it if it is taken).
  const p = await resolveToolPath(`${folder}/${generatedImageName(slugify(args.prompt), timeStamp(), imageExtension(format))}`);
  return { path: p, format, named: false };
}

export function generateImageTool(images: ImageService): ToolImpl {
  return defineTool<ImageArgs>(toolSpec('generate_image'), async (args, rt) => {
    const { path: planned, format, named } = await target(args);
    const model = await images.modelFor(args.model, { signal: rt.signal });
    const style = args.style || config.image.style();
    const size = args.aspectRatio ? `aspect ${args.aspectRatio}` : args.width || args.height ? `${args.width ?? 1024}×${args.height ?? 1024}` : 'default size';
    const ok = await rt.approve({
      title: `Generate an image into ${planned.label}`,
      detail: `Prompt: ${args.prompt}${args.negativePrompt ? `\nAvoid: ${args.negativePrompt}` : ''}\nModel: ${model}, ${size}, ${format}${style ? `, style ${style}` : ''}\nThis uses Venice credits.`,
      ...(await writeGuard(planned)),
    });
    if (!ok) return rejectedByUser(`generate an image into ${planned.label}`);

    // Stop during generation aborts the request; nothing is written.
    const request: ImageRequest = {
      prompt: args.prompt,
      model,
      style,
      format,
      negativePrompt: args.negativePrompt,
      width: args.width,
      height: args.height,
      aspectRatio: args.aspectRatio,
      seed: args.seed,
      file: planned.uri,
      // A name the model chose is kept or refused; the name we made is numbered if taken meanwhile.
      renumber: !named,
    };
    const result = await images.generate(request, { signal: rt.signal }).catch((err: unknown) => {
      throw isMediaInputError(err) ? new ToolError(err.message) : err;
    });
    const file = result.files[0];
    if (!file) throw new ToolError('Venice returned no image. Nothing was written.');
    const label = (await workspaceLabelOf(file.uri)) ?? vscode.workspace.asRelativePath(file.uri, false);
    // A new file, never written over another: the answer's checkpoint keeps it as "did not exist".
    await rt.recordBefore([{ path: file.uri.fsPath, label, didNotExist: true }]);
    const notes: string[] = [];
    if (file.type !== format) notes.push(`Venice sent ${file.type} instead of ${format}, so the file ends in .${imageExtension(file.type)}.`);
    if (result.blurred) notes.push('Venice blurred the image (safe mode).');
    const kb = Math.max(1, Math.round(file.byteLength / 1024));
    return done(`Saved the image to ${label} (${file.type}, ${kb} KB).${notes.length ? ` ${notes.join(' ')}` : ''}`, `Generated ${label}`);
  });
}
