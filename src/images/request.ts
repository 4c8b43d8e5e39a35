// The `venice.generateImage` argument object, checked, and the `/image/generate` body built from it.
// Venice rejects unknown fields (400), so the body holds only documented fields and only those with
// a value. Limits come from the contract and, when known, from the model's own constraints.
// No `vscode` import: unit-tested in plain Node.
import { asRecord } from '../util/guards';
import type { GenerateImageRequest, VeniceModel } from '../venice/types';
import { MediaInputError } from './errors';

export const IMAGE_FORMATS = ['webp', 'png', 'jpeg'] as const;
export type ImageFormatName = (typeof IMAGE_FORMATS)[number];

/** Contract limits for `/image/generate` (api-notes §4.1). */
export const MAX_PROMPT_CHARS = 7500;
export const MAX_SIDE_PX = 1280;
export const MAX_VARIANTS = 4;
export const MAX_SEED = 999_999_999;
export const MAX_STYLE_CHARS = 100;
export const MAX_MODEL_ID_CHARS = 200;

/** What callers may pass to `venice.generateImage` (all optional). */
export interface GenerateImageArgs {
  prompt?: string;
  model?: string;
  style?: string;
  width?: number;
  height?: number;
  aspectRatio?: string;
  format?: ImageFormatName;
  variants?: number;
  negativePrompt?: string;
  seed?: number;
  /** Workspace-relative output folder (instead of venice.image.outputFolder). */
  folder?: string;
}

const ARG_KEYS = ['prompt', 'model', 'style', 'width', 'height', 'aspectRatio', 'format', 'variants', 'negativePrompt', 'seed', 'folder'] as const;

function optString(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new MediaInputError(`"${key}" must be text.`);
  return v;
}

function optInt(raw: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  let v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new MediaInputError(`"${key}" must be a whole number.`);
  if (v < min || v > max) throw new MediaInputError(`"${key}" must be between ${min} and ${max}; it was ${v}.`);
  return v;
}

/**
 * Reads the command's argument object. Unknown keys are refused (a typo such as `size` would
 * otherwise be silently ignored). Returns undefined for "no argument" (interactive use).
 */
