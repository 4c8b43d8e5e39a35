// Images in the composer, webview side: paste or drop an image into the composer (or "Attach
// Image…", which asks the host for a file dialog) and it becomes a chip with a thumbnail. This side
// only pre-checks type, size and count so the user hears at once; the host checks the bytes again
// and owns the list (it answers with 'images'). Also the notice above the input that says why an
// image was refused or the model cannot read images, with a one-click switch to a vision model, and
// the thumbnails of a sent or queued message.
import { IMAGE_MIME_TYPES, imageProblems, MAX_IMAGE_BYTES, MAX_IMAGES_PER_MESSAGE } from '../../src/shared/chatImages';
import type { ComposerNoticeView, ImageView, ToHost } from '../../src/shared/protocol';
import { clear, h, iconButton, textButton } from './dom';
import { formatBytes } from './format';

export class ImageAttach {
  /** The notice region (role="alert"), shown above the input while there is something to say. */
  readonly notice: HTMLElement;
  private images: ImageView[] = [];

  constructor(
    private readonly doc: Document,
    private readonly post: (m: ToHost) => void,
    /** The images changed: the composer redraws its chips. */
    private readonly onChange: () => void,
  ) {
    this.notice = h(doc, 'div', { className: 'composer-notice', role: 'alert', hidden: true });
  }

  get ids(): string[] {
    return this.images.map((i) => i.id);
  }

  get count(): number {
    return this.images.length;
  }

  /** Paste and drop on `target` (the composer) attach the images they carry; other content is left alone. */
  listen(target: HTMLElement, input: HTMLTextAreaElement): void {
    input.addEventListener('paste', (e) => {
      const files = imageFilesOf(e.clipboardData);
      if (files.length === 0) return;
      e.preventDefault();
      this.attachFiles(files);
    });
    target.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    target.addEventListener('drop', (e) => {
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      this.attachFiles(files);
    });
  }

  /** Reads each acceptable file as a data URL and hands it to the host; says why any other is refused. */
  attachFiles(files: readonly File[]): void {
    let room = MAX_IMAGES_PER_MESSAGE - this.images.length;
    for (const file of files) {
      const name = file.name || 'pasted image';
      if (!(IMAGE_MIME_TYPES as readonly string[]).includes(file.type)) this.showNotice({ text: imageProblems.notAnImage(name) });
      else if (file.size > MAX_IMAGE_BYTES) this.showNotice({ text: imageProblems.tooLarge(name, file.size) });
      else if (room <= 0) this.showNotice({ text: imageProblems.tooMany() });
      else {
        room--;
        // The document's own FileReader (the page's window; tests run this in JSDOM).
        const Reader = this.doc.defaultView?.FileReader ?? FileReader;
        const reader = new Reader();
        reader.addEventListener('load', () => {
          if (typeof reader.result === 'string') this.post({ type: 'attachImage', name, dataUrl: reader.result });
        });
        reader.addEventListener('error', () => this.showNotice({ text: `"${name}" could not be read.` }));
        reader.readAsDataURL(file);
      }
    }
  }

  setImages(list: ImageView[]): void {
    this.images = list;
    this.onChange();
  }

  /** The chips for the composer's "Attached context" list. */
  chips(): HTMLElement[] {
    return this.images.map((img) => {
      const remove = iconButton(this.doc, `Remove ${img.name}`, 'close');
      remove.addEventListener('click', () => this.post({ type: 'removeImage', imageId: img.id }));
      return h(
        this.doc,
        'li',
        { className: 'chip image-chip', title: `${img.name}: ${img.width}×${img.height} pixels, ${formatBytes(img.bytes)}` },
        thumbnail(this.doc, img, 'chip-thumb'),
        h(this.doc, 'span', { className: 'chip-label', text: img.name }),
        h(this.doc, 'span', { className: 'chip-size', text: `${img.width}×${img.height} · ${formatBytes(img.bytes)}` }),
        remove,
      );
    });
  }

  showNotice(notice: ComposerNoticeView | null): void {
    clear(this.notice);
    this.notice.hidden = notice === null;
    if (!notice) return;
    this.notice.append(h(this.doc, 'span', { className: 'notice-text', text: notice.text }));
    const vision = notice.visionModel;
    if (vision) {
      const swap = textButton(this.doc, `Switch to ${vision.name}`, 'eye', { className: 'text-button primary' });
      swap.addEventListener('click', () => this.post({ type: 'selectModel', modelId: vision.id }));
      this.notice.append(swap);
    }
    const dismiss = iconButton(this.doc, 'Dismiss', 'close');
    dismiss.addEventListener('click', () => this.showNotice(null));
    this.notice.append(dismiss);
  }
}

function imageFilesOf(data: DataTransfer | null): File[] {
  const out: File[] = [];
  for (const item of Array.from(data?.items ?? [])) {
    if (item.kind !== 'file' || !item.type.startsWith('image/')) continue;
    const file = item.getAsFile();
    if (file) out.push(file);
  }
  return out;
}

/** An <img> of a host-checked data URL (the CSP allows data: images, never remote ones). */
function thumbnail(doc: Document, img: ImageView, className: string): HTMLImageElement {
  return h(doc, 'img', { className, src: img.dataUrl, alt: img.name, width: String(img.width), height: String(img.height), draggable: 'false' });
}

/** The images of a sent or queued message, as a list of thumbnails. */
export function imageThumbs(doc: Document, images: readonly ImageView[]): HTMLElement {
  return h(doc, 'ul', { className: 'image-thumbs', 'aria-label': 'Images' }, ...images.map((img) => h(doc, 'li', { title: `${img.name}: ${img.width}×${img.height} pixels` }, thumbnail(doc, img, 'message-image'))));
}
