// Images in the chat, host side: every image the webview hands over (paste, drop) or the user picks
// ("Attach Image…") is checked here from its bytes, because the webview is untrusted and Venice
// refuses what it cannot read: PNG, JPEG or WebP only (the real type, not the one claimed), within
// the size cap, at least 64 px a side. The data URL Venice receives is rebuilt from the checked
// bytes. Also the composer's waiting images. No `vscode` import.
import { imageProblems, MAX_IMAGE_BYTES, MAX_IMAGE_NAME_CHARS, MAX_IMAGES_PER_MESSAGE, MIN_IMAGE_SIDE_PX, parseImageDataUrl } from '../shared/chatImages';
import type { ImageView } from '../shared/protocol';
import { oneLine } from '../util/text';
import { imageSize } from '../venice/imageSize';
import { imageMimeType, sniffImageType } from '../venice/media';
import { newId, type ChatImage } from './model';

export type ImageCheck = ChatImage | { error: string };

function cleanName(name: string): string {
  return oneLine(name, { controls: 'remove', stripInvisible: true, maxLength: MAX_IMAGE_NAME_CHARS }) || 'image';
}

/** An image from its bytes (a file the user picked, or a decoded data URL), or why it cannot be sent. */
export function imageFromBytes(bytes: Uint8Array, rawName: string): ImageCheck {
  const name = cleanName(rawName);
  if (bytes.byteLength > MAX_IMAGE_BYTES) return { error: imageProblems.tooLarge(name, bytes.byteLength) };
  const type = sniffImageType(bytes);
  if (type !== 'png' && type !== 'jpeg' && type !== 'webp') return { error: imageProblems.notAnImage(name) };
  const size = imageSize(bytes);
  if (!size) return { error: imageProblems.notAnImage(name) };
  if (size.width < MIN_IMAGE_SIDE_PX || size.height < MIN_IMAGE_SIDE_PX) return { error: imageProblems.tooSmall(name, size.width, size.height) };
  const mimeType = imageMimeType(type) as ChatImage['mimeType'];
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return { id: newId(), name, mimeType, dataUrl: `data:${mimeType};base64,${base64}`, width: size.width, height: size.height, bytes: bytes.byteLength };
}

/** A data URL from the webview: its shape first (protocol.ts did too), then the bytes it carries. */
export function imageFromDataUrl(dataUrl: string, rawName: string): ImageCheck {
  const parsed = parseImageDataUrl(dataUrl);
  if (!parsed) return { error: imageProblems.notAnImage(cleanName(rawName)) };
  return imageFromBytes(Buffer.from(parsed.base64, 'base64'), rawName);
}

export function isImageError(c: ImageCheck): c is { error: string } {
  return 'error' in c;
}

export function imageView(i: ChatImage): ImageView {
  return { id: i.id, name: i.name, dataUrl: i.dataUrl, width: i.width, height: i.height, bytes: i.bytes };
}

/** The images waiting in the composer for the next message. Sent ones leave; a refused send keeps them. */
export class PendingImages {
  private items: ChatImage[] = [];

  /** `onChange` redraws the chips. */
  constructor(private readonly onChange: () => void) {}

  get list(): readonly ChatImage[] {
    return this.items;
  }

  /** An error message when the message already carries as many images as Venice takes. */
  add(image: ChatImage): string | undefined {
    if (this.items.length >= MAX_IMAGES_PER_MESSAGE) return imageProblems.tooMany();
    this.items.push(image);
    this.onChange();
    return undefined;
  }

  remove(id: string): void {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.id !== id);
    if (this.items.length !== before) this.onChange();
  }

  /** The images a message goes out with (by id), taken out of the composer. */
  take(ids: readonly string[]): ChatImage[] {
    const taken = this.items.filter((i) => ids.includes(i.id));
    if (taken.length === 0) return [];
    this.items = this.items.filter((i) => !taken.includes(i));
    this.onChange();
    return taken;
  }

  /** Puts a failed message's images back (those not there already, while there is room). */
  restore(images: readonly ChatImage[]): void {
    for (const i of images) if (!this.items.some((p) => p.id === i.id) && this.items.length < MAX_IMAGES_PER_MESSAGE) this.items.push(i);
    if (images.length) this.onChange();
  }
}
