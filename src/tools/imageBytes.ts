// What generate_image may write: only raster images whose bytes really are PNG, JPEG, WebP or GIF
// (never SVG, an HTML error page or an executable), within a size cap. No `vscode` import.
import { sniffImageType, type ImageType } from '../venice/media';

export { sniffImageType };
export type { ImageType };

/** Decoded images above this are refused (a sane generated image is far smaller). */
export const MAX_IMAGE_BYTES = 30 * 1024 * 1024;

export const IMAGE_EXTENSIONS: Record<ImageType, string> = { png: '.png', jpeg: '.jpg', webp: '.webp', gif: '.gif' };

/** The format a file name asks for, if it names an image the API can produce. */
export function formatFromPath(p: string): 'png' | 'jpeg' | 'webp' | undefined {
  const m = /\.(png|jpe?g|webp)$/i.exec(p);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  return ext === 'png' ? 'png' : ext === 'webp' ? 'webp' : 'jpeg';
}

/** The path with its extension swapped for the one matching the real bytes. */
export function withImageExtension(p: string, kind: ImageType): string {
  return p.replace(/\.[A-Za-z0-9]+$/, '') + IMAGE_EXTENSIONS[kind];
}
