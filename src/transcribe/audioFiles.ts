// Which files can be transcribed, judged by their bytes and not their names: the containers Venice
// lists (WAV, FLAC, M4A/MP4, AAC, MP3, OGG/OGA, WEBM), under Venice's upload cap. The content type
// we send follows the bytes. No `vscode` import: unit-tested in plain Node.
import { MediaInputError } from '../images/errors';

const MB = 1024 * 1024;
/** Venice refuses uploads of 25 MB and more (413). */
export const MAX_TRANSCRIBE_BYTES = 25 * MB;

/** File extensions offered in menus and pickers (audio and video). */
export const TRANSCRIBABLE_EXTENSIONS = ['wav', 'wave', 'mp3', 'm4a', 'aac', 'flac', 'ogg', 'oga', 'opus', 'webm', 'mp4', 'm4v', 'mov'] as const;

export interface MediaKind {
  /** What we send as the part's content type. */
  contentType: string;
  /** The extension of the uploaded part's name. */
  extension: string;
  /** For messages. */
  label: string;
}

function at(b: Uint8Array, text: string, offset = 0): boolean {
  if (b.length < offset + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The container of audio or video bytes, or undefined when it is none Venice takes. */
export function sniffMedia(b: Uint8Array): MediaKind | undefined {
  if (at(b, 'RIFF') && at(b, 'WAVE', 8)) return { contentType: 'audio/wav', extension: 'wav', label: 'WAV audio' };
  if (at(b, 'fLaC')) return { contentType: 'audio/flac', extension: 'flac', label: 'FLAC audio' };
  if (at(b, 'OggS')) return { contentType: 'audio/ogg', extension: 'ogg', label: 'Ogg audio' };
  if (at(b, 'ID3')) return { contentType: 'audio/mpeg', extension: 'mp3', label: 'MP3 audio' };
  if (at(b, 'ftyp', 4)) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    const audioOnly = /^M4A|^M4B/.test(brand);
    return audioOnly ? { contentType: 'audio/mp4', extension: 'm4a', label: 'M4A audio' } : { contentType: 'video/mp4', extension: 'mp4', label: 'MP4 video' };
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { contentType: 'video/webm', extension: 'webm', label: 'WebM' };
  if (b.length >= 2 && b[0] === 0xff) {
    const b1 = b[1] ?? 0;
    if ((b1 & 0xf6) === 0xf0) return { contentType: 'audio/aac', extension: 'aac', label: 'AAC audio' };
    if ((b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return { contentType: 'audio/mpeg', extension: 'mp3', label: 'MP3 audio' };
  }
  return undefined;
}

/** Checks a file's size before it is read or sent: not empty, under Venice's cap. */
export function checkMediaSize(size: number, name: string): void {
  if (size === 0) throw new MediaInputError(`"${name}" is empty; there is nothing to transcribe.`);
  if (size >= MAX_TRANSCRIBE_BYTES) {
    throw new MediaInputError(`"${name}" is ${(size / MB).toFixed(1)} MB; Venice transcribes files under ${MAX_TRANSCRIBE_BYTES / MB} MB. Cut or compress it (for example to a mono MP3) and try again. Nothing was sent.`);
  }
}

/** Checks a file before upload: not empty, under the cap, really audio or video. */
export function checkMediaBytes(bytes: Uint8Array, name: string): MediaKind {
  checkMediaSize(bytes.byteLength, name);
  const kind = sniffMedia(bytes);
  if (!kind) throw new MediaInputError(`"${name}" is not audio or video Venice can transcribe (WAV, MP3, M4A, AAC, FLAC, OGG, WebM or MP4). Nothing was sent.`);
  return kind;
}
