// The transcript's message elements, in groups of up to GROUP_SIZE consecutive messages. Each group
// has `content-visibility: auto` (styles.css): an off-screen group is neither laid out nor painted.
// Groups rather than single messages because the browser checks every such element on every frame
// that changes layout: 2,000 of them cost several ms per frame while an answer streams, 80 do not.
// Each group sits alone in a plain slot (the list's children are slots): Chromium makes the next
// style update after a `content-visibility` element among many such siblings loses its box (taken
// out, or display: none) cost ~15-35 ms at 100 siblings, growing with their number, while taking out
// a plain slot that holds one costs ~2 ms (traced and timed in plain Chromium during the long-chat fling,
// bench/webview/plainOpen.ts).
// Order is all that matters to the rest of the code: messages stay in conversation order.
// A very long chat keeps its page bounded: once more than a given number of messages are in the
// page, the newest groups (far below what the user reads while scrolling up) are taken out of it and
// kept whole, in order, to be put back below when the user comes down to them or a message is added.
// Taking out or putting back below what is on screen moves nothing on screen.

export const GROUP_SIZE = 25;

export class MessageGroups {
  constructor(
    private readonly doc: Document,
    readonly list: HTMLElement,
    private readonly size = GROUP_SIZE,
  ) {}

  /** Slots taken out of the page, oldest first (they all come after the last one in it). */
  private detached: HTMLElement[] = [];
  /** Their heights when they left (what the page would be taller by with them in it). */
  private readonly heights = new Map<HTMLElement, number>();

  clear(): void {
    while (this.list.firstChild) this.list.firstChild.remove();
    this.detached = [];
    this.heights.clear();
  }

  /** Height of the groups taken out of the page, as they were when they left. */
  get detachedHeight(): number {
    let sum = 0;
    for (const h of this.heights.values()) sum += h;
    return sum;
  }

  /** Newer messages are kept out of the page (see detachNewest). */
  get hasDetached(): boolean {
    return this.detached.length > 0;
  }

  /** Messages in the page. */
  get attachedMessages(): number {
    let n = 0;
    for (let s = this.list.firstElementChild; s; s = s.nextElementSibling) n += groupOf(s).childElementCount;
    return n;
  }

  /**
   * Once the page holds more than `max` messages, takes the newest groups out of it until it holds
   * no more than `max - batch` (the first group always stays), so the heights are read (a forced
   * layout) once in `batch` messages rather than every frame. All heights are read before anything
   * is taken out (a read after a removal would lay the page out again, once per group): call it when
   * layout is clean, before other writes.
   */
  detachNewest(max: number, batch = 0): void {
    let attached = this.attachedMessages;
    if (attached <= max) return;
    const leaving: HTMLElement[] = [];
    for (let s = this.list.lastElementChild as HTMLElement | null; s && s !== this.list.firstElementChild && attached > max - batch; s = s.previousElementSibling as HTMLElement | null) {
      const group = groupOf(s);
      this.heights.set(s, group.offsetHeight);
      leaving.push(s);
      attached -= group.childElementCount;
    }
    for (const s of leaving) s.remove();
    // `leaving` is newest first; the slots already out are newer still.
    this.detached.unshift(...leaving.reverse());
  }

  /** Puts up to `count` of the groups taken out back below the others; returns them. */
  reattach(count = Infinity): HTMLElement[] {
    const back = this.detached.splice(0, count);
    for (const s of back) this.heights.delete(s);
    this.list.append(...back);
    return back;
  }

  /** The group of the newest messages. */
  get lastGroup(): Element | null {
    const last = this.list.lastElementChild;
    return last && groupOf(last);
  }

  /** Adds a message after all others (the last group, or a new one when it is full). */
  append(el: HTMLElement): void {
    // After every message there is: the ones kept out of the page go back first.
    this.reattach();
    const last = this.lastGroup;
    if (last && last.childElementCount < this.size) last.append(el);
    else this.list.append(this.slot(el));
  }

  /** Adds messages (oldest first) before all others: fills the first group, then new groups. */
  prepend(els: readonly HTMLElement[]): void {
    let end = els.length;
    const first = this.list.firstElementChild && groupOf(this.list.firstElementChild);
    if (first) {
      const room = Math.max(0, this.size - first.childElementCount);
      const start = Math.max(0, end - room);
      first.prepend(...els.slice(start, end));
      end = start;
    }
    // The rest, newest chunk first, each put in front of the ones before.
    for (; end > 0; end -= this.size) this.list.prepend(this.slot(...els.slice(Math.max(0, end - this.size), end)));
  }

  /** Removes a message; a group left empty goes too. */
  remove(el: Element): void {
    const slot = el.parentElement?.parentElement;
    el.remove();
    if (!slot || groupOf(slot).childElementCount > 0) return;
    const kept = this.detached.indexOf(slot as HTMLElement);
    if (slot.parentElement === this.list) slot.remove();
    else if (kept !== -1) {
      this.detached.splice(kept, 1);
      this.heights.delete(slot as HTMLElement);
    }
  }

  /** A slot holding a new group of `els`. */
  private slot(...els: HTMLElement[]): HTMLElement {
    const group = this.doc.createElement('div');
    group.className = 'message-group';
    group.append(...els);
    const slot = this.doc.createElement('div');
    slot.className = 'message-slot';
    slot.append(group);
    return slot;
  }
}

/** The group a slot holds (its only child). */
function groupOf(slot: Element): HTMLElement {
  return slot.firstElementChild as HTMLElement;
}
