// Parts of an element that most instances never show (an answer's error card, sources, checkpoint,
// thinking…): each is created the first time it is needed, put in its place among its siblings,
// and from then on kept, shown and hidden like an eager one. A stored answer then holds about half
// the elements it did (21 instead of 43 for a plain one), which is less for the browser to create,
// style and lay out when a chat opens, and less DOM for the garbage collector to walk through while
// a long chat is scrolled (its major collections were the longest tasks of the 10,000-message fling).

/** The parts of one parent, in their order: a part created later goes before the next one there is. */
export class LazyParts<Name extends string> {
  private readonly made = new Map<number, Element>();

  /**
   * `order` names every child that can be in `parent`, in order; `fixed` are the ones always there
   * (created by the caller and already in `parent`).
   */
  constructor(
    private readonly parent: Element,
    private readonly order: readonly Name[],
    fixed: Partial<Record<Name, Element>> = {},
  ) {
    for (const name of order) {
      const el = fixed[name];
      if (el) this.made.set(order.indexOf(name), el);
    }
  }

  /** The part, created (by `create`) and put in its place the first time. */
  get<T extends Element>(name: Name, create: () => T): T {
    const rank = this.order.indexOf(name);
    const existing = this.made.get(rank);
    if (existing) return existing as T;
    const el = create();
    let next: Element | null = null;
    for (let r = rank + 1; r < this.order.length && !next; r++) next = this.made.get(r) ?? null;
    this.parent.insertBefore(el, next);
    this.made.set(rank, el);
    return el;
  }

  /** The part when `wanted` (made if need be), else the one made earlier, if any (to hide or empty it). */
  getIf<T extends Element>(name: Name, wanted: boolean, create: () => T): T | undefined {
    return wanted ? this.get(name, create) : this.peek<T>(name);
  }

  /** The part if it was ever needed. */
  peek<T extends Element>(name: Name): T | undefined {
    return this.made.get(this.order.indexOf(name)) as T | undefined;
  }
}
