// Keeps checkpoint storage in bounds from the chat's side: only the chats know which checkpoints
// still exist. After a chat is deleted, once a while after the window opens, and after an answer
// recorded a checkpoint while storage is over its cap, every stored chat is read (one at a time,
// keeping only its checkpoints) and handed to the checkpoint service, which drops the oldest
// checkpoints above the cap and deletes content no checkpoint needs. A chat whose checkpoint was
// dropped is saved and redrawn ("Restore no longer available"). No `vscode` import.
import type { Checkpoint } from '../checkpoints/record';
import type { Timers } from './deltaBatcher';
import type { AssistantEntry, Conversation } from './model';
import type { ChatLogger, CheckpointPort } from './ports';
import type { ChatSession } from './session';

/** How long after the window opens (or an answer ends) the care runs: never in the way of start-up. */
export const CARE_DELAY_MS = 30_000;

interface Found {
  conversationId: string;
  entryId: string;
  checkpoint: Checkpoint;
  at: number;
}

export class CheckpointCare {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly port: CheckpointPort,
    private readonly session: ChatSession,
    private readonly redraw: (conv: Conversation, entry: AssistantEntry) => void,
    private readonly log: ChatLogger,
    private readonly timers: Timers,
  ) {}

  /** Runs the care after `delayMs` (a later call before then keeps the first time). */
  schedule(delayMs = CARE_DELAY_MS): void {
    if (this.disposed || this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
  }

  /** An answer recorded a checkpoint: care only when storage is over its cap. */
  async answerRecorded(): Promise<void> {
    if (await this.port.needsCare()) this.schedule();
  }

  /** Runs now (or once more after the run in progress). */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.once();
        } while (this.again && !this.disposed);
      } catch (err) {
        this.log.error('Checkpoint storage care failed', err);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async once(): Promise<void> {
    const found = await this.gather();
    if (this.disposed) return;
    const expired = new Set(await this.port.collect(found));
    if (expired.size === 0) return;
    const byChat = new Map<string, string[]>();
    for (const f of found) if (expired.has(f.checkpoint)) byChat.set(f.conversationId, [...(byChat.get(f.conversationId) ?? []), f.entryId]);
    for (const [conversationId, entryIds] of byChat) await this.markExpired(conversationId, entryIds);
    this.log.info(`Checkpoint storage over its cap: ${expired.size} oldest checkpoint(s) dropped`);
  }

  /** Every stored checkpoint with its chat, read one chat at a time (only the checkpoints are kept). */
  private async gather(): Promise<Found[]> {
    const ids = new Set(this.session.list().map((s) => s.id));
    ids.add(this.session.active.id);
    const found: Found[] = [];
    for (const id of ids) {
      const conv = await this.session.read(id);
      for (const e of conv?.entries ?? []) {
        if (e.role === 'assistant' && e.checkpoint) found.push({ conversationId: id, entryId: e.id, checkpoint: e.checkpoint, at: e.createdAt });
      }
    }
    return found;
  }

  /** Marks the entries' checkpoints expired in the chat this window holds (or the stored one) and saves it. */
  private async markExpired(conversationId: string, entryIds: readonly string[]): Promise<void> {
    const conv = await this.session.read(conversationId);
    if (!conv) return;
    for (const e of conv.entries) {
      if (e.role !== 'assistant' || !e.checkpoint || !entryIds.includes(e.id)) continue;
      e.checkpoint.expired = true;
      if (this.session.inMemory(conversationId)) this.redraw(conv, e);
    }
    await this.session.save(conv);
  }
}
