// The transcript's message elements, in groups of up to GROUP_SIZE consecutive messages. Each group
// has `content-visibility: auto` (styles.css): an off-screen group is neither laid out nor painted.
// Groups rather than single messages because the browser checks every such element on every frame
// that changes layout: 2,000 of them cost several ms per frame while an answer streams, 80 do not.
// Order is all that matters to the rest of the code: messages stay in conversation order.

export const GROUP_SIZE = 25;

export class MessageGroups {
  constructor(
    private readonly doc: Document,
    readonly list: HTMLElement,
    private readonly size = GROUP_SIZE,
  ) {}

  clear(): void {
    while (this.list.firstChild) this.list.firstChild.remove();
  }

  /** The group of the newest messages. */
  get lastGroup(): Element | null {
    return this.list.lastElementChild;
  }

  /** Adds a message after all others (the last group, or a new one when it is full). */
  append(el: HTMLElement): void {
    const last = this.list.lastElementChild;
    if (last && last.childElementCount < this.size) last.append(el);
    else this.list.append(this.group(el));
  }

  /** Adds messages (oldest first) before all others: fills the first group, then new groups. */
  prepend(els: readonly HTMLElement[]): void {
    let end = els.length;
    const first = this.list.firstElementChild;
    if (first) {
      const room = Math.max(0, this.size - first.childElementCount);
      const start = Math.max(0, end - room);
      first.prepend(...els.slice(start, end));
      end = start;
    }
    // The rest, newest chunk first, each put in front of the ones before.
    for (; end > 0; end -= this.size) this.list.prepend(this.group(...els.slice(Math.max(0, end - this.size), end)));
  }

  /** Removes a message; a group left empty goes too. */
  remove(el: Element): void {
    const group = el.parentElement;
    el.remove();
    if (group && group.parentElement === this.list && group.childElementCount === 0) group.remove();
  }

  private group(...els: HTMLElement[]): HTMLElement {
    const g = this.doc.createElement('div');
    g.className = 'message-group';
    g.append(...els);
    return g;
  }
}
