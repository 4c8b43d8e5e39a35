// Coalesces streamed text into one webview message per short window (default 24 ms) instead of one
// per token: fewer postMessage round trips, and the webview renders at most once per frame anyway.
// Order is kept: pieces for different rounds/channels are posted in the order they arrived.
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

export class DeltaBatcher {
  private pending: DeltaMessage[] = [];
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly post: (m: DeltaMessage) => void,
    private readonly windowMs = 24,
    private readonly timers: Timers = realTimers,
  ) {}

  push(key: DeltaKey, text: string): void {
    if (this.disposed || text.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    if (last && sameKey(last, key)) last.text += text;
    else this.pending.push({ type: 'delta', ...key, text });
    if (this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flush(), this.windowMs);
  }

  /** Posts everything pending now (call before any message that must come after the text). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const out = this.pending;
    this.pending = [];
    for (const m of out) this.post(m);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
