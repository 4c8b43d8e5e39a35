// Magic-byte checks for media Venice returns. Callers check bytes before writing files, so a
// response that claims to be an image but is not (an HTML error page, JSON) is never saved.

export type ImageType = 'png' | 'jpeg' | 'webp' | 'gif';
export type AudioType = 'mp3' | 'wav' | 'flac' | 'ogg' | 'aac';

function startsWith(bytes: Uint8Array, sig: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + sig.length) return false;
  return sig.every((b, i) => bytes[offset + i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  return undefined;
}

/** Best guess at an audio container from its first bytes (raw PCM has no signature). */
export function sniffAudioType(bytes: Uint8Array): AudioType | undefined {
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WAVE'), 8)) return 'wav';
  if (startsWith(bytes, ascii('fLaC'))) return 'flac';
  if (startsWith(bytes, ascii('OggS'))) return 'ogg';
  if (startsWith(bytes, ascii('ID3'))) return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff) {
    const b1 = bytes[1] ?? 0;
    // ADTS (AAC): 1111 1111 1111 x00x (layer bits 00).
    if ((b1 & 0xf6) === 0xf0) return 'aac';
    // MPEG audio frame sync: 11 set bits, and a layer other than "reserved".
    if ((b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return 'mp3';
  }
  return undefined;
}

export function imageMimeType(type: ImageType): string {
  return type === 'jpeg' ? 'image/jpeg' : `image/${type}`;
}

export type VideoType = 'mp4';

/** An ISO base media file (MP4, and MOV's close cousin): a box whose type is `ftyp` comes first. */
export function sniffVideoType(bytes: Uint8Array): VideoType | undefined {
  return startsWith(bytes, ascii('ftyp'), 4) ? 'mp4' : undefined;
}
