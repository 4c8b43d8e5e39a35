// Venice: Read Selection Aloud, Stop Reading, Choose Voice, Save Speech to File.
// Speech plays in the Player view (src/speech/playerView.ts) from memory; nothing is written unless
// the user saves it. Long text is split on sentences into parts of at most 4,096 characters.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config, updateUserSetting } from '../config';
import { isMediaInputError, MediaInputError } from '../images/errors';
import { slugify, timeStamp } from '../images/naming';
import { outputFolder, workspaceRelative, writableWorkspaceFolder, writeNewFile } from '../images/workspaceFiles';
import { log } from '../log';
import { safeText } from '../models/format';
import { modelCatalog, resolveModel } from '../models/shared';
import type { Services } from '../services';
import { PlayerView } from '../speech/playerView';
import { SpeechReader, type ReadAloudResult } from '../speech/reader';
import {
  audioExtension,
  buildSpeechRequest,
  checkAudio,
  checkVoice,
  chooseFormat,
  concatenable,
  defaultFormatOf,
  formatsOf,
  parseSpeechArgs,
  SPEECH_FORMATS,
  voicesOf,
  type SpeechArgs,
  type SpeechFormatName,
  type VoiceChoice,
} from '../speech/request';
import { MAX_READ_CHARS, MAX_SPEECH_CHARS, splitForSpeech } from '../speech/split';
import { speakableText } from '../speech/text';
import { quickPickResult } from '../ui/quickPickResult';
import { showError } from '../ui/showError';
import { cancelledError, isVeniceError } from '../venice/errors';
import type { VeniceModel } from '../venice/types';

interface SourceText {
  text: string;
  /** Language of the document it came from (undefined: chat text, read as Markdown). */
  languageId: string | undefined;
}

/** The active editor's selections, joined; undefined when nothing is selected. */
function selectedText(): SourceText | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const parts = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s));
  const text = parts.join('\n\n');
  return text.trim() ? { text, languageId: editor.document.languageId } : undefined;
}

/** Turns the raw text into what is spoken, or says why there is nothing to speak. */
function spokenText(source: SourceText | undefined): string {
  if (!source || !source.text.trim()) throw new MediaInputError('Select some text to read aloud first.');
  if (source.text.length > MAX_READ_CHARS * 2) {
    throw new MediaInputError(`The text is too long to read aloud (${source.text.length.toLocaleString('en-US')} characters; the limit is ${MAX_READ_CHARS.toLocaleString('en-US')}). Select less.`);
  }
  const spoken = speakableText(source.text, source.languageId);
  if (!spoken) throw new MediaInputError('There is nothing to read: the selection holds only markup.');
  if (spoken.length > MAX_READ_CHARS) {
    throw new MediaInputError(`The text is too long to read aloud (${spoken.length.toLocaleString('en-US')} characters; the limit is ${MAX_READ_CHARS.toLocaleString('en-US')}). Select less.`);
  }
  return spoken;
}

/** The TTS model as Venice lists it, or undefined when the list cannot be read (offline). */
async function ttsModel(services: Services, id: string): Promise<VeniceModel | undefined> {
  try {
    return (await modelCatalog(services).get('tts')).find((m) => m.id === id);
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') throw err;
    return undefined;
  }
}

/** Model, voice, speed and format from the arguments, else the settings; checked against the catalogue. */
async function voiceChoice(services: Services, args: SpeechArgs | undefined, forPlayback: boolean): Promise<VoiceChoice> {
  const wantedModel = args?.model ?? config.speech.model();
  let model = await ttsModel(services, wantedModel);
  let id = wantedModel;
  if (!model) {
    // Not a listed id: maybe an alias or a trait name.
    id = (await resolveModel(services, 'tts', wantedModel)) ?? wantedModel;
    model = id !== wantedModel ? await ttsModel(services, id) : undefined;
  }
  const voice = args?.voice ?? config.speech.voice();
  checkVoice(model, voice);
  const { format, note } = chooseFormat(model, args?.format ?? config.speech.format(), forPlayback);
  if (note) log.info(`Speech: ${note}`);
  return { model: id, voice, speed: args?.speed ?? config.speech.speed(), format };
}

