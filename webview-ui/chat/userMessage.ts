// A question in the transcript: plain text (never Markdown) and its context chips. Only the last one
// can be edited in place; Enter sends the edited text ('editLast'), Escape cancels.
import type { UserMessageView } from '../../src/shared/protocol';
import { chipIcon, chipSize } from './chips';
import { clear, h, icon, iconButton, textButton } from './dom';
import { formatBytes } from './format';
import { imageThumbs } from './imageAttach';
import type { MessageContext } from './messageContext';

export class UserMessageElement {
  readonly el: HTMLElement;
  private view: UserMessageView;
  private readonly body: HTMLElement;
  private readonly editButton: HTMLButtonElement;
  private editing = false;

  constructor(private readonly ctx: MessageContext, view: UserMessageView) {
    const doc = ctx.doc;
    this.view = view;
    this.editButton = iconButton(doc, 'Edit', 'edit', { className: 'icon-button only-last' });
    this.editButton.addEventListener('click', () => this.startEdit());
    this.body = h(doc, 'div', { className: 'message-body' });
    this.el = h(
      doc,
      'article',
      { className: 'message user', 'aria-label': 'You', 'data-message-id': view.id },
      h(doc, 'div', { className: 'message-header' }, icon(doc, 'account'), h(doc, 'span', { className: 'author', text: 'You' }), h(doc, 'span', { className: 'spacer' }), this.editButton),
      this.body,
    );
    this.render();
  }

  get id(): string {
    return this.view.id;
  }

  update(view: UserMessageView): void {
    this.view = view;
    if (!this.editing) this.render();
  }

  private render(): void {
    const doc = this.ctx.doc;
    clear(this.body);
    this.body.append(h(doc, 'div', { className: 'user-text', text: this.view.text }));
    if (this.view.attachments.length > 0) {
      const chips = h(doc, 'ul', { className: 'chips', 'aria-label': 'Attached context' });
      for (const a of this.view.attachments) {
        chips.append(h(doc, 'li', { className: 'chip', title: formatBytes(a.bytes) }, icon(doc, chipIcon(a.kind)), h(doc, 'span', { text: `${a.label} · ${chipSize(a)}` })));
      }
      this.body.append(chips);
    }
    if (this.view.images?.length) this.body.append(imageThumbs(doc, this.view.images));
  }

  private startEdit(): void {
    if (this.editing) return;
    this.editing = true;
    const doc = this.ctx.doc;
    const area = h(doc, 'textarea', { className: 'edit-input', 'aria-label': 'Edit message', rows: '3' });
    area.value = this.view.text;
    const send = textButton(doc, 'Send edited message', 'send', { className: 'text-button primary' });
    const cancel = textButton(doc, 'Cancel', undefined);
    const finish = () => {
      this.editing = false;
      this.render();
    };
    send.addEventListener('click', () => {
      if (!area.value.trim()) return;
      this.ctx.post({ type: 'editLast', messageId: this.view.id, text: area.value });
      finish();
    });
    cancel.addEventListener('click', finish);
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        send.click();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        finish();
      }
    });
    clear(this.body);
    this.body.append(area, h(doc, 'div', { className: 'button-row' }, send, cancel));
    area.focus();
  }
}
