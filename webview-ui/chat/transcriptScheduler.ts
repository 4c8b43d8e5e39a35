// When the transcript does its work. Two kinds:
// - frame jobs run once in the next animation frame, however often they were asked for (DOM writes
//   that must show in the next paint: inserting drawn messages, streamed text, keeping the scroll);
// - background work (drawing older messages) runs in slices of at most a few milliseconds, so it
//   never makes a long task and never delays typing: in idle time, and also a short slice in every
//   frame, so it still finishes on a busy machine where the thread is seldom idle. While the user
//   looks at the part that is not drawn yet ("hurry"), the slice per frame is a full one.

/** Longest slice of background work, in ms (a frame is ~16 ms; a long task starts at 50). */
export const SLICE_MS = 8;
/** The slice background work gets in every frame (and in an idle callback forced by its timeout). */
export const FRAME_SLICE_MS = 4;
/** An idle callback runs at the latest this long after it was asked for. */
const IDLE_TIMEOUT_MS = 200;

/** Returns the milliseconds the current slice may still use (<= 0: stop now). */
export type TimeLeft = () => number;

/** Background work: does a slice of work and returns true while more remains. */
export type SliceWork = (timeLeft: TimeLeft) => boolean;

/** The timing functions the scheduler uses (injected: tests drive them by hand). */
export interface SchedulerEnv {
  /** Runs cb before the next paint (requestAnimationFrame). */
  requestFrame(cb: () => void): void;
  /** Runs cb in idle time; cb gets the ms it may use. Undefined: background work runs in frames only. */
  requestIdle?(cb: (timeLeft: TimeLeft) => void): void;
  now(): number;
}

interface IdleDeadlineLike {
  didTimeout: boolean;
  timeRemaining(): number;
}
type IdleWindow = { requestIdleCallback?: (cb: (d: IdleDeadlineLike) => void, opts?: { timeout: number }) => number };

/** The browser's timing: the given frame function, requestIdleCallback when there is one, performance.now. */
export function browserSchedulerEnv(win: (Window & typeof globalThis) | null, requestFrame: (cb: () => void) => void): SchedulerEnv {
  const perf = win?.performance ?? globalThis.performance;
  const now = () => perf.now();
  const ric = (win as IdleWindow | null)?.requestIdleCallback?.bind(win);
  return {
    requestFrame,
    now,
    requestIdle: ric
      ? (cb) =>
          ric(
            (d) => {
              const end = now() + (d.didTimeout ? FRAME_SLICE_MS : SLICE_MS);
              cb(() => (d.didTimeout ? end - now() : Math.min(d.timeRemaining(), end - now())));
            },
            { timeout: IDLE_TIMEOUT_MS },
          )
      : undefined,
  };
}

export class TranscriptScheduler {
  private readonly frameJobs = new Set<() => void>();
  private frameQueued = false;
  private work: SliceWork | undefined;
  private idleQueued = false;
  private hurry = false;

  constructor(
    private readonly env: SchedulerEnv,
    private readonly sliceMs = SLICE_MS,
    private readonly frameSliceMs = FRAME_SLICE_MS,
  ) {}

  now(): number {
    return this.env.now();
  }

  /** Runs `job` in the next animation frame, once however often it is asked for before then. */
  inFrame(job: () => void): void {
    this.frameJobs.add(job);
    this.queueFrame();
  }

  /** Sets (or with undefined, cancels) the background work; it runs slice by slice until it returns false. */
  setBackground(work: SliceWork | undefined): void {
    this.work = work;
    if (!work) return;
    this.queueIdle();
    this.queueFrame();
  }

  get hasBackground(): boolean {
    return this.work !== undefined;
  }

  get hurrying(): boolean {
    return this.hurry;
  }

  /** While on, background work gets a full slice every frame (the user is waiting for it). */
  setHurry(on: boolean): void {
    this.hurry = on;
    if (on && this.work) this.queueFrame();
  }

  private queueFrame(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    this.env.requestFrame(() => this.runFrame());
  }

  private runFrame(): void {
    this.frameQueued = false;
    // Background work first, so what it drew is put in by the frame jobs of this same frame.
    if (this.work) this.runSlice(this.hurry || !this.env.requestIdle ? this.sliceMs : this.frameSliceMs);
    const jobs = Array.from(this.frameJobs);
    this.frameJobs.clear();
    for (const job of jobs) job();
    if (this.work) this.queueFrame();
  }

  private queueIdle(): void {
    if (this.idleQueued || !this.env.requestIdle) return;
    this.idleQueued = true;
    this.env.requestIdle((timeLeft) => {
      this.idleQueued = false;
      this.runSlice(Math.min(this.sliceMs, timeLeft()), timeLeft);
    });
  }

  private runSlice(budgetMs: number, outer?: TimeLeft): void {
    const work = this.work;
    if (!work) return;
    const end = this.env.now() + budgetMs;
    const timeLeft: TimeLeft = outer ? () => Math.min(outer(), end - this.env.now()) : () => end - this.env.now();
    const more = work(timeLeft);
    // The work may have been replaced meanwhile (a new conversation): only finish the one that ran.
    if (this.work !== work) return;
    if (!more) this.work = undefined;
    else this.queueIdle();
  }
}
