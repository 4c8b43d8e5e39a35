// What we accept as an image, from its bytes alone: PNG, JPEG or WebP (no SVG, no GIF, no HTML
// error page that calls itself image/png), within a size cap. Also reads pixel dimensions from the
// headers, so "too small to upscale" is said before anything is sent.
// No `vscode` import: unit-tested in plain Node.
import { imageSize, type PixelSize } from '../venice/imageSize';
import { sniffImageType, type ImageType } from '../venice/media';
import { MediaInputError } from './errors';

export { imageSize, type PixelSize };

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
