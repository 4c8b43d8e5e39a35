// The `venice.readAloud` / `venice.saveSpeech` arguments, the `/audio/speech` body, and the checks
// on what comes back. Voices and formats are per model (model_spec.voices / supported_formats);
// when the catalogue is known we check against it before spending a request.
// No `vscode` import: unit-tested in plain Node.
import { asRecord } from '../util/guards';
import { MediaInputError } from '../images/errors';
import { sniffAudioType } from '../venice/media';
import type { BinaryResult, SpeechRequest, VeniceModel } from '../venice/types';
import { MAX_SPEECH_CHARS } from './split';

export const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type SpeechFormatName = (typeof SPEECH_FORMATS)[number];
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 4;
export const MAX_VOICE_CHARS = 512;
/** Largest audio part we accept (Venice's parts of 4,096 characters are a few MB of mp3). */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

export interface SpeechArgs {
  text?: string;
  model?: string;
  voice?: string;
  speed?: number;
  format?: SpeechFormatName;
  /** saveSpeech only: workspace-relative file path. */
  path?: string;
}

/** Reads a command argument object; unknown keys are refused so typos do not pass silently. */
export function parseSpeechArgs(raw: unknown, command: string, allowed: readonly (keyof SpeechArgs)[]): SpeechArgs | undefined {
  if (raw === undefined || raw === null) return undefined;
  const obj = asRecord(raw);
  if (!obj) throw new MediaInputError(`The argument of ${command} must be an object such as { "text": "…" }.`);
  const unknown = Object.keys(obj).filter((k) => !(allowed as readonly string[]).includes(k));
  if (unknown.length) throw new MediaInputError(`Unknown option${unknown.length > 1 ? 's' : ''} for ${command}: ${unknown.slice(0, 5).join(', ')}. Known: ${allowed.join(', ')}.`);
  const text = (key: string): string | undefined => {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new MediaInputError(`"${key}" must be text.`);
    return v;
  };
  const out: SpeechArgs = { text: text('text'), model: text('model')?.trim() || undefined, voice: text('voice')?.trim() || undefined, path: text('path') };
  const speed = obj.speed;
  if (speed !== undefined && speed !== null) {
    if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
      throw new MediaInputError(`"speed" must be a number from ${MIN_SPEED} to ${MAX_SPEED}.`);
    }
    out.speed = speed;
  }
  const format = text('format');
  if (format !== undefined) {
    if (!(SPEECH_FORMATS as readonly string[]).includes(format)) throw new MediaInputError(`"format" must be one of ${SPEECH_FORMATS.join(', ')}.`);
    out.format = format as SpeechFormatName;
  }
  return out;
}

export interface VoiceChoice {
  model: string;
  voice: string;
  speed: number;
  format: SpeechFormatName;
}

/** Voices Venice lists for a TTS model (strings only, bounded). */
export function voicesOf(model: VeniceModel | undefined): string[] {
  const v = model?.model_spec?.voices;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= MAX_VOICE_CHARS) : [];
}

export function formatsOf(model: VeniceModel | undefined): SpeechFormatName[] {
  const f = model?.model_spec?.supported_formats;
  return Array.isArray(f) ? f.filter((x): x is SpeechFormatName => (SPEECH_FORMATS as readonly string[]).includes(x as string)) : [];
}

export function defaultFormatOf(model: VeniceModel | undefined): SpeechFormatName | undefined {
  const d = model?.model_spec?.default_format;
  return typeof d === 'string' && (SPEECH_FORMATS as readonly string[]).includes(d) ? (d as SpeechFormatName) : undefined;
}

/** Formats an HTML audio element plays (raw PCM has no header, so it cannot be played). */
export const PLAYABLE_FORMATS: readonly SpeechFormatName[] = ['mp3', 'wav', 'aac', 'flac', 'opus'];

/**
 * The format to request. An unsupported format would be a 400, so the model's default is used
 * instead; for playback, PCM becomes WAV (same sound, with a header the player understands).
 */
