// Coalesces streamed text into at most one webview message per two frames (~33 ms) instead of one
// per token, without holding text back: after a quiet spell, what arrived is posted on the next
// macrotask (tokens read from the same network chunk still go together); only while messages
// follow each other closely is the next one held until STREAM_INTERVAL_MS has passed since the last.
// Each message costs the workbench's main thread (shared with the webview) and a Markdown update,
// so more messages would only add work, and fewer would add lag; the end of a stream is flushed at
// once. Order is kept: pieces for different rounds/channels are posted in arrival order.
// On a busy channel (code-server's WebSocket and the workbench's main thread under load) messages
// would queue behind each other and the last token would wait behind them all: so while a posted
// delta is not acknowledged yet (the post's promise, settled once the view's side took it), text
// gathers into the next one, posted when the acknowledgement comes. Fewer, larger messages then,
// and the queue in front of the last token stays one message long.
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

/** One frame at 60 Hz. */
export const FRAME_MS = 16;
/**
 * The least time between two delta messages while text keeps coming: two frames. Each message costs
 * the workbench's main thread (which the webview shares) several hops and the webview a Markdown
 * update with its layout and paint; at one a frame that thread was busy nearly all the time on this
 * machine, so the answer's last message queued behind drawing. Text drawn 30 times a second reads as
 * smoothly; the last text is not held (flush() at the end of the stream).
 */
export const STREAM_INTERVAL_MS = 2 * FRAME_MS;
/** Unacknowledged delta messages at most; more text waits for an acknowledgement. */
export const MAX_IN_FLIGHT = 1;
/** An acknowledgement that does not come holds text back no longer than this. */
export const MAX_HOLD_MS = 100;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export class DeltaBatcher {
  private pending: DeltaMessage[] = [];
  private timer: unknown;
  private disposed = false;
  private lastPostAt = Number.NEGATIVE_INFINITY;
  private inFlight = 0;

  constructor(
    /** May return a promise settled once the view's side took the message (anything else: no acknowledgement to wait for). */
    private readonly post: (m: DeltaMessage) => unknown,
    private readonly minIntervalMs = STREAM_INTERVAL_MS,
    private readonly timers: Timers = realTimers,
    private readonly now: () => number = Date.now,
  ) {}

  push(key: DeltaKey, text: string): void {
    if (this.disposed || text.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    if (last && sameKey(last, key)) last.text += text;
    else this.pending.push({ type: 'delta', ...key, text });
    if (this.timer !== undefined) return;
    this.schedule();
  }

  private schedule(): void {
    // Waiting for an acknowledgement: it flushes (or this timer, if it never comes).
    // Else 0 = the next macrotask: the rest of the current network read joins this message.
    const wait = this.inFlight >= MAX_IN_FLIGHT ? MAX_HOLD_MS : Math.max(0, this.lastPostAt + this.minIntervalMs - this.now());
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  private acknowledged(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.disposed || this.pending.length === 0 || this.inFlight >= MAX_IN_FLIGHT) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.schedule();
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
    for (const m of out) {
      const r = this.post(m);
      if (isThenable(r)) {
        this.inFlight++;
        const ack = () => this.acknowledged();
        r.then(ack, ack);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
