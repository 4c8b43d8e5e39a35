// Images in the chat view: the limits both sides enforce and the one data-URL shape the webview may
// send. The webview checks first so the user hears about a problem at once; the host checks again
// (protocol.ts, then src/chat/imageAttach.ts reads the bytes) because the webview is untrusted.
// No `vscode` import: compiled into both bundles.

/** Venice takes at most 10 images in one message (api-notes §3). */
export const MAX_IMAGES_PER_MESSAGE = 10;
/** Venice refuses images smaller than 64 px on a side (swagger: "be >= 64 pixels square"). */
export const MIN_IMAGE_SIDE_PX = 64;
/** Our own cap per image: ten of them still make a request Venice and the webview bridge handle. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** Types Venice's vision models read and we can measure from the header. */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];
/** Longest name kept for an image (shown on its chip). */
export const MAX_IMAGE_NAME_CHARS = 200;

const PREFIX = /^data:(image\/(?:png|jpeg|webp));base64,/;
/** The longest data URL an image within the cap can need. */
export const MAX_IMAGE_DATA_URL_CHARS = 'data:image/jpeg;base64,'.length + Math.ceil(MAX_IMAGE_BYTES / 3) * 4;

export interface ParsedDataUrl {
  mimeType: ImageMimeType;
  /** The base64 payload (checked to be base64 only; its bytes are not read here). */
  base64: string;
}

/** A `data:image/<png|jpeg|webp>;base64,…` URL within the size cap, else undefined. Never throws. */
export function parseImageDataUrl(url: unknown): ParsedDataUrl | undefined {
  if (typeof url !== 'string' || url.length > MAX_IMAGE_DATA_URL_CHARS) return undefined;
  const m = PREFIX.exec(url);
  if (!m) return undefined;
  const base64 = url.slice(m[0].length);
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  return { mimeType: m[1] as ImageMimeType, base64 };
}

/** Decoded size of a base64 payload, without decoding it. */
export function base64Bytes(base64: string): number {
  const pad = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - pad;
}

export function isImageMimeType(type: string): type is ImageMimeType {
  return (IMAGE_MIME_TYPES as readonly string[]).includes(type);
}

/** "1.2 MB" style sizes for the messages below. */
function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The messages both sides show, so the webview's early check and the host's say the same thing. */
export const imageProblems = {
  notAnImage: (name: string) => `"${name}" is not a PNG, JPEG or WebP image, so it was not attached.`,
  tooLarge: (name: string, bytes: number) => `"${name}" is ${megabytes(bytes)}; images up to ${megabytes(MAX_IMAGE_BYTES)} can be attached.`,
  tooSmall: (name: string, width: number, height: number) =>
    `"${name}" is ${width}×${height} pixels; Venice needs at least ${MIN_IMAGE_SIDE_PX} pixels on each side.`,
  tooMany: () => `A message can carry at most ${MAX_IMAGES_PER_MESSAGE} images (Venice's limit).`,
};