export function chooseFormat(model: VeniceModel | undefined, wanted: SpeechFormatName, forPlayback: boolean): { format: SpeechFormatName; note?: string } {
  const supported = formatsOf(model);
  const ok = (f: SpeechFormatName): boolean => !supported.length || supported.includes(f);
  let format = wanted;
  let note: string | undefined;
  if (forPlayback && !PLAYABLE_FORMATS.includes(format)) {
    const alt = (['wav', 'mp3'] as const).find(ok) ?? 'mp3';
    note = `${format} cannot be played directly; using ${alt}.`;
    format = alt;
  }
  if (!ok(format)) {
    const fallback = defaultFormatOf(model) ?? supported.find((f) => !forPlayback || PLAYABLE_FORMATS.includes(f)) ?? 'mp3';
    note = `${model?.id ?? 'This model'} does not offer ${format}; using ${fallback}.`;
    format = fallback;
  }
  return { format, note };
}

/** Throws a clear error when the catalogue says the voice does not belong to the model. */
export function checkVoice(model: VeniceModel | undefined, voice: string): void {
  if (!voice || voice.length > MAX_VOICE_CHARS) throw new MediaInputError('Choose a voice: the voice name is empty or too long.');
  const voices = voicesOf(model);
  // Cloned voices (vv_…) and raw provider voice ids are not listed; let Venice decide on those.
  const custom = voice.startsWith('vv_') || model?.model_spec?.supports_custom_voice_id === true;
  if (model && voices.length && !voices.includes(voice) && !custom) {
    const sample = voices.slice(0, 6).join(', ');
    throw new MediaInputError(`The voice "${voice.slice(0, 40)}" is not available for ${model.id}. Choose one with "Venice: Choose Voice" (for example ${sample}).`);
  }
}

/** The request for one part. Only documented fields; Venice always needs `model`. */
export function buildSpeechRequest(input: string, choice: VoiceChoice): SpeechRequest {
  const text = input.trim();
  if (!text) throw new MediaInputError('There is no text to read aloud.');
  if (text.length > MAX_SPEECH_CHARS) throw new MediaInputError(`A speech part may hold at most ${MAX_SPEECH_CHARS} characters; this one has ${text.length}.`);
  if (!choice.model) throw new MediaInputError('Choose a speech model (venice.speech.model).');
  const speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, choice.speed));
  return { model: choice.model, input: text, voice: choice.voice, response_format: choice.format, speed };
}

const MIME_BY_FORMAT: Record<SpeechFormatName, string> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/pcm',
};

/**
 * Double-checks an `/audio/speech` answer (the client already checks the content type): an audio
 * content type, a sane size, and bytes that look like the container asked for. Returns the MIME
 * type to play it with.
 */
export function checkAudio(result: BinaryResult, format: SpeechFormatName): string {
  const type = result.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!type.startsWith('audio/')) throw new MediaInputError(`Venice sent ${type || 'data of an unknown type'} instead of audio; it was not used.`);
  if (result.bytes.byteLength === 0) throw new MediaInputError('Venice sent empty audio.');
  if (result.bytes.byteLength > MAX_AUDIO_BYTES) throw new MediaInputError(`The audio from Venice is larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB; it was not used.`);
  const sniffed = sniffAudioType(result.bytes);
  if (sniffed) return SNIFFED_MIME[sniffed];
  // No known container signature: fine for raw PCM and some encoders, but never for text.
  const head = new TextDecoder('latin1').decode(result.bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (/^[{[<]/.test(head) || head.startsWith('error')) throw new MediaInputError('Venice sent text instead of audio; it was not used.');
  return MIME_BY_FORMAT[format];
}

const SNIFFED_MIME: Record<NonNullable<ReturnType<typeof sniffAudioType>>, string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  aac: 'audio/aac',
};

/** File extension for a saved format. */
export function audioExtension(format: SpeechFormatName): string {
  return format === 'opus' ? 'ogg' : format;
}

/** Formats whose parts can be joined into one playable file by concatenation. */
export function concatenable(format: SpeechFormatName): boolean {
  return format === 'mp3' || format === 'aac' || format === 'opus' || format === 'pcm';
}

/** The speech model, voice, speed and format to use: what a caller asked for, checked against Venice's catalogue. */
export interface VoiceResolver {
  voiceChoice(args: Pick<SpeechArgs, 'model' | 'voice' | 'speed' | 'format'> | undefined, forPlayback: boolean): Promise<VoiceChoice>;
  /** The TTS model as Venice lists it, or undefined when unknown or the list cannot be read (offline). */
  ttsModel(id: string): Promise<VeniceModel | undefined>;
}
