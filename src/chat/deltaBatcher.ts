// Coalesces streamed text into at most one webview message per frame (~16 ms) instead of one per
// token, without holding text back: after a quiet spell, what arrived is posted on the next
// macrotask (tokens read from the same network chunk still go together); only while messages
// follow each other closely is the next one held until a frame's time has passed since the last.
// The webview renders once per frame anyway, so more messages would only add IPC work, and fewer
// would add lag. Order is kept: pieces for different rounds/channels are posted in arrival order.
import type { ToWebview } from '../shared/protocol';

export type DeltaMessage = Extract<ToWebview, { type: 'delta' }>;
export type DeltaKey = Omit<DeltaMessage, 'type' | 'text'>;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

function sameKey(a: DeltaKey, b: DeltaKey): boolean {
  return a.requestId === b.requestId && a.messageId === b.messageId && a.round === b.round && a.channel === b.channel && a.conversationId === b.conversationId;
}

/** One frame at 60 Hz: the least time between two delta messages while text keeps coming. */
export const FRAME_MS = 16;

export class DeltaBatcher {
  private pending: DeltaMessage[] = [];
  private timer: unknown;
  private disposed = false;
  private lastPostAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly post: (m: DeltaMessage) => void,
    private readonly minIntervalMs = FRAME_MS,
    private readonly timers: Timers = realTimers,
    private readonly now: () => number = Date.now,
  ) {}

  push(key: DeltaKey, text: string): void {
    if (this.disposed || text.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    if (last && sameKey(last, key)) last.text += text;
    else this.pending.push({ type: 'delta', ...key, text });
    if (this.timer !== undefined) return;
    // 0 = the next macrotask: the rest of the current network read joins this message.
    const wait = Math.max(0, this.lastPostAt + this.minIntervalMs - this.now());
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Posts everything pending now (call before any message that must come after the text). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const out = this.pending;
    if (out.length === 0) return;
    this.pending = [];
    this.lastPostAt = this.now();
    for (const m of out) this.post(m);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