function titleOf(spoken: string): string {
  const first = spoken.split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

/** Shows an error without waiting for the user to dismiss it (a command must not hang on a toast). */
function reportError(prefix: string, err: unknown): void {
  if (isMediaInputError(err)) void vscode.window.showErrorMessage(`${prefix}: ${err.message}`);
  else void showError(prefix, err);
}

/**
 * venice.readAloud `{ text, model, voice, speed, format }`. Resolves when playback has begun with
 * what is being read; errors are always shown to the user (the chat's "Read aloud" button relies
 * on that) and the command then resolves undefined.
 */
export async function readAloud(services: Services, reader: SpeechReader, raw?: unknown): Promise<ReadAloudResult | undefined> {
  try {
    const args = parseSpeechArgs(raw, 'venice.readAloud', ['text', 'model', 'voice', 'speed', 'format']);
    const source = args?.text !== undefined ? { text: args.text, languageId: undefined } : selectedText();
    if (!source || !source.text.trim()) {
      void vscode.window.showInformationMessage(args?.text !== undefined ? 'There is no text to read aloud.' : 'Select some text to read aloud first.');
      return undefined;
    }
    const spoken = spokenText(source);
    const choice = await voiceChoice(services, args, true);
    const parts = splitForSpeech(spoken);
    log.info(`Read aloud: ${spoken.length} characters in ${parts.length} part${parts.length === 1 ? '' : 's'} with ${choice.model}/${choice.voice} (${choice.format})`);
    return await reader.read(parts, choice, titleOf(spoken));
  } catch (err) {
    reportError('Read aloud', err);
    return undefined;
  }
}

export interface ChooseVoiceResult {
  model: string;
  voice: string;
  format: SpeechFormatName;
}

interface VoiceItem extends vscode.QuickPickItem {
  model?: VeniceModel;
  voice?: string;
}

const SAMPLE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('play'), tooltip: 'Hear a sample' };

/** Writes model and voice (and a format the model offers) to the user settings. */
async function saveVoice(model: VeniceModel | undefined, modelId: string, voice: string): Promise<ChooseVoiceResult> {
  await updateUserSetting('speech.model', modelId);
  await updateUserSetting('speech.voice', voice);
  let format = config.speech.format();
  const formats = formatsOf(model);
  if (formats.length && !formats.includes(format)) {
    format = defaultFormatOf(model) ?? formats[0] ?? 'mp3';
    await updateUserSetting('speech.format', format);
  }
  return { model: modelId, voice, format };
}

/** venice.chooseVoice `{ model?, voice? }`: with both, sets them (checked); otherwise shows a picker. */
export async function chooseVoice(services: Services, reader: SpeechReader, raw?: unknown): Promise<ChooseVoiceResult | undefined> {
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const onlyModel = typeof obj.model === 'string' && obj.model.trim() ? obj.model.trim() : undefined;
  const givenVoice = typeof obj.voice === 'string' && obj.voice.trim() ? obj.voice.trim() : undefined;
  if (onlyModel && givenVoice) {
    const model = await ttsModel(services, onlyModel);
    checkVoice(model, givenVoice);
    return saveVoice(model, onlyModel, givenVoice);
  }

  const pick = vscode.window.createQuickPick<VoiceItem>();
  pick.title = 'Venice: Choose Voice';
  pick.placeholder = 'Pick a voice (type to filter; ▷ plays a sample)';
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.show();
  const currentModel = config.speech.model();
  const currentVoice = config.speech.voice();
  try {
    const models = (await modelCatalog(services).get('tts')).filter((m) => m.model_spec?.offline !== true && (!onlyModel || m.id === onlyModel));
    const items: VoiceItem[] = [];
    for (const model of models.slice(0, 50)) {
      const voices = voicesOf(model).slice(0, 200);
      if (!voices.length) continue;
      const name = safeText(model.model_spec?.name) || safeText(model.id);
      items.push({ label: `${name} (${safeText(model.id)})`, kind: vscode.QuickPickItemKind.Separator });
      for (const voice of voices) {
        const current = model.id === currentModel && voice === currentVoice;
        items.push({ label: `${current ? '$(check) ' : ''}${safeText(voice, 60)}`, description: safeText(model.id), model, voice, buttons: [SAMPLE_BUTTON] });
      }
    }
    if (!items.length) {
      pick.items = [{ label: onlyModel ? `Venice lists no voices for ${safeText(onlyModel)}.` : 'Venice lists no speech models for your key.' }];
    } else {
      pick.items = items;
      const active = items.find((i) => i.model?.id === currentModel && i.voice === currentVoice);
      if (active) pick.activeItems = [active];
    }
  } catch (err) {
    pick.hide();
    pick.dispose();
    reportError('Choose voice', err);
    return undefined;
  } finally {
    pick.busy = false;
  }

  return quickPickResult<VoiceItem, ChooseVoiceResult>(pick, (outcome) => [
    pick.onDidTriggerItemButton((e) => {
      if (!e.item.model || !e.item.voice) return;
      const sample = `Hello, this is ${e.item.voice} from Venice.`;
      void readAloud(services, reader, { text: sample, model: e.item.model.id, voice: e.item.voice });
    }),
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0];
      const model = item?.model;
      const voice = item?.voice;
      if (!model || !voice) return;
      outcome.settleWith(
        async () => {
          const r = await saveVoice(model, model.id, voice);
          void vscode.window.showInformationMessage(`Venice reads with ${safeText(r.voice, 60)} (${safeText(r.model)}).`);
          return r;
        },
        (err) => reportError('Choose voice', err),
      );
    }),
  ]);
}

