// The conversation (role="log"): message elements by id, streamed deltas, and scrolling that follows
// the answer while the user is at the bottom. Long conversations are drawn newest-first in chunks,
// one chunk per frame, so opening a big chat never blocks the view.
import type { MessageView } from '../../src/shared/protocol';
import { clear, h, icon } from './dom';
import { AssistantMessageElement, UserMessageElement, type MessageContext, type MessageElement } from './messageView';

const CHUNK = 30;

export class Transcript {
  readonly el: HTMLElement;
  private readonly notesEl: HTMLElement;
  private readonly list: HTMLElement;
  private readonly byId = new Map<string, MessageElement>();
  private order: string[] = [];
  private stick = true;
  private generation = 0;

  constructor(
    private readonly ctx: MessageContext,
    private readonly requestFrame: (cb: () => void) => void,
  ) {
    const doc = ctx.doc;
    this.notesEl = h(doc, 'div', { className: 'conversation-notes' });
    this.list = h(doc, 'div', { className: 'messages' });
    this.el = h(doc, 'div', { className: 'transcript', role: 'log', 'aria-label': 'Conversation', tabindex: '0' }, this.notesEl, this.list);
    this.el.addEventListener('scroll', () => {
      this.stick = this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < 40;
    });
  }

  get isEmpty(): boolean {
    return this.order.length === 0;
  }

  /** Where the user is reading, or undefined while following the end of the conversation. */
  get readingPosition(): number | undefined {
    return this.stick ? undefined : this.el.scrollTop;
  }

  setMessages(messages: MessageView[], notes: string[], scrollTop?: number): void {
    const gen = ++this.generation;
    clear(this.list);
    this.byId.clear();
    this.order = messages.map((m) => m.id);
    clear(this.notesEl);
    for (const n of notes) this.notesEl.append(h(this.ctx.doc, 'div', { className: 'note', role: 'note' }, icon(this.ctx.doc, 'info'), h(this.ctx.doc, 'span', { text: n })));
    // Newest first, so what the user looks at appears at once; older messages follow frame by frame.
    this.stick = true;
    let end = messages.length;
    const drawChunk = () => {
      if (gen !== this.generation) return;
      const start = Math.max(0, end - CHUNK);
      const frag = this.ctx.doc.createDocumentFragment();
      for (const m of messages.slice(start, end)) frag.append(this.create(m).el);
      const before = this.el.scrollHeight;
      this.list.prepend(frag);
      this.markLast();
      // Prepending must not move what is on screen: follow the end, or keep the same content in view.
      if (this.stick) this.scrollToEnd();
      else this.el.scrollTop += this.el.scrollHeight - before;
      end = start;
      if (end > 0) this.requestFrame(drawChunk);
      else if (scrollTop !== undefined) {
        this.el.scrollTop = scrollTop;
        this.stick = false;
      } else {
        // Off-screen messages are laid out lazily (content-visibility): settle at the end once more.
        this.requestFrame(() => this.scrollIfFollowing());
      }
    };
    drawChunk();
  }

  add(m: MessageView): void {
    if (this.byId.has(m.id)) return this.update(m);
    this.order.push(m.id);
    this.list.append(this.create(m).el);
    this.markLast();
    // The user's own message always brings the view to the end.
    if (m.role === 'user') this.stick = true;
    this.scrollIfFollowing();
  }

  update(m: MessageView): void {
    const el = this.byId.get(m.id);
    if (!el) return;
    if (m.role === 'user' && el instanceof UserMessageElement) el.update(m);
    else if (m.role === 'assistant' && el instanceof AssistantMessageElement) el.update(m);
    this.scrollIfFollowing();
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      this.byId.get(id)?.el.remove();
      this.byId.delete(id);
    }
    this.order = this.order.filter((id) => !ids.includes(id));
    this.markLast();
  }

  /** Appends streamed text; returns the element to flush on the next frame (undefined if unknown). */
  delta(messageId: string, round: number, channel: 'text' | 'reasoning', text: string): AssistantMessageElement | undefined {
    const el = this.byId.get(messageId);
    if (!(el instanceof AssistantMessageElement)) return undefined;
    return el.appendDelta(round, channel, text) ? el : undefined;
  }

  scrollIfFollowing(): void {
    if (this.stick) this.scrollToEnd();
  }

  private scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  private create(m: MessageView): MessageElement {
    const el = m.role === 'user' ? new UserMessageElement(this.ctx, m) : new AssistantMessageElement(this.ctx, m);
    this.byId.set(m.id, el);
    return el;
  }

  /** Only the last question can be edited and only the last answer regenerated. */
  private markLast(): void {
    let lastUser: string | undefined;
    let lastAssistant: string | undefined;
    for (const id of this.order) {
      const el = this.byId.get(id);
      if (el instanceof UserMessageElement) lastUser = id;
      else if (el instanceof AssistantMessageElement) lastAssistant = id;
    }
    for (const [id, el] of this.byId) el.el.toggleAttribute('data-last', id === lastUser || id === lastAssistant);
  }
}
