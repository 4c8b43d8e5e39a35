// The argument object of venice.generateMusic and generate_music, and a music model's options as
// /models?type=music lists them (songs and sound effects alike). No `vscode` import: unit-tested.
import { AssetInputError } from '../assets/errors';
import type { VeniceModel } from '../venice/types';

export interface GenerateMusicArgs {
  prompt?: string;
  model?: string;
  durationSeconds?: number;
}

export const MUSIC_ARG_KEYS = ['prompt', 'model', 'durationSeconds'] as const;
export const MAX_MUSIC_PROMPT_CHARS = 2000;

/** Checks an argument object: unknown keys and wrong types are refused before anything is asked or spent. */
export function parseGenerateMusicArgs(raw: unknown): GenerateMusicArgs | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AssetInputError('The argument of venice.generateMusic must be an object such as { "prompt": "…" }.');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(MUSIC_ARG_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new AssetInputError(`Unknown option for venice.generateMusic: ${unknown.slice(0, 5).join(', ')}. Known: ${MUSIC_ARG_KEYS.join(', ')}.`);
  const out: GenerateMusicArgs = {};
  if (o.prompt !== undefined) {
    if (typeof o.prompt !== 'string' || !o.prompt.trim() || o.prompt.length > MAX_MUSIC_PROMPT_CHARS) throw new AssetInputError(`"prompt" must be text of 1 to ${MAX_MUSIC_PROMPT_CHARS} characters.`);
    out.prompt = o.prompt.trim();
  }
  if (o.model !== undefined) {
    if (typeof o.model !== 'string' || !/^[A-Za-z0-9._:-]{1,200}$/.test(o.model)) throw new AssetInputError('"model" must be a music model id.');
    out.model = o.model;
  }
  if (o.durationSeconds !== undefined) {
    if (typeof o.durationSeconds !== 'number' || !Number.isInteger(o.durationSeconds) || o.durationSeconds < 1 || o.durationSeconds > 600) throw new AssetInputError('"durationSeconds" must be a whole number of seconds from 1 to 600.');
    out.durationSeconds = o.durationSeconds;
  }
  return out;
}

export interface MusicOptions {
  /** Duration choices in seconds, when the model takes a duration at all. */
  durations?: { min?: number; max?: number; options?: number[]; default?: number };
  minPrompt: number;
  maxPrompt: number;
  /** A sound-effects model (short clips) rather than songs. */
  soundEffects: boolean;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export function musicOptions(model: VeniceModel | undefined): MusicOptions {
  const s = (model?.model_spec ?? {}) as Record<string, unknown>;
  const options = Array.isArray(s.duration_options) ? s.duration_options.filter((n): n is number => typeof n === 'number' && n > 0) : undefined;
  const min = num(s.min_duration);
  const max = num(s.max_duration);
  const has = min !== undefined || max !== undefined || (options !== undefined && options.length > 0);
  const name = `${model?.id ?? ''} ${typeof s.name === 'string' ? s.name : ''}`;
  return {
    durations: has ? { min, max, options: options?.length ? options : undefined, default: num(s.default_duration) } : undefined,
    minPrompt: num(s.min_prompt_length) ?? 1,
    maxPrompt: Math.min(MAX_MUSIC_PROMPT_CHARS, num(s.prompt_character_limit) ?? MAX_MUSIC_PROMPT_CHARS),
    soundEffects: /sound|sfx|effect|foley/i.test(name),
  };
}

/** Says what the model cannot take, before any money is spent; undefined when it fits (or the model is unknown: Venice checks). */
export function musicArgsProblem(model: VeniceModel | undefined, prompt: string, durationSeconds: number | undefined): string | undefined {
  if (!model) return undefined;
  const o = musicOptions(model);
  if (prompt.length < o.minPrompt || prompt.length > o.maxPrompt) return `${model.id} takes a prompt of ${o.minPrompt} to ${o.maxPrompt} characters (this one has ${prompt.length}).`;
  if (durationSeconds === undefined) return undefined;
  const d = o.durations;
  if (!d) return `${model.id} chooses its own length; leave out durationSeconds.`;
  if (d.options && !d.options.includes(durationSeconds)) return `${model.id} makes ${d.options.join(', ')} second clips, not ${durationSeconds}.`;
  if ((d.min !== undefined && durationSeconds < d.min) || (d.max !== undefined && durationSeconds > d.max)) return `${model.id} makes clips of ${d.min ?? 1} to ${d.max ?? '…'} seconds, not ${durationSeconds}.`;
  return undefined;
}

/** "10–300 s (default 60)", for the model picker. */
export function durationLabel(o: MusicOptions): string {
  const d = o.durations;
  if (!d) return 'length chosen by the model';
  if (d.options) return `${d.options.join(' · ')} s`;
  return `${d.min ?? 1}–${d.max ?? '?'} s${d.default ? ` (default ${d.default})` : ''}`;
}
