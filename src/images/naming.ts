// File names for generated media. We make every name ourselves (a slug of the prompt, a time stamp
// and an extension from the bytes' real type): nothing the API or a model says becomes a path.
// No `vscode` import: unit-tested in plain Node.
import type { ImageType } from '../venice/media';

export const MAX_SLUG_CHARS = 48;

/** "A gondola at blue hour!" → "a-gondola-at-blue-hour". Never empty, never a dot file. */
export function slugify(text: string, max = MAX_SLUG_CHARS, fallback = 'image'): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!ascii) return fallback;
  if (ascii.length <= max) return ascii;
  const cut = ascii.slice(0, max);
  if (ascii[max] === '-') return cut; // already ends at a word boundary
  // Prefer a cut at a word boundary when it keeps most of the text.
  const dash = cut.lastIndexOf('-');
  return (dash >= max / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '') || fallback;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time as `20261125-142233`: sorts by time, no characters any file system refuses. */
export function timeStamp(date: Date = new Date()): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** The extension we write for a sniffed image type. */
export function imageExtension(type: ImageType): string {
  return type === 'jpeg' ? 'jpg' : type;
}

/** `slug-stamp.ext`, or `slug-stamp-2.ext` for the second of several variants. */
export function generatedImageName(slug: string, stamp: string, ext: string, index = 0, total = 1): string {
  return `${slug}-${stamp}${total > 1 ? `-${index + 1}` : ''}.${ext}`;
}

/** Splits "photo.final.png" into ["photo.final", "png"]. Names without a dot have an empty extension. */
export function splitName(fileName: string): { stem: string; ext: string } {
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return { stem: fileName, ext: '' };
  return { stem: fileName.slice(0, dot), ext: fileName.slice(dot + 1) };
}

/** `cat.png` upscaled 2x → `cat-upscaled-2x.png` (extension from the result's real type). */
export function upscaledName(original: string, scale: number, ext: string): string {
  return `${splitName(original).stem}-upscaled-${scale}x.${ext}`;
}

/** `cat.png` edited → `cat-edited-20261125-142233.png`. */
export function editedName(original: string, stamp: string, ext: string): string {
  return `${splitName(original).stem}-edited-${stamp}.${ext}`;
}

/** `cat.jpg` without its background → `cat-nobg.png` (Venice always answers PNG, with transparency). */
export function noBackgroundName(original: string): string {
  return `${splitName(original).stem}-nobg.png`;
}

/** `cat.png` combined with other images → `cat-combined-20261125-142233.png`. */
export function combinedName(first: string, stamp: string, ext: string): string {
  return `${splitName(first).stem}-combined-${stamp}.${ext}`;
}

/** The n-th alternative when a name is taken: `cat-upscaled-2x.png` → `cat-upscaled-2x-1.png`. */
export function numberedName(fileName: string, n: number): string {
  if (n <= 0) return fileName;
  const { stem, ext } = splitName(fileName);
  return ext ? `${stem}-${n}.${ext}` : `${stem}-${n}`;
}

/** The format a file name asks for, if it names an image Venice can produce (`.png`, `.jpg`/`.jpeg`, `.webp`). */
export function formatFromPath(p: string): 'png' | 'jpeg' | 'webp' | undefined {
  const m = /\.(png|jpe?g|webp)$/i.exec(p);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  return ext === 'png' ? 'png' : ext === 'webp' ? 'webp' : 'jpeg';
}

/** The name with its extension swapped for the one matching the real bytes: `cat.webp` holding PNG → `cat.png`. */
export function withImageExtension(fileName: string, type: ImageType): string {
  return `${fileName.replace(/\.[A-Za-z0-9]+$/, '')}.${imageExtension(type)}`;
}
