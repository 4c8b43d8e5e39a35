// The image feature's one implementation of generate, upscale and edit, used by the commands
// (images/commands.ts), the chat's generate_image tool (images/tool.ts) and, through
// `services.images`, by @venice. One model fallback (llm/modelResolve: the setting, else Venice's
// default trait, else llm/modelCatalog FALLBACK_DEFAULT_MODEL), one byte check and size cap
// (checks.ts), one naming scheme (naming.ts), one atomic never-overwrite writer (workspaceFiles.ts).
// No UI here: callers show progress, open the files and say what happened.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeSidecar } from '../assets/sidecar';
import { config } from '../config';
import { settingId, SETTINGS } from '../ids';
import { log } from '../log';
import { FALLBACK_DEFAULT_MODEL, type ModelCatalog } from '../llm/modelCatalog';
import { resolveModelId } from '../llm/modelResolve';
import type { CallOptions, VeniceApi } from '../venice/api';
import { isVeniceError } from '../venice/errors';
import type { GenerateImageRequest, ResponseMeta, VeniceModel } from '../venice/types';
import { checkImageBytes, MAX_EDIT_PIXELS, type WritableImageType } from './checks';
import { MediaInputError } from './errors';
import { editedName, generatedImageName, imageExtension, slugify, timeStamp, upscaledName, withImageExtension } from './naming';
import { buildGenerateImageRequest, imageConstraints, MAX_PROMPT_CHARS, type GenerateImageArgs, type ImageJob } from './request';
import { readInputImage } from './inputImage';
import { outputFolder, writableWorkspaceFolder, writeNewFile } from './workspaceFiles';

/** What to generate. Unset fields come from the settings (venice.image.*). */
export interface ImageRequest extends Omit<GenerateImageArgs, 'prompt'> {
  prompt: string;
  /**
   * Instead of `folder`: the one new file to write (a single image). Its extension follows the bytes
   * Venice sends; it is never overwritten: a taken name is an error, or with `renumber` becomes
   * `name-1.ext`, `name-2.ext`…
   */
  file?: vscode.Uri;
  renumber?: boolean;
  /** For tests and sidecars; defaults to now. */
  now?: Date;
}

export interface GeneratedFile {
  uri: vscode.Uri;
  /** The real type of the bytes written (which names the extension). */
  type: WritableImageType;
  byteLength: number;
}

export interface GeneratedImages {
  /** The written image files, in the order Venice returned them. */
  uris: vscode.Uri[];
  files: GeneratedFile[];
  /** Sidecar JSON files, when venice.image.saveMetadata is on. */
  metadata: vscode.Uri[];
  /** Venice blurred adult content (safe mode). */
  blurred: boolean;
  /** The body that was sent to /image/generate. */
  request: GenerateImageRequest;
}

export interface EditedImage {
  uri: vscode.Uri;
  blurred: boolean;
}

/** Where generated images go: a workspace folder and a folder inside it. */
export interface ImageDestination {
  folder: vscode.WorkspaceFolder;
  dir: vscode.Uri;
}

/** The image feature as other features see it (`services.images`). */
export interface ImageService {
  /** The image model to use: `requested`, else venice.image.model, else Venice's default; aliases and trait names resolved. */
  modelFor(requested: string | undefined, opts?: CallOptions): Promise<string>;
  /** Checks and resolves the output folder (the argument, else venice.image.outputFolder) without generating anything. */
  destination(folder: string | undefined): Promise<ImageDestination>;
  /** Generates images and writes them into the workspace as new files. Throws MediaInputError or VeniceError. */
  generate(request: ImageRequest, opts?: CallOptions): Promise<GeneratedImages>;
  /** Venice's style presets (cached for the window). */
  styles(opts?: CallOptions): Promise<string[]>;
  /** Writes `name-upscaled-2x.png` beside the original. */
  upscale(request: { uri: vscode.Uri; scale: 2 | 4 }, opts?: CallOptions): Promise<vscode.Uri>;
  /** Writes `name-edited-<stamp>.png` beside the original. */
  edit(request: { uri: vscode.Uri; prompt: string; model?: string }, opts?: CallOptions): Promise<EditedImage>;
}

type ImageApi = Pick<VeniceApi, 'generateImage' | 'imageStyles' | 'upscaleImage' | 'editImage'>;

const MAX_STYLES = 500;

export class VeniceImageService implements ImageService {
  private stylesCache: string[] | undefined;

  constructor(
    private readonly client: ImageApi,
    private readonly models: Pick<ModelCatalog, 'find' | 'traits' | 'aliases'>,
  ) {}

  async modelFor(requested: string | undefined, opts: CallOptions = {}): Promise<string> {
    const wanted = requested?.trim() || config.image.model();
    return (await resolveModelId(this.models, 'image', wanted, opts)) ?? FALLBACK_DEFAULT_MODEL.image ?? '';
  }

  async destination(folder: string | undefined): Promise<ImageDestination> {
    const workspace = writableWorkspaceFolder('Generating an image');
    const what = folder !== undefined ? 'The folder' : `The setting ${settingId(SETTINGS.imageOutputFolder)}`;
    return { folder: workspace, dir: await outputFolder(workspace, folder ?? config.image.outputFolder(), what) };
  }

