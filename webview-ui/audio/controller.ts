// The player's logic, apart from the DOM so it can be tested with fakes: a queue of audio parts of
// one reading, played in order through one media element from blob: URLs made from the bytes the
// host posted. Every URL is revoked once played or dropped.
import type { FromPlayer, ToPlayer } from '../../src/shared/playerProtocol';

/** The parts of HTMLAudioElement the controller uses. */
export interface MediaLike {
  src: string;
  play(): Promise<void>;
  pause(): void;
  removeAttribute(name: string): void;
  load(): void;
}

export type PlayerState = 'idle' | 'loading' | 'playing' | 'blocked' | 'ended' | 'stopped' | 'error';

export interface PlayerViewState {
  state: PlayerState;
  title: string;
  /** 1-based part being played (0 when none). */
  part: number;
  total: number;
  message: string;
}

export interface ControllerDeps {
  media: MediaLike;
  createUrl(data: Uint8Array, mime: string): string;
  revokeUrl(url: string): void;
  post(msg: FromPlayer): void;
  render(view: PlayerViewState): void;
}

interface QueuedPart {
  index: number;
  url: string;
}

export class PlayerController {
  private session = -1;
  private total = 0;
  private title = '';
  private queue: QueuedPart[] = [];
  private current: QueuedPart | undefined;
  private endTotal: number | undefined;
  private lastEnded = -1;
  private view: PlayerViewState = { state: 'idle', title: '', part: 0, total: 0, message: 'Nothing is being read. Select text and run "Venice: Read Selection Aloud".' };

  constructor(private readonly deps: ControllerDeps) {}

  get state(): PlayerViewState {
    return this.view;
  }

  handle(msg: ToPlayer): void {
    switch (msg.type) {
      case 'start':
        this.reset();
        this.session = msg.session;
        this.total = msg.total;
        this.title = msg.title;
        this.render('loading', 0, 'Preparing speech…');
        break;
      case 'part': {
        if (msg.session !== this.session) return;
        this.queue.push({ index: msg.index, url: this.deps.createUrl(msg.data, msg.mime) });
        this.queue.sort((a, b) => a.index - b.index);
        if (!this.current) this.playNext();
        break;
      }
      case 'end':
        if (msg.session !== this.session) return;
        this.endTotal = msg.total;
        if (!this.current && !this.queue.length) this.finishIfDone();
        break;
      case 'stop':
        if (msg.session !== this.session && msg.session !== -1) return;
        this.reset();
        this.render(msg.reason === 'error' || msg.reason === 'timeout' ? 'error' : 'stopped', 0, msg.reason === 'error' || msg.reason === 'timeout' ? 'Reading stopped after an error.' : 'Stopped.');
        break;
    }
  }

  /** The media element finished the current part. */
  mediaEnded(): void {
    const done = this.current;
    if (!done) return;
    this.current = undefined;
    this.lastEnded = done.index;
    this.deps.revokeUrl(done.url);
    this.deps.post({ type: 'part', session: this.session, index: done.index, state: 'ended' });
    this.playNext();
  }

  /** The media element could not decode or load the current part. */
  mediaError(message: string): void {
    const failed = this.current;
    if (!failed) return;
    this.deps.post({ type: 'part', session: this.session, index: failed.index, state: 'error', message });
    this.render('error', failed.index + 1, `This audio could not be played: ${message}`);
  }

  /** The user pressed Play (after the browser refused to start audio on its own). */
  userPlay(): void {
    const part = this.current;
    if (!part) return;
    this.deps.media.play().then(
      () => this.started(part),
      (err: unknown) => this.deps.post({ type: 'part', session: this.session, index: part.index, state: 'error', message: errorName(err) }),
    );
  }

  /** The user pressed Stop in the player: tell the host, which stops fetching too. */
  userStop(): void {
    if (this.session < 0) return;
    this.deps.post({ type: 'stop', session: this.session });
    this.reset();
    this.render('stopped', 0, 'Stopped.');
  }

  private playNext(): void {
    const next = this.queue.shift();
    if (!next) {
      this.finishIfDone();
      return;
    }
    this.current = next;
    const media = this.deps.media;
    media.src = next.url;
    this.render('loading', next.index + 1, `Loading part ${next.index + 1} of ${this.total}…`);
    media.play().then(
      () => this.started(next),
      (err: unknown) => {
        if (this.current !== next) return; // stopped or replaced meanwhile
        const name = errorName(err);
        if (name === 'NotAllowedError') {
          this.deps.post({ type: 'part', session: this.session, index: next.index, state: 'blocked' });
          this.render('blocked', next.index + 1, 'Press Play to listen: the browser did not let audio start by itself.');
        } else if (name !== 'AbortError') {
          this.mediaError(name);
        }
      },
    );
  }

  private started(part: QueuedPart): void {
    if (this.current !== part) return;
    this.deps.post({ type: 'part', session: this.session, index: part.index, state: 'playing' });
    this.render('playing', part.index + 1, `Reading part ${part.index + 1} of ${this.total}`);
  }

  private finishIfDone(): void {
    if (this.endTotal !== undefined && this.lastEnded >= this.endTotal - 1) {
      this.render('ended', 0, this.endTotal === this.total ? 'Finished reading.' : 'Reading stopped early.');
    } else if (this.session >= 0 && this.view.state !== 'error') {
      this.render('loading', this.lastEnded + 2, `Preparing part ${this.lastEnded + 2} of ${this.total}…`);
    }
  }

  private reset(): void {
    const media = this.deps.media;
    media.pause();
    media.removeAttribute('src');
    media.load();
    if (this.current) this.deps.revokeUrl(this.current.url);
    for (const q of this.queue) this.deps.revokeUrl(q.url);
    this.current = undefined;
    this.queue = [];
    this.endTotal = undefined;
    this.lastEnded = -1;
  }

  private render(state: PlayerState, part: number, message: string): void {
    this.view = { state, title: this.title, part, total: this.total, message };
    this.deps.render(this.view);
  }
}

function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'name' in err && typeof (err as { name: unknown }).name === 'string') return (err as { name: string }).name;
  return 'Error';
}
