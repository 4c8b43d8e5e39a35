// One reading: fetches the audio of each part and hands it to the player in order. Part 1 is sent
// as soon as it arrives; part N+1 is fetched while part N plays (never further ahead, so stopping
// early does not pay for audio nobody hears). No `vscode` import: unit-tested with fakes.
import type { PartState } from '../shared/playerProtocol';

export interface AudioPart {
  mime: string;
  data: Uint8Array;
}

/** Where audio goes (the player webview, or a fake in tests). */
export interface PlayerPort {
  start(session: number, total: number, title: string): void;
  part(session: number, index: number, audio: AudioPart): void;
  /** No more parts will come (`total` = how many were sent). */
  end(session: number, total: number): void;
  stop(session: number, reason: string): void;
}

export type StartOutcome = 'playing' | 'blocked' | 'stopped' | 'failed';
export type SessionOutcome = 'finished' | 'stopped' | 'failed';

export interface SessionEvents {
  /** `index` is 0-based. */
  onProgress?(index: number, total: number, state: 'preparing' | 'playing' | 'blocked'): void;
  /** A part could not be fetched or played. The session ends after the audio already queued. */
  onError?(err: unknown, index: number): void;
  onFinish?(outcome: SessionOutcome): void;
}

export type FetchPart = (index: number, text: string, signal: AbortSignal) => Promise<AudioPart>;

export interface SessionOptions {
  /** How long the player may take to start a part it was given before we give up. */
  startTimeoutMs?: number;
  title?: string;
}

export class ReadingSession {
  readonly started: Promise<StartOutcome>;
  readonly finished: Promise<SessionOutcome>;
  private resolveStarted!: (o: StartOutcome) => void;
  private resolveFinished!: (o: SessionOutcome) => void;
  private readonly abort = new AbortController();
  private nextFetch = 0;
  /** Highest part index we may fetch now. */
  private allowedUpTo = 0;
  private fetching = false;
  private sent = 0;
  private failedAt: number | undefined;
  private lastEnded = -1;
  private done = false;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly startTimeoutMs: number;

  constructor(
    readonly id: number,
    readonly parts: readonly string[],
    private readonly fetchPart: FetchPart,
    private readonly player: PlayerPort,
    private readonly events: SessionEvents = {},
    private readonly options: SessionOptions = {},
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.started = new Promise((r) => (this.resolveStarted = r));
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  get total(): number {
    return this.parts.length;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get isDone(): boolean {
    return this.done;
  }

  begin(): void {
    if (!this.parts.length) {
      this.finish('failed', 'failed');
      return;
    }
    this.player.start(this.id, this.total, this.options.title ?? '');
    this.events.onProgress?.(0, this.total, 'preparing');
    void this.pump();
  }

  /** What the player reported about one of this session's parts. */
  onPlayer(index: number, state: PartState, message?: string): void {
    if (this.done || index < 0 || index >= this.total) return;
    switch (state) {
      case 'playing':
        if (index === 0) this.clearStartTimer();
        this.resolveStarted('playing');
        this.events.onProgress?.(index, this.total, 'playing');
        if (index + 1 > this.allowedUpTo) {
          this.allowedUpTo = index + 1;
          void this.pump();
        }
        break;
      case 'blocked':
        this.clearStartTimer();
        this.resolveStarted('blocked');
        this.events.onProgress?.(index, this.total, 'blocked');
        break;
      case 'ended':
        this.lastEnded = Math.max(this.lastEnded, index);
        if (index === this.total - 1) this.finish('finished', 'playing');
        else if (this.failedAt !== undefined && index >= this.failedAt - 1) this.finish('failed', 'failed');
        break;
      case 'error':
        this.events.onError?.(new Error(message ? `The player could not play part ${index + 1}: ${message}` : `The player could not play part ${index + 1}.`), index);
        this.player.stop(this.id, 'error');
        this.finish('failed', 'failed');
        break;
    }
  }

  /** Stops fetching and playing. */
  stop(reason = 'stopped'): void {
    if (this.done) return;
    this.player.stop(this.id, reason);
    this.finish('stopped', 'stopped');
  }

  private async pump(): Promise<void> {
    while (!this.done && !this.fetching && this.failedAt === undefined && this.nextFetch < this.total && this.nextFetch <= this.allowedUpTo) {
      const index = this.nextFetch++;
      this.fetching = true;
      let audio: AudioPart;
      try {
        audio = await this.fetchPart(index, this.parts[index] ?? '', this.abort.signal);
      } catch (err) {
        this.fetching = false;
        if (this.done) return;
        this.failedAt = index;
        this.events.onError?.(err, index);
        if (index === 0) {
          this.player.stop(this.id, 'error');
          this.finish('failed', 'failed');
        } else if (this.lastEnded >= index - 1) {
          // Everything before the failed part has already been heard.
          this.player.end(this.id, index);
          this.finish('failed', 'failed');
        } else {
          this.player.end(this.id, index);
        }
        return;
      }
      this.fetching = false;
      if (this.done) return;
      this.player.part(this.id, index, audio);
      this.sent = index + 1;
      if (index === 0) this.armStartTimer();
      if (this.sent === this.total) this.player.end(this.id, this.total);
    }
  }

  private armStartTimer(): void {
    this.clearStartTimer();
    this.startTimer = setTimeout(() => {
      if (this.done) return;
      this.events.onError?.(new Error('The Venice player did not start playing. Open the Player view (Venice sidebar) and try again.'), 0);
      this.player.stop(this.id, 'timeout');
      this.finish('failed', 'failed');
    }, this.startTimeoutMs);
  }

  private clearStartTimer(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = undefined;
  }

  private finish(outcome: SessionOutcome, start: StartOutcome): void {
    if (this.done) return;
    this.done = true;
    this.clearStartTimer();
    this.abort.abort();
    this.resolveStarted(start);
    this.resolveFinished(outcome);
    this.events.onFinish?.(outcome);
  }
}
