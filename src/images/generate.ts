// One image generation, start to finish: check the job against the model's constraints, ask Venice,
// check every returned image's bytes, then write them (and optional JSON sidecars) as new files.
// Also usable by other features (e.g. a chat tool) that already know the job and the folder.
import * as vscode from 'vscode';
import { log } from '../log';
import { modelCatalog } from '../models/shared';
import type { Services } from '../services';
import { isVeniceError } from '../venice/errors';
import type { GenerateImageRequest, VeniceModel } from '../venice/types';
import { checkImageBytes } from './checks';
import { MediaInputError } from './errors';
import { generatedImageName, imageExtension, slugify, timeStamp } from './naming';
import { buildGenerateImageRequest, imageConstraints, type ImageJob } from './request';
import { writeNewFile } from './workspaceFiles';

export interface ImageGenerationResult {
  /** The written image files, in the order Venice returned them. */
  uris: vscode.Uri[];
  /** Sidecar JSON files, when venice.image.saveMetadata is on. */
  metadata: vscode.Uri[];
  request: GenerateImageRequest;
  /** Venice blurred adult content (safe mode). */
  blurred: boolean;
}

export interface GenerateOptions {
  folder: vscode.WorkspaceFolder;
  /** Output folder (already checked to lie inside `folder`). */
  dir: vscode.Uri;
  saveMetadata: boolean;
  signal?: AbortSignal;
  now?: Date;
}

async function imageModel(services: Services, id: string, signal?: AbortSignal): Promise<VeniceModel | undefined> {
  try {
    return await modelCatalog(services).find('image', id, { signal });
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') throw err;
    return undefined; // Constraints are a courtesy check; Venice checks again.
  }
}

export async function generateImageFiles(services: Services, job: ImageJob, opts: GenerateOptions): Promise<ImageGenerationResult> {
  const model = await imageModel(services, job.model, opts.signal);
  const request = buildGenerateImageRequest(job, imageConstraints(model));
  const { images, meta } = await services.client.generateImage(request, { signal: opts.signal });
  if (meta.isContentViolation) {
    throw new MediaInputError('Venice flagged this prompt as a content-policy violation and sent a blacked-out image, so nothing was saved. Rephrase the prompt.');
  }
  // Check every image before writing any, so a bad answer writes nothing at all.
  const types = images.map((bytes, i) => checkImageBytes(bytes, images.length > 1 ? `Image ${i + 1} from Venice` : 'The image from Venice'));
  const slug = slugify(request.prompt);
  const stamp = timeStamp(opts.now);
  const uris: vscode.Uri[] = [];
  const metadata: vscode.Uri[] = [];
  for (const [i, bytes] of images.entries()) {
    const type = types[i] ?? 'png';
    if (request.format && type !== request.format) log.info(`Image ${i + 1}: asked for ${request.format}, Venice sent ${type}; saved as ${type}.`);
    const name = generatedImageName(slug, stamp, imageExtension(type), i, images.length);
    const uri = await writeNewFile(opts.folder, opts.dir, name, bytes);
    uris.push(uri);
    if (opts.saveMetadata) {
      const sidecar = {
        prompt: request.prompt,
        negativePrompt: request.negative_prompt,
        model: request.model,
        style: request.style_preset ?? null,
        seed: request.seed ?? null,
        width: request.width,
        height: request.height,
        aspectRatio: request.aspect_ratio,
        format: type,
        safeMode: request.safe_mode,
        blurred: meta.isBlurred === true,
        requestId: meta.requestId,
        createdAt: (opts.now ?? new Date()).toISOString(),
        image: uri.path.slice(uri.path.lastIndexOf('/') + 1),
      };
      const json = new TextEncoder().encode(`${JSON.stringify(sidecar, null, 2)}\n`);
      metadata.push(await writeNewFile(opts.folder, opts.dir, `${sidecar.image}.json`, json));
    }
  }
  return { uris, metadata, request, blurred: meta.isBlurred === true };
}