/** A file name the user or a script gave for saved speech: plain, with the format's extension. */
function speechFileName(name: string, ext: string): string {
  const base = name.trim();
  // eslint-disable-next-line no-control-regex
  if (!base || /[\u0000-\u001f<>:"|?*]/.test(base) || base.startsWith('.')) throw new MediaInputError(`"${safeText(base, 60)}" is not a valid file name.`);
  const dot = base.lastIndexOf('.');
  const given = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (!given) return `${base}.${ext}`;
  const known = new Set<string>([...SPEECH_FORMATS, 'ogg']);
  if (known.has(given) && given !== ext) throw new MediaInputError(`The file name ends in .${given}, but the audio format is ${ext}. Change one of them.`);
  return known.has(given) ? base : `${base}.${ext}`;
}

/** venice.saveSpeech `{ text, path?, model?, voice?, speed?, format? }`: writes the audio into the workspace. */
export async function saveSpeech(services: Services, raw?: unknown): Promise<string[] | undefined> {
  const scripted = raw !== undefined && raw !== null;
  try {
    const args = parseSpeechArgs(raw, 'venice.saveSpeech', ['text', 'path', 'model', 'voice', 'speed', 'format']);
    const folder = writableWorkspaceFolder('Saving speech');
    const spoken = spokenText(args?.text !== undefined ? { text: args.text, languageId: undefined } : selectedText());
    const choice = await voiceChoice(services, args, false);
    const ext = audioExtension(choice.format);

    let dir: vscode.Uri;
    let fileName: string;
    if (args?.path !== undefined) {
      const rel = args.path.trim().replace(/\\/g, '/');
      dir = await outputFolder(folder, path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel), 'The path');
      fileName = speechFileName(path.posix.basename(rel), ext);
    } else if (!scripted) {
      const suggested = vscode.Uri.joinPath(folder.uri, `${slugify(spoken, 40, 'speech')}.${ext}`);
      const target = await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { Audio: [ext] }, title: 'Venice: Save Speech to File' });
      if (!target) return undefined;
      const inside = vscode.workspace.getWorkspaceFolder(target);
      if (!inside || inside.uri.toString() !== folder.uri.toString()) throw new MediaInputError('Save the audio inside the workspace folder.');
      const rel = path.relative(folder.uri.fsPath, path.dirname(target.fsPath)).split(path.sep).join('/');
      dir = await outputFolder(folder, rel, 'The folder');
      fileName = speechFileName(path.basename(target.fsPath), ext);
    } else {
      dir = folder.uri;
      fileName = `${slugify(spoken, 40, 'speech')}-${timeStamp()}.${ext}`;
    }

    const parts = splitForSpeech(spoken, { firstMax: MAX_SPEECH_CHARS });
    const audio = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Venice: generating speech', cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          const out: Uint8Array[] = [];
          for (const [i, text] of parts.entries()) {
            if (ac.signal.aborted) throw cancelledError();
            if (parts.length > 1) progress.report({ message: `part ${i + 1} of ${parts.length}`, increment: 100 / parts.length });
            const result = await services.client.speech(buildSpeechRequest(text, choice), { signal: ac.signal });
            checkAudio(result, choice.format);
            out.push(result.bytes);
          }
          return out;
        } finally {
          sub.dispose();
        }
      },
    );

    const uris: vscode.Uri[] = [];
    if (audio.length === 1 || concatenable(choice.format)) {
      uris.push(await writeNewFile(folder, dir, fileName, concat(audio)));
    } else {
      // WAV and FLAC files cannot simply be joined: one file per part.
      const dot = fileName.lastIndexOf('.');
      for (const [i, bytes] of audio.entries()) uris.push(await writeNewFile(folder, dir, `${fileName.slice(0, dot)}-part${i + 1}${fileName.slice(dot)}`, bytes));
    }
    const names = uris.map(workspaceRelative);
    if (!scripted) void vscode.window.showInformationMessage(`Saved speech to ${names.join(', ')}.`);
    return uris.map((u) => u.toString());
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') return undefined;
    if (scripted) throw asError(err);
    reportError('Save speech', err);
    return undefined;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export function registerSpeechCommands(context: vscode.ExtensionContext, services: Services): void {
  const player = new PlayerView(context.extensionUri);
  const reader = new SpeechReader(services.client, player);
  context.subscriptions.push(
    reader, // before the player: stopping a reading still posts to it
    player,
    // From the editor's context menu VS Code passes the document's URI: that is not an argument object.
    vscode.commands.registerCommand('venice.readAloud', (args?: unknown) => readAloud(services, reader, args instanceof vscode.Uri ? undefined : args)),
    vscode.commands.registerCommand('venice.stopReading', () => ({ stopped: reader.stopAll('stopped by the user') })),
    vscode.commands.registerCommand('venice.chooseVoice', async (args?: unknown) => {
      try {
        return await chooseVoice(services, reader, args);
      } catch (err) {
        // Scripted calls (model and voice given) learn why; the picker shows it.
        if (args !== undefined && args !== null) throw err instanceof Error ? err : new Error(String(err));
        reportError('Choose voice', err);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('venice.saveSpeech', (args?: unknown) => saveSpeech(services, args instanceof vscode.Uri ? undefined : args)),
  );
}
