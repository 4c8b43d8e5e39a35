// The context chips waiting in the composer for the next message (a selection, a file). Sent ones
// leave; a send that got no answer puts them back.
import { MAX_ATTACHMENTS } from '../shared/protocol';
import type { Attachment } from './model';

export class PendingContext {
  private items: Attachment[] = [];

  /** `onChange` redraws the chips. */
  constructor(private readonly onChange: () => void) {}

  get list(): readonly Attachment[] {
    return this.items;
  }

  /** False when the message already carries as much context as it may. */
  add(a: Attachment): boolean {
    if (this.items.length >= MAX_ATTACHMENTS) return false;
    this.items.push(a);
    this.onChange();
    return true;
  }

  remove(id: string): void {
    this.items = this.items.filter((a) => a.id !== id);
    this.onChange();
  }

  /** The chips a message goes out with (by id), taken out of the composer. */
  take(ids: readonly string[]): Attachment[] {
    const taken = this.items.filter((a) => ids.includes(a.id));
    this.items = this.items.filter((a) => !taken.includes(a));
    return taken;
  }

  /** Puts a failed message's chips back (those not there already, while there is room). */
  restore(attachments: readonly Attachment[]): void {
    for (const a of attachments) if (!this.items.some((p) => p.id === a.id)) this.add(a);
  }
}