export function parseGenerateImageArgs(raw: unknown): GenerateImageArgs | undefined {
  if (raw === undefined || raw === null) return undefined;
  const obj = asRecord(raw);
  if (!obj) throw new MediaInputError('The argument of venice.generateImage must be an object such as { "prompt": "…" }.');
  const unknown = Object.keys(obj).filter((k) => !(ARG_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new MediaInputError(`Unknown option${unknown.length > 1 ? 's' : ''} for venice.generateImage: ${unknown.slice(0, 5).join(', ')}. Known: ${ARG_KEYS.join(', ')}.`);
  const format = optString(obj, 'format');
  if (format !== undefined && !(IMAGE_FORMATS as readonly string[]).includes(format)) {
    throw new MediaInputError(`"format" must be one of ${IMAGE_FORMATS.join(', ')}.`);
  }
  return {
    prompt: optString(obj, 'prompt'),
    model: optString(obj, 'model'),
    style: optString(obj, 'style'),
    width: optInt(obj, 'width', 1, MAX_SIDE_PX),
    height: optInt(obj, 'height', 1, MAX_SIDE_PX),
    aspectRatio: optString(obj, 'aspectRatio'),
    format: format as ImageFormatName | undefined,
    variants: optInt(obj, 'variants', 1, MAX_VARIANTS),
    negativePrompt: optString(obj, 'negativePrompt'),
    seed: optInt(obj, 'seed', -MAX_SEED, MAX_SEED),
    folder: optString(obj, 'folder'),
  };
}

/** The parts of an image model's `model_spec.constraints` that shape a request. */
export interface ImageConstraints {
  promptCharacterLimit?: number;
  widthHeightDivisor?: number;
  aspectRatios?: string[];
  defaultAspectRatio?: string;
}

export function imageConstraints(model: VeniceModel | undefined): ImageConstraints {
  const c = asRecord(model?.model_spec?.constraints);
  if (!c) return {};
  const posInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
  const ratios = Array.isArray(c.aspectRatios) ? c.aspectRatios.filter((r): r is string => typeof r === 'string' && ASPECT_RE.test(r)) : undefined;
  return {
    promptCharacterLimit: posInt(c.promptCharacterLimit),
    widthHeightDivisor: posInt(c.widthHeightDivisor),
    aspectRatios: ratios?.length ? ratios : undefined,
    defaultAspectRatio: typeof c.defaultAspectRatio === 'string' && ASPECT_RE.test(c.defaultAspectRatio) ? c.defaultAspectRatio : undefined,
  };
}

const ASPECT_RE = /^\d{1,2}:\d{1,2}$/;

/** Everything a generation needs, after pickers, settings and arguments were merged. */
export interface ImageJob {
  prompt: string;
  model: string;
  style?: string;
  width?: number;
  height?: number;
  aspectRatio?: string;
  format: ImageFormatName;
  variants?: number;
  negativePrompt?: string;
  seed?: number;
  safeMode: boolean;
}

/** Checks a job against the contract and the model's constraints, and builds the request body. */
export function buildGenerateImageRequest(job: ImageJob, constraints: ImageConstraints = {}): GenerateImageRequest {
  const prompt = job.prompt.trim();
  if (!prompt) throw new MediaInputError('Describe the image to generate: the prompt is empty.');
  const limit = Math.min(MAX_PROMPT_CHARS, constraints.promptCharacterLimit ?? MAX_PROMPT_CHARS);
  if (prompt.length > limit) {
    throw new MediaInputError(`The prompt is ${prompt.length} characters long; this model accepts at most ${limit}. Shorten it.`);
  }
  const model = job.model.trim();
  if (!model || model.length > MAX_MODEL_ID_CHARS || /\s/.test(model)) throw new MediaInputError('Choose an image model: the model id is empty or not valid.');

  const negative = job.negativePrompt?.trim() || undefined;
  if (negative && negative.length > limit) {
    throw new MediaInputError(`The negative prompt is ${negative.length} characters long; this model accepts at most ${limit}.`);
  }

  const style = job.style?.trim() || undefined;
  if (style && style.length > MAX_STYLE_CHARS) throw new MediaInputError(`The style name is too long (at most ${MAX_STYLE_CHARS} characters).`);

  const req: GenerateImageRequest = { model, prompt };
  if (negative) req.negative_prompt = negative;

  const hasSize = job.width !== undefined || job.height !== undefined;
  if (job.aspectRatio !== undefined && job.aspectRatio.trim() !== '') {
    const ratio = job.aspectRatio.trim();
    if (hasSize) throw new MediaInputError('Give either an aspect ratio or a width and height, not both.');
    if (!ASPECT_RE.test(ratio)) throw new MediaInputError(`"${ratio.slice(0, 20)}" is not an aspect ratio; use the form "16:9".`);
    if (constraints.aspectRatios && !constraints.aspectRatios.includes(ratio)) {
      throw new MediaInputError(`This model does not offer the aspect ratio ${ratio}. It offers ${constraints.aspectRatios.join(', ')}.`);
    }
    req.aspect_ratio = ratio;
  } else if (hasSize) {
    if (job.width === undefined || job.height === undefined) throw new MediaInputError('Give both a width and a height (in pixels).');
    if (constraints.aspectRatios) {
      throw new MediaInputError(`This model takes an aspect ratio (${constraints.aspectRatios.join(', ')}), not a size in pixels.`);
    }
    for (const [name, v] of [['width', job.width], ['height', job.height]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > MAX_SIDE_PX) throw new MediaInputError(`The ${name} must be a whole number of pixels from 1 to ${MAX_SIDE_PX}.`);
      const d = constraints.widthHeightDivisor;
      if (d && v % d !== 0) throw new MediaInputError(`The ${name} must be divisible by ${d} for this model; ${v} is not.`);
    }
    req.width = job.width;
    req.height = job.height;
  }

  if (job.variants !== undefined) {
    if (!Number.isInteger(job.variants) || job.variants < 1 || job.variants > MAX_VARIANTS) {
      throw new MediaInputError(`"variants" must be a whole number from 1 to ${MAX_VARIANTS}.`);
    }
    req.variants = job.variants;
  }
  if (style) req.style_preset = style;
  if (!(IMAGE_FORMATS as readonly string[]).includes(job.format)) throw new MediaInputError(`The format must be one of ${IMAGE_FORMATS.join(', ')}.`);
  req.format = job.format;
  req.safe_mode = job.safeMode;
  if (job.seed !== undefined) {
    if (!Number.isInteger(job.seed) || Math.abs(job.seed) > MAX_SEED) throw new MediaInputError(`The seed must be a whole number between -${MAX_SEED} and ${MAX_SEED}.`);
    req.seed = job.seed;
  }
  return req;
}

/** Sizes offered by the interactive size picker for models that take pixels. */
export const PIXEL_SIZES: ReadonlyArray<{ label: string; width: number; height: number }> = [
  { label: 'Square', width: 1024, height: 1024 },
  { label: 'Landscape', width: 1280, height: 768 },
  { label: 'Portrait', width: 768, height: 1280 },
  { label: 'Wide', width: 1280, height: 720 },
  { label: 'Small square', width: 512, height: 512 },
];

/** Pixel sizes that fit the model's divisor (all of the above are multiples of 16 except 720 % 32). */
export function sizesFor(constraints: ImageConstraints): Array<{ label: string; width: number; height: number }> {
  const d = constraints.widthHeightDivisor;
  return PIXEL_SIZES.filter((s) => !d || (s.width % d === 0 && s.height % d === 0));
}
