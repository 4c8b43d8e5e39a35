// The composer's paperclip: one button labelled "Attach" that opens a small menu ("Attach Image…",
// "Add selection or file as context", "Mention context (@)…"). It follows the WAI-ARIA menu button
// pattern: the button has aria-haspopup="menu" and aria-expanded; opening focuses the first item;
// ArrowUp/ArrowDown/Home/End move, Enter/Space pick (items are buttons), Escape closes and gives focus
// back to the paperclip; Tab or a click elsewhere closes it.
import { h, icon, iconButton } from './dom';

export interface AttachMenuItem {
  label: string;
  codicon: string;
  run(): void;
}

export class AttachMenu {
  readonly el: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly menu: HTMLElement;
  private readonly items: HTMLButtonElement[];
  private static nextId = 0;

  constructor(
    private readonly doc: Document,
    entries: readonly AttachMenuItem[],
  ) {
    const id = `attach-menu-${AttachMenu.nextId++}`;
    this.button = iconButton(doc, 'Attach', 'attach', { 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': id });
    this.items = entries.map((entry) => {
      const item = h(doc, 'button', { type: 'button', role: 'menuitem', className: 'attach-menu-item', tabindex: '-1' }, icon(doc, entry.codicon), h(doc, 'span', { text: entry.label }));
      item.addEventListener('click', () => {
        this.close(false);
        entry.run();
      });
      return item;
    });
    this.menu = h(doc, 'div', { className: 'attach-menu', role: 'menu', id, 'aria-label': 'Attach', hidden: true }, ...this.items);
    this.el = h(doc, 'div', { className: 'attach-menu-anchor' }, this.button, this.menu);
    this.button.addEventListener('click', () => (this.isOpen ? this.close(true) : this.open(0)));
    this.button.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.open(e.key === 'ArrowDown' ? 0 : this.items.length - 1);
      }
    });
    this.menu.addEventListener('keydown', (e) => this.onMenuKey(e));
    // A click anywhere else closes it (the menu's own clicks close it through the item).
    doc.addEventListener('mousedown', (e) => {
      if (this.isOpen && !this.el.contains(e.target as Node)) this.close(false);
    });
  }

  get isOpen(): boolean {
    return !this.menu.hidden;
  }

  open(focusIndex: number): void {
    this.menu.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.items[focusIndex]?.focus();
  }

  close(returnFocus: boolean): void {
    if (!this.isOpen) return;
    this.menu.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (returnFocus) this.button.focus();
  }

  private onMenuKey(e: KeyboardEvent): void {
    const at = this.items.indexOf(this.doc.activeElement as HTMLButtonElement);
    const n = this.items.length;
    let next: number | undefined;
    if (e.key === 'ArrowDown') next = (at + 1) % n;
    else if (e.key === 'ArrowUp') next = (at - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close(true);
      return;
    } else if (e.key === 'Tab') {
      this.close(false);
      return;
    }
    if (next === undefined) return;
    e.preventDefault();
    this.items[next]?.focus();
  }
}
