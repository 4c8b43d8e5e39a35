// The argument object of venice.generateVideo and generate_video, and the video model's options as
// /models?type=video lists them. No `vscode` import: unit-tested.
import { AssetInputError } from '../assets/errors';
import type { VeniceModel } from '../venice/types';

export interface GenerateVideoArgs {
  prompt?: string;
  model?: string;
  /** "5s", or a number of seconds (5). */
  duration?: string;
  resolution?: string;
  aspectRatio?: string;
  /** Image-to-video: a workspace-relative image path (the Explorer passes the file itself). */
  image?: string;
}

export const VIDEO_ARG_KEYS = ['prompt', 'model', 'duration', 'resolution', 'aspectRatio', 'image'] as const;
export const MAX_VIDEO_PROMPT_CHARS = 2500;


function text(o: Record<string, unknown>, key: string, max: number, pattern?: RegExp): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim() || v.length > max || (pattern && !pattern.test(v.trim()))) throw new AssetInputError(`"${key}" is not valid for venice.generateVideo.`);
  return v.trim();
}

/** Checks an argument object: unknown keys and wrong types are refused before anything is asked or spent. */
export function parseGenerateVideoArgs(raw: unknown): GenerateVideoArgs | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AssetInputError('The argument of venice.generateVideo must be an object such as { "prompt": "…" }.');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(VIDEO_ARG_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new AssetInputError(`Unknown option for venice.generateVideo: ${unknown.slice(0, 5).join(', ')}. Known: ${VIDEO_ARG_KEYS.join(', ')}.`);
  const prompt = text(o, 'prompt', MAX_VIDEO_PROMPT_CHARS);
  let duration: string | undefined;
  if (typeof o.duration === 'number') {
    if (!Number.isInteger(o.duration) || o.duration < 1 || o.duration > 30) throw new AssetInputError('"duration" must be a whole number of seconds from 1 to 30, or text such as "5s".');
    duration = `${o.duration}s`;
  } else duration = text(o, 'duration', 10, /^(\d{1,2}s|auto|Auto|1 gen)$/);
  return {
    prompt,
    model: text(o, 'model', 200, /^[A-Za-z0-9._:-]+$/),
    duration,
    resolution: text(o, 'resolution', 20, /^[A-Za-z0-9_]+$/),
    aspectRatio: text(o, 'aspectRatio', 20, /^(\d{1,2}:\d{1,2}|adaptive|auto)$/),
    image: text(o, 'image', 1000),
  };
}

/** A video model's options (all lists may be empty: the model then takes no such field). */
export interface VideoOptions {
  kind: 'text-to-video' | 'image-to-video' | 'video' | 'unknown';
  durations: string[];
  resolutions: string[];
  aspectRatios: string[];
  audioConfigurable: boolean;
  promptLimit: number;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0 && s.length < 30) : [];
}

export function videoOptions(model: VeniceModel | undefined): VideoOptions {
  const c = (model?.model_spec as { constraints?: Record<string, unknown> } | undefined)?.constraints ?? {};
  const t = c.model_type;
  return {
    kind: t === 'text-to-video' || t === 'image-to-video' || t === 'video' ? t : 'unknown',
    durations: strings(c.durations),
    resolutions: strings(c.resolutions),
    aspectRatios: strings(c.aspect_ratios),
    audioConfigurable: c.audio_configurable === true,
    promptLimit: typeof c.prompt_character_limit === 'number' && c.prompt_character_limit > 0 ? c.prompt_character_limit : MAX_VIDEO_PROMPT_CHARS,
  };
}

/** Says what the model cannot take, before any money is spent; undefined when it all fits (or the model is unknown: Venice checks). */
export function videoArgsProblem(model: VeniceModel | undefined, a: { prompt: string; duration?: string; resolution?: string; aspectRatio?: string; hasImage: boolean }): string | undefined {
  if (!model) return undefined;
  const o = videoOptions(model);
  if (a.prompt.length > o.promptLimit) return `The prompt is ${a.prompt.length} characters; ${model.id} takes at most ${o.promptLimit}.`;
  if (a.duration && o.durations.length && !o.durations.includes(a.duration)) return `${model.id} makes videos of ${o.durations.join(', ')}, not ${a.duration}.`;
  if (a.resolution && !o.resolutions.includes(a.resolution)) return o.resolutions.length ? `${model.id} offers ${o.resolutions.join(', ')}, not ${a.resolution}.` : `${model.id} takes no resolution.`;
  if (a.aspectRatio && !o.aspectRatios.includes(a.aspectRatio)) return o.aspectRatios.length ? `${model.id} offers aspect ratios ${o.aspectRatios.join(', ')}, not ${a.aspectRatio}.` : `${model.id} takes no aspect ratio.`;
  if (o.kind === 'image-to-video' && !a.hasImage) return `${model.id} animates an image: give "image" (or use Generate Video on an image in the Explorer).`;
  if (o.kind === 'text-to-video' && a.hasImage) return `${model.id} makes videos from text only; choose an image-to-video model for an image.`;
  return undefined;
}

/** The models that fit: image-to-video ones for an image, text-to-video ones otherwise. */
export function modelsFor(models: readonly VeniceModel[], hasImage: boolean): VeniceModel[] {
  return models.filter((m) => m.model_spec?.offline !== true && videoOptions(m).kind === (hasImage ? 'image-to-video' : 'text-to-video'));
}
