// The queued messages of the open chat, between the transcript and the composer: each is an article
// "You (queued)" with its text, context chips and images, and a "Remove queued message" button.
// The host owns the queue (it is saved with the chat); this only draws what 'queue' says.
import type { QueuedMessageView, ToHost } from '../../src/shared/protocol';
import { clear, h, icon, iconButton } from './dom';
import { chipIcon, chipSize } from './chips';
import { formatBytes } from './format';
import { imageThumbs } from './imageAttach';

export class QueuedMessages {
  readonly el: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly post: (m: ToHost) => void,
  ) {
    this.el = h(doc, 'section', { className: 'queued-messages', 'aria-label': 'Queued messages', hidden: true });
  }

  set(list: readonly QueuedMessageView[]): void {
    clear(this.el);
    this.el.hidden = list.length === 0;
    for (const m of list) this.el.append(this.article(m));
  }

  private article(m: QueuedMessageView): HTMLElement {
    const doc = this.doc;
    const remove = iconButton(doc, 'Remove queued message', 'close');
    remove.addEventListener('click', () => this.post({ type: 'removeQueued', messageId: m.id }));
    const body = h(doc, 'div', { className: 'message-body' }, h(doc, 'div', { className: 'user-text', text: m.text }));
    if (m.attachments.length) {
      body.append(
        h(doc, 'ul', { className: 'chips', 'aria-label': 'Attached context' }, ...m.attachments.map((a) => h(doc, 'li', { className: 'chip', title: formatBytes(a.bytes) }, icon(doc, chipIcon(a.kind)), h(doc, 'span', { text: `${a.label} · ${chipSize(a)}` })))),
      );
    }
    if (m.images.length) body.append(imageThumbs(doc, m.images));
    return h(
      doc,
      'article',
      { className: 'message user queued', 'aria-label': 'You (queued)', 'data-queued-id': m.id },
      h(doc, 'div', { className: 'message-header' }, icon(doc, 'watch'), h(doc, 'span', { className: 'author', text: 'You (queued)' }), h(doc, 'span', { className: 'hint', text: 'sent when the answer ends' }), h(doc, 'span', { className: 'spacer' }), remove),
      body,
    );
  }
}
