// The speech feature as the rest of the extension sees it (`services.speech`): read text aloud in
// the Player view, stop, choose a voice, save speech to a file. The commands (speech/commands.ts),
// the model picker and @venice all go through this, never through command ids.
// Speech plays from memory; nothing is written unless the user saves it. Long text is split on
// sentences into parts of at most 4,096 characters.
import * as vscode from 'vscode';
import { config } from '../config';
import { COMMANDS } from '../ids';
import { log } from '../log';
import type { ModelCatalog } from '../llm/modelCatalog';
import { resolveModelId } from '../llm/modelResolve';
import { Disposable } from '../util/dispose';
import type { VeniceApi } from '../venice/api';
import { isVeniceError } from '../venice/errors';
import type { VeniceModel } from '../venice/types';
import { PlayerView } from './playerView';
import { SpeechReader, type ReadAloudResult } from './reader';
import { checkVoice, chooseFormat, parseSpeechArgs, type SpeechArgs, type VoiceChoice, type VoiceResolver } from './request';
import { saveSpeech, type SaveSpeechRequest } from './save';
import { reportSpeechError, selectedText, spokenText } from './source';
import { splitForSpeech } from './split';
import { pickVoice, saveVoice, type ChooseVoiceResult } from './voicePicker';
import { notifyInfo } from '../ui/notify';

export type { ReadAloudResult } from './reader';
export type { ChooseVoiceResult } from './voicePicker';
export type { SaveSpeechRequest } from './save';

/** What to read; unset fields come from venice.speech.*. Without `text`, the editor's selection is read. */
export type ReadAloudRequest = Pick<SpeechArgs, 'text' | 'model' | 'voice' | 'speed' | 'format'>;

export interface SpeechService {
  /**
   * Starts reading aloud. Resolves once playback has begun (or waits for Play) with what is being
   * read; undefined when it did not start — the reason has then been shown to the user.
   */
  readAloud(request?: ReadAloudRequest): Promise<ReadAloudResult | undefined>;
  /** Stops the current reading (and one still waiting for the player). Whether something was stopped. */
  stop(): boolean;
  readonly isReading: boolean;
  /** With `model` and `voice`: checks and saves them (throws when the model has no such voice). Otherwise a picker (of that model's voices). */
  chooseVoice(request?: { model?: string; voice?: string }): Promise<ChooseVoiceResult | undefined>;
  /** Writes the audio into the workspace; returns the written files (undefined: cancelled). `scripted` callers get errors thrown, others see them. */
  save(request: SaveSpeechRequest | undefined, scripted: boolean): Promise<vscode.Uri[] | undefined>;
  /** Plays a finished audio clip (generated music, a sound effect) in the Player view; how playback began. */
  playAudio(audio: { mime: string; data: Uint8Array }, title: string): Promise<'playing' | 'blocked' | 'stopped' | 'failed'>;
}

function titleOf(spoken: string): string {
  const first = spoken.split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

const READ_KEYS = ['text', 'model', 'voice', 'speed', 'format'] as const;

export class VeniceSpeechService extends Disposable implements SpeechService, VoiceResolver {
  private readonly reader: SpeechReader;
  /** The Player view's provider (registered at activation by registerPlayerView, which forwards to it). */
  readonly player: PlayerView;

  constructor(
    private readonly client: VeniceApi,
    private readonly models: Pick<ModelCatalog, 'get' | 'traits' | 'aliases'>,
    extensionUri: vscode.Uri,
  ) {
    super();
    // Registered first, so disposed last: stopping a reading still posts to the player.
    this.player = this.register(new PlayerView(extensionUri));
    this.reader = this.register(new SpeechReader(client, this.player));
  }

  get isReading(): boolean {
    return this.reader.isReading;
  }

  async readAloud(request?: ReadAloudRequest): Promise<ReadAloudResult | undefined> {
    try {
      // Callers from VS Code (commands, keybindings) pass anything: checked like an argument object.
      const args = parseSpeechArgs(request, COMMANDS.readAloud, READ_KEYS);
      const source = args?.text !== undefined ? { text: args.text, languageId: undefined } : selectedText();
      if (!source || !source.text.trim()) {
        void notifyInfo(args?.text !== undefined ? 'There is no text to read aloud.' : 'Select some text to read aloud first.');
        return undefined;
      }
      const spoken = spokenText(source);
      const choice = await this.voiceChoice(args, true);
      const parts = splitForSpeech(spoken);
      log.info(`Read aloud: ${spoken.length} characters in ${parts.length} part${parts.length === 1 ? '' : 's'} with ${choice.model}/${choice.voice} (${choice.format})`);
      return await this.reader.read(parts, choice, titleOf(spoken));
    } catch (err) {
      reportSpeechError('Read aloud', err);
      return undefined;
    }
  }

  stop(): boolean {
    return this.reader.stopAll('stopped by the user');
  }

  async chooseVoice(request?: { model?: string; voice?: string }): Promise<ChooseVoiceResult | undefined> {
    const onlyModel = request?.model?.trim() || undefined;
    const givenVoice = request?.voice?.trim() || undefined;
    if (onlyModel && givenVoice) {
      const model = await this.ttsModel(onlyModel);
      checkVoice(model, givenVoice);
      return saveVoice(model, onlyModel, givenVoice);
    }
    return pickVoice(this.models, onlyModel, (sample) => void this.readAloud(sample));
  }

  save(request: SaveSpeechRequest | undefined, scripted: boolean): Promise<vscode.Uri[] | undefined> {
    return saveSpeech(this.client, this, request, scripted);
  }

  playAudio(audio: { mime: string; data: Uint8Array }, title: string): Promise<'playing' | 'blocked' | 'stopped' | 'failed'> {
    // VS Code passes typed arrays to a webview by their constructor's name: a Node Buffer (what
    // workspace.fs.readFile gives) would arrive as a plain object, so hand over a real Uint8Array view.
    const data = audio.data.constructor === Uint8Array ? audio.data : new Uint8Array(audio.data.buffer, audio.data.byteOffset, audio.data.byteLength);
    return this.reader.play({ mime: audio.mime, data }, titleOf(title));
  }

  async ttsModel(id: string): Promise<VeniceModel | undefined> {
    try {
      return (await this.models.get('tts')).find((m) => m.id === id);
    } catch (err) {
      if (isVeniceError(err) && err.kind === 'cancelled') throw err;
      return undefined;
    }
  }

  async voiceChoice(args: Pick<SpeechArgs, 'model' | 'voice' | 'speed' | 'format'> | undefined, forPlayback: boolean): Promise<VoiceChoice> {
    const wantedModel = args?.model ?? config.speech.model();
    let model = await this.ttsModel(wantedModel);
    let id = wantedModel;
    if (!model) {
      // Not a listed id: maybe an alias or a trait name.
      id = (await resolveModelId(this.models, 'tts', wantedModel)) ?? wantedModel;
      model = id !== wantedModel ? await this.ttsModel(id) : undefined;
    }
    const voice = args?.voice ?? config.speech.voice();
    checkVoice(model, voice);
    const { format, note } = chooseFormat(model, args?.format ?? config.speech.format(), forPlayback);
    if (note) log.info(`Speech: ${note}`);
    return { model: id, voice, speed: args?.speed ?? config.speech.speed(), format };
  }
}
