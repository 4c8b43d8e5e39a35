// Reads text aloud: one reading at a time, its progress in the status bar ("Reading 2/5…", click to
// stop), audio fetched part by part from Venice and played in the Player view.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { log } from '../log';
import { showError } from '../ui/showError';
import { Disposable } from '../util/dispose';
import type { VeniceApi } from '../venice/api';
import { isMediaInputError } from '../images/errors';
import type { PlayerView } from './playerView';
import { buildSpeechRequest, checkAudio, type VoiceChoice } from './request';
import { ReadingSession, type AudioPart, type FetchPart, type SessionOutcome, type StartOutcome } from './session';
import { notifyError } from '../ui/notify';

export interface ReadAloudResult {
  /** How many parts the text was split into. */
  parts: number;
  model: string;
  voice: string;
  format: string;
  speed: number;
  /** How playback began: `blocked` means the player waits for the user to press Play. */
  state: StartOutcome;
}

/** Set while something is being read (menus show "Stop Reading" then). */
const READING_CONTEXT = 'venice.reading';

export class SpeechReader extends Disposable {
  private current: ReadingSession | undefined;
  private sessions = 0;
  /** A read() is waiting for the player to open. */
  private pendingStart = false;
  private readonly status: vscode.StatusBarItem;

  constructor(
    private readonly client: VeniceApi,
    private readonly player: PlayerView,
  ) {
    super();
    this.status = this.register(vscode.window.createStatusBarItem('venice.reading', vscode.StatusBarAlignment.Right, 100));
    this.status.name = 'Venice Reading';
    this.status.command = COMMANDS.stopReading;
    this.register(
      player.onMessage((msg) => {
        const session = this.current;
        if (!session || msg.type === 'ready' || msg.session !== session.id) return;
        if (msg.type === 'stop') this.stop('stopped in the player');
        else session.onPlayer(msg.index, msg.state, msg.message);
      }),
    );
    this.register(player.onClosed(() => this.stop('player closed')));
    this.register({ dispose: () => this.stop('disposed') });
  }

  get isReading(): boolean {
    return this.current !== undefined && !this.current.isDone;
  }

  /**
   * Starts reading `parts` (already split, each ≤ 4096 characters). Resolves once the first part
   * plays (or waits for Play, or failed); the reading continues after that.
   */
  async read(parts: string[], choice: VoiceChoice, title: string): Promise<ReadAloudResult> {
    const fetchPart: FetchPart = async (_index, text, signal) => {
      const result = await this.client.speech(buildSpeechRequest(text, choice), { signal });
      return { mime: checkAudio(result, choice.format), data: result.bytes };
    };
    const state = await this.start(parts, fetchPart, title, `${choice.model}/${choice.voice}`);
    return { parts: parts.length, model: choice.model, voice: choice.voice, format: choice.format, speed: choice.speed, state };
  }

  /** Plays one finished clip (generated music or sound) in the Player, like a one-part reading. */
  play(audio: AudioPart, title: string): Promise<StartOutcome> {
    return this.start([title], () => Promise.resolve(audio), title, audio.mime);
  }

  private async start(parts: string[], fetchPart: FetchPart, title: string, what: string): Promise<StartOutcome> {
    this.stop('replaced by a new reading');
    const id = ++this.sessions;
    this.showStatus(`$(loading~spin) Preparing speech…`, parts.length);
    this.pendingStart = true;
    try {
      await this.player.reveal();
    } catch (err) {
      if (id === this.sessions) {
        this.pendingStart = false;
        this.status.hide();
      }
      throw err;
    }
    // A newer reading (or Stop) came while the player opened: that one wins.
    if (id !== this.sessions) return 'stopped';
    this.pendingStart = false;
    this.stop('replaced by a new reading');
    const session = new ReadingSession(
      id,
      parts,
      fetchPart,
      this.player,
      {
        onProgress: (index, total, state) => {
          if (this.current !== session) return;
          if (state === 'playing') this.showStatus(`$(unmute) Reading ${index + 1}/${total}…`, total);
          else if (state === 'blocked') this.showStatus(`$(debug-pause) Press Play in the Venice player`, total);
          else this.showStatus(`$(loading~spin) Preparing speech…`, total);
        },
        onError: (err, index) => {
          const prefix = parts.length > 1 ? `Reading aloud failed at part ${index + 1} of ${parts.length}` : 'Reading aloud failed';
          if (isMediaInputError(err)) void notifyError(`${prefix}: ${err.message}`);
          else void showError(prefix, err);
        },
        onFinish: (outcome: SessionOutcome) => {
          log.info(`Read aloud: ${outcome} (${parts.length} part${parts.length === 1 ? '' : 's'}, ${what})`);
          if (this.current === session) this.clear();
        },
      },
      { title },
    );
    this.current = session;
    void vscode.commands.executeCommand('setContext', READING_CONTEXT, true);
    session.begin();
    return session.started;
  }

  /** The user's Stop: ends the current reading and one still waiting for the player to open. */
  stopAll(reason = 'stopped by the user'): boolean {
    const pending = this.pendingStart;
    this.sessions++; // a read() waiting on reveal() sees it was superseded
    this.pendingStart = false;
    const stopped = this.stop(reason);
    if (pending && !stopped) this.status.hide();
    return stopped || pending;
  }

  /** Stops the current reading, if any. Returns whether something was stopped. */
  stop(reason = 'stopped'): boolean {
    const session = this.current;
    if (!session) return false;
    session.stop(reason);
    this.clear();
    return true;
  }

  private clear(): void {
    this.current = undefined;
    this.status.hide();
    void vscode.commands.executeCommand('setContext', READING_CONTEXT, false);
  }

  private showStatus(text: string, total: number): void {
    this.status.text = text;
    this.status.tooltip = `Venice is reading aloud (${total} part${total === 1 ? '' : 's'}). Click to stop.`;
    this.status.accessibilityInformation = { label: `${text.replace(/\$\([^)]*\)\s*/g, '')} Click to stop reading.`, role: 'button' };
    this.status.show();
  }
}
