// What we accept as an image, from its bytes alone: PNG, JPEG or WebP (no SVG, no GIF, no HTML
// error page that calls itself image/png), within a size cap. Also reads pixel dimensions from the
// headers, so "too small to upscale" is said before anything is sent.
// No `vscode` import: unit-tested in plain Node.
import { sniffImageType, type ImageType } from '../venice/media';
import { MediaInputError } from './errors';

export type WritableImageType = Exclude<ImageType, 'gif'>;

const MB = 1024 * 1024;
/** Largest image we write, from the command or the chat tool (Venice's own results are far smaller). */
export const MAX_IMAGE_BYTES = 30 * MB;
/** Venice accepts inputs under 25 MB for upscale and edit. */
export const MAX_INPUT_IMAGE_BYTES = 25 * MB;
/** Venice needs at least 65,536 pixels (256 × 256) in an image to upscale or edit. */
export const MIN_INPUT_PIXELS = 65_536;
/** Edit inputs may have at most 33,177,600 pixels. */
export const MAX_EDIT_PIXELS = 33_177_600;

/** Returns the real type of image bytes we are willing to write, or throws a clear error. */
export function checkImageBytes(bytes: Uint8Array, what = 'The image', maxBytes = MAX_IMAGE_BYTES, outcome = 'nothing was saved'): WritableImageType {
  if (bytes.byteLength === 0) throw new MediaInputError(`${what} is empty; ${outcome}.`);
  if (bytes.byteLength > maxBytes) {
    throw new MediaInputError(`${what} is ${(bytes.byteLength / MB).toFixed(1)} MB, over the ${Math.round(maxBytes / MB)} MB limit; ${outcome}.`);
  }
  const type = sniffImageType(bytes);
  if (type === 'png' || type === 'jpeg' || type === 'webp') return type;
  const looksLike = describeBytes(bytes);
  throw new MediaInputError(`${what} is not a PNG, JPEG or WebP image${looksLike ? ` (it looks like ${looksLike})` : ''}; ${outcome}.`);
}

/** A hint for error messages: what non-image bytes appear to be. */
function describeBytes(bytes: Uint8Array): string | undefined {
  if (sniffImageType(bytes) === 'gif') return 'a GIF';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'an SVG drawing';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'an HTML page';
  if (head.startsWith('{') || head.startsWith('[')) return 'JSON text';
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) return 'a Windows program';
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return 'a program (ELF)';
  return undefined;
}

export interface PixelSize {
  width: number;
  height: number;
}

function u16be(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
}
function u16le(b: Uint8Array, i: number): number {
  return (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
}
function u24le(b: Uint8Array, i: number): number {
  return (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16);
}
function u32be(b: Uint8Array, i: number): number {
  return (((b[i] ?? 0) << 24) >>> 0) + (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0));
}
function tag(b: Uint8Array, i: number): string {
  return String.fromCharCode(b[i] ?? 0, b[i + 1] ?? 0, b[i + 2] ?? 0, b[i + 3] ?? 0);
}

/** Pixel dimensions from a PNG, JPEG or WebP header; undefined when the header is unreadable. */
export function imageSize(bytes: Uint8Array): PixelSize | undefined {
  const type = sniffImageType(bytes);
  let size: PixelSize | undefined;
  if (type === 'png') {
    if (bytes.length >= 24 && tag(bytes, 12) === 'IHDR') size = { width: u32be(bytes, 16), height: u32be(bytes, 20) };
  } else if (type === 'jpeg') {
    size = jpegSize(bytes);
  } else if (type === 'webp') {
    size = webpSize(bytes);
  }
  return size && size.width > 0 && size.height > 0 ? size : undefined;
}

function jpegSize(b: Uint8Array): PixelSize | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // Markers without a length: TEM, RST0-7, SOI, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    if (length < 2) return undefined;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    i += 2 + length;
  }
  return undefined;
}

function webpSize(b: Uint8Array): PixelSize | undefined {
  if (b.length < 30) return undefined;
  const chunk = tag(b, 12);
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes) and start code 9d 01 2a, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return undefined;
    const bits = (b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  return undefined;
}

/** Checks an image the user picked for upscale or edit, before it is sent. */
export function checkInputImage(bytes: Uint8Array, name: string, maxPixels?: number): { type: WritableImageType; size?: PixelSize } {
  const type = checkImageBytes(bytes, `"${name}"`, MAX_INPUT_IMAGE_BYTES, 'nothing was sent');
  const size = imageSize(bytes);
  if (size) {
    const pixels = size.width * size.height;
    if (pixels < MIN_INPUT_PIXELS) {
      throw new MediaInputError(`"${name}" is ${size.width}×${size.height} pixels; Venice needs at least ${MIN_INPUT_PIXELS.toLocaleString('en-US')} pixels (for example 256×256).`);
    }
    if (maxPixels && pixels > maxPixels) {
      throw new MediaInputError(`"${name}" is ${size.width}×${size.height} pixels; Venice accepts at most ${maxPixels.toLocaleString('en-US')} pixels.`);
    }
  }
  return { type, size };
}
