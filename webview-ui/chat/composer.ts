// The message box: Enter sends, Shift+Enter is a new line, Escape stops the answer, "@" mentions
// context (mentions.ts). Context chips sit above it. The draft survives the view being hidden (it
// lives in the webview's saved UI state). While an answer streams, Enter still sends: the host
// queues the message (queue.ts draws it). Images (paste, drop, the paperclip's "Attach Image…") are
// imageAttach.ts's; their chips join the list here. The paperclip's menu is attachMenu.ts's.
import type { AttachmentView, ToHost } from '../../src/shared/protocol';
import { AttachMenu } from './attachMenu';
import { chipIcon, chipSize } from './chips';
import { ImageAttach } from './imageAttach';
import { clear, h, icon, iconButton, textButton } from './dom';
import { formatBytes } from './format';
import { MentionMenu } from './mentions';

export interface ComposerOptions {
  post(m: ToHost): void;
  onDraftChange(text: string): void;
}

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly images: ImageAttach;
  private readonly chips: HTMLElement;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  readonly mentions: MentionMenu;
  private attachments: AttachmentView[] = [];
  private busyRequestId: string | undefined;
  /** Text put back after a failed send; dropped again if the user clicks Retry instead. */
  private restored: string | undefined;

  constructor(
    private readonly doc: Document,
    private readonly opts: ComposerOptions,
  ) {
    this.input = h(doc, 'textarea', {
      className: 'chat-input',
      'aria-label': 'Chat input',
      placeholder: 'Ask Venice… (@ to mention context, Enter to send, Shift+Enter for a new line)',
      rows: '2',
    });
    this.chips = h(doc, 'ul', { className: 'chips composer-chips', 'aria-label': 'Attached context', hidden: true });
    this.mentions = new MentionMenu(doc, this.input, opts.post);
    this.images = new ImageAttach(doc, opts.post, () => this.setAttachments(this.attachments));
    const attach = new AttachMenu(doc, [
      { label: 'Attach Image…', codicon: 'file-media', run: () => opts.post({ type: 'pickImage' }) },
      { label: 'Add selection or file as context', codicon: 'selection', run: () => opts.post({ type: 'addContext' }) },
      { label: 'Mention context (@)…', codicon: 'mention', run: () => this.startMention() },
    ]);
    this.send = textButton(doc, 'Send', 'send', { className: 'text-button primary send-button', 'aria-label': 'Send' });
    this.stop = textButton(doc, 'Stop', 'debug-stop', { className: 'text-button stop-button', 'aria-label': 'Stop', hidden: true });
    this.send.addEventListener('click', () => this.submit());
    this.stop.addEventListener('click', () => this.requestStop());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => {
      this.autosize();
      opts.onDraftChange(this.input.value);
      this.mentions.update();
    });
    // Moving the caret in or out of an "@…" word opens or closes the list.
    this.input.addEventListener('keyup', (e) => {
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') this.mentions.update();
    });
    this.input.addEventListener('click', () => this.mentions.update());
    this.el = h(
      doc,
      'div',
      { className: 'composer' },
      this.mentions.el,
      this.images.notice,
      this.chips,
      this.input,
      h(doc, 'div', { className: 'composer-actions' }, attach.el, h(doc, 'span', { className: 'spacer' }), this.stop, this.send),
    );
    this.images.listen(this.el, this.input);
  }

  setDraft(text: string): void {
    this.input.value = text;
    this.autosize();
  }

  /** Puts a failed message back, unless the user already typed something new. */
  restoreDraft(text: string): void {
    if (this.input.value.trim()) return;
    this.restored = text;
    this.setDraft(text);
    this.opts.onDraftChange(text);
  }

  /** Retry re-runs the failed message, so the copy put back in the box is no longer needed. */
  retried(): void {
    if (this.restored !== undefined && this.input.value === this.restored) {
      this.setDraft('');
      this.opts.onDraftChange('');
    }
    this.restored = undefined;
  }

  setBusy(requestId: string | undefined): void {
    this.busyRequestId = requestId;
    this.send.hidden = requestId !== undefined;
    this.stop.hidden = requestId === undefined;
    this.input.placeholder = requestId === undefined ? 'Ask Venice… (@ to mention context, Enter to send, Shift+Enter for a new line)' : 'Enter queues your message until the answer ends';
  }

  setAttachments(list: AttachmentView[]): void {
    this.attachments = list;
    clear(this.chips);
    this.chips.hidden = list.length === 0 && this.images.count === 0;
    for (const a of list) {
      const remove = iconButton(this.doc, `Remove ${a.label}`, 'close');
      remove.addEventListener('click', () => this.opts.post({ type: 'removeAttachment', attachmentId: a.id }));
      this.chips.append(
        h(
          this.doc,
          'li',
          { className: 'chip', title: `${a.label}: ${chipSize(a)}, ${formatBytes(a.bytes)}` },
          icon(this.doc, chipIcon(a.kind)),
          h(this.doc, 'span', { className: 'chip-label', text: a.label }),
          h(this.doc, 'span', { className: 'chip-size', text: chipSize(a) }),
          remove,
        ),
      );
    }
    this.chips.append(...this.images.chips());
  }

  focus(): void {
    this.input.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (this.mentions.handleKey(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'Escape' && this.busyRequestId) {
      e.preventDefault();
      this.requestStop();
    }
  }

  private submit(): void {
    // Busy or not: while an answer streams in this chat the host queues the message.
    const text = this.input.value;
    if (!text.trim() && this.attachments.length === 0 && this.images.count === 0) return;
    const send: ToHost = { type: 'send', text, attachmentIds: this.attachments.map((a) => a.id) };
    if (this.images.count > 0) send.imageIds = this.images.ids;
    this.images.showNotice(null);
    this.opts.post(send);
    this.restored = undefined;
    this.setDraft('');
    this.opts.onDraftChange('');
  }

  /** "Mention context (@)…": types an "@" at the caret (after a space if needed), which opens the list. */
  private startMention(): void {
    const input = this.input;
    input.focus();
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? start;
    const before = input.value.slice(0, start);
    input.setRangeText(before && !/\s$/.test(before) ? ' @' : '@', start, end, 'end');
    this.autosize();
    this.opts.onDraftChange(input.value);
    this.mentions.update();
  }

  private requestStop(): void {
    if (this.busyRequestId) this.opts.post({ type: 'stop', requestId: this.busyRequestId });
  }

  private autosize(): void {
    // CSSOM writes are allowed by the CSP (only inline style attributes in markup are not).
    this.input.style.height = 'auto';
    const needed = this.input.scrollHeight;
    this.input.style.height = needed > 0 ? `${Math.min(240, needed)}px` : '';
  }
}