  async generate(req: ImageRequest, opts: CallOptions = {}): Promise<GeneratedImages> {
    const target: ImageDestination & { fileName?: string } = req.file ? await this.fileDestination(req.file) : await this.destination(req.folder);
    if (req.file && req.variants !== undefined && req.variants !== 1) throw new MediaInputError('One file was named, so only one image can be generated into it.');
    const model = await this.modelFor(req.model, opts);
    const job: ImageJob = {
      prompt: req.prompt,
      model,
      style: req.style ?? config.image.style(),
      width: req.width,
      height: req.height,
      aspectRatio: req.aspectRatio,
      format: req.format ?? config.image.format(),
      variants: req.variants,
      negativePrompt: req.negativePrompt,
      seed: req.seed,
      safeMode: config.image.safeMode(),
    };
    const request = buildGenerateImageRequest(job, imageConstraints(await this.knownModel(model, opts.signal)));
    const { images, meta } = await this.client.generateImage(request, { signal: opts.signal, onRetry: opts.onRetry });
    if (meta.isContentViolation) {
      throw new MediaInputError('Venice flagged this prompt as a content-policy violation and sent a blacked-out image, so nothing was saved. Rephrase the prompt.');
    }
    if (!images.length) throw new MediaInputError('Venice returned no image; nothing was saved.');
    // Check every image before writing any, so a bad answer writes nothing at all. From here on the
    // work finishes even if the caller stops: each write is one atomic step.
    const types = images.map((bytes, i) => checkImageBytes(bytes, images.length > 1 ? `Image ${i + 1} from Venice` : 'The image from Venice'));
    const slug = slugify(request.prompt);
    const stamp = timeStamp(req.now);
    const files: GeneratedFile[] = [];
    const metadata: vscode.Uri[] = [];
    for (const [i, bytes] of images.entries()) {
      const type = types[i] ?? 'png';
      if (request.format && type !== request.format) log.info(`Image ${i + 1}: asked for ${request.format}, Venice sent ${type}; saved as ${type}.`);
      const uri = target.fileName
        ? await writeNewFile(target.folder, target.dir, withImageExtension(target.fileName, type), bytes, { exact: req.renumber !== true })
        : await writeNewFile(target.folder, target.dir, generatedImageName(slug, stamp, imageExtension(type), i, images.length), bytes);
      files.push({ uri, type, byteLength: bytes.byteLength });
      if (config.image.saveMetadata()) metadata.push(await this.writeSidecar(target, uri, type, request, meta, req.now));
    }
    return { uris: files.map((f) => f.uri), files, metadata, blurred: meta.isBlurred === true, request };
  }

  async styles(opts: CallOptions = {}): Promise<string[]> {
    this.stylesCache ??= (await this.client.imageStyles(opts)).slice(0, MAX_STYLES);
    return this.stylesCache;
  }

  async upscale(req: { uri: vscode.Uri; scale: 2 | 4 }, opts: CallOptions = {}): Promise<vscode.Uri> {
    const input = await readInputImage(req.uri, 'Upscale Image');
    const result = await this.client.upscaleImage({ image: input.base64, scale: req.scale }, opts);
    const type = checkImageBytes(result.bytes, 'The upscaled image from Venice');
    return writeNewFile(input.folder, vscode.Uri.file(path.dirname(req.uri.fsPath)), upscaledName(path.basename(req.uri.fsPath), req.scale, imageExtension(type)), result.bytes);
  }

  async edit(req: { uri: vscode.Uri; prompt: string; model?: string }, opts: CallOptions = {}): Promise<EditedImage> {
    const input = await readInputImage(req.uri, 'Edit Image', MAX_EDIT_PIXELS);
    const prompt = req.prompt.trim();
    if (!prompt) throw new MediaInputError('Describe the edit: the prompt is empty.');
    if (prompt.length > MAX_PROMPT_CHARS) throw new MediaInputError(`The edit prompt is ${prompt.length} characters long; keep it under ${MAX_PROMPT_CHARS}.`);
    const request = { image: input.base64, prompt, safe_mode: config.image.safeMode(), ...(req.model ? { model: req.model.trim() } : {}) };
    const result = await this.client.editImage(request, opts);
    if (result.meta.isContentViolation) throw new MediaInputError('Venice flagged this edit as a content-policy violation, so nothing was saved.');
    const type = checkImageBytes(result.bytes, 'The edited image from Venice');
    const uri = await writeNewFile(input.folder, vscode.Uri.file(path.dirname(req.uri.fsPath)), editedName(path.basename(req.uri.fsPath), timeStamp(), imageExtension(type)), result.bytes);
    return { uri, blurred: result.meta.isBlurred === true };
  }

  /** The model as Venice lists it, for its constraints; undefined when unknown (Venice checks again). */
  private async knownModel(id: string, signal?: AbortSignal): Promise<VeniceModel | undefined> {
    try {
      return await this.models.find('image', id, { signal });
    } catch (err) {
      if (isVeniceError(err) && err.kind === 'cancelled') throw err;
      return undefined;
    }
  }

  /** One named new file: inside a trusted local workspace folder, in a folder the guard accepts. */
  private async fileDestination(file: vscode.Uri): Promise<ImageDestination & { fileName: string }> {
    writableWorkspaceFolder('Generating an image');
    const folder = vscode.workspace.getWorkspaceFolder(file);
    if (!folder || file.scheme !== 'file') throw new MediaInputError('The image file must be inside the open workspace folder.');
    const relDir = path.relative(folder.uri.fsPath, path.dirname(file.fsPath)).split(path.sep).join('/');
    return { folder, dir: await outputFolder(folder, relDir, 'The folder'), fileName: path.basename(file.fsPath) };
  }

  private writeSidecar(target: ImageDestination, uri: vscode.Uri, type: WritableImageType, request: GenerateImageRequest, meta: ResponseMeta, now?: Date): Promise<vscode.Uri> {
    return writeSidecar(
      target.folder,
      uri,
      'image',
      {
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
      },
      now,
    );
  }
}
