// Venice: Generate Music (songs, and sound effects with the models that make them). Interactive: the
// prompt, the model (sound-effect models marked), the length where the model takes one, then the
// price quote and a question before anything is spent. With an argument object nothing is asked
// (README: the object is the consent to the cost). The finished clip is saved into
// venice.audio.outputFolder and plays in the Player view.
import * as vscode from 'vscode';
import { AssetInputError } from '../assets/errors';
import type { StudioHost } from '../assets/host';
import { reportFailure, type JobKindSpec, type JobRunner } from '../assets/jobRunner';
import type { PendingJob } from '../assets/jobStore';
import { config } from '../config';
import { settingId, SETTINGS } from '../ids';
import { slugify, timeStamp } from '../images/naming';
import { outputFolder, workspaceRelative, writableWorkspaceFolder } from '../images/workspaceFiles';
import { safeText } from '../models/format';
import { notifyInfo } from '../ui/notify';
import { sniffAudioType, type AudioType } from '../venice/media';
import { musicQueueBody, musicQuoteBody, type MusicJobRequest } from '../venice/queue';
import type { VeniceModel } from '../venice/types';
import { durationLabel, musicArgsProblem, musicOptions, parseGenerateMusicArgs, type GenerateMusicArgs } from './request';

export const MAX_AUDIO_BYTES = 100 * 1024 * 1024;
/** Larger clips are saved but not sent to the Player (the webview holds what it plays in memory). */
const MAX_PLAY_BYTES = 50 * 1024 * 1024;

export const MUSIC_JOB: JobKindSpec = {
  kind: 'music',
  queue: 'audio',
  noun: 'music',
  maxBytes: MAX_AUDIO_BYTES,
  sniff: (head) => sniffAudioType(head),
  saveMetadata: () => config.audio.saveMetadata(),
};

const MIME: Record<AudioType, string> = { mp3: 'audio/mpeg', wav: 'audio/wav', flac: 'audio/flac', ogg: 'audio/ogg', aac: 'audio/aac' };

async function askPrompt(): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    title: 'Venice: Generate Music',
    prompt: 'Describe the music or the sound effect',
    placeHolder: 'Calm lo-fi piano loop, 80 BPM — or: a wooden door creaking open',
    ignoreFocusOut: true,
    validateInput: (t) => (!t.trim() ? 'Describe the music or sound.' : undefined),
  });
  return v?.trim() || undefined;
}

async function pickModel(host: StudioHost): Promise<VeniceModel | undefined> {
  const items = host.models.get('music').then((list) =>
    list
      .filter((m) => m.model_spec?.offline !== true)
      .map((m) => {
        const o = musicOptions(m);
        return { label: safeText(m.model_spec.name || m.id), description: `${o.soundEffects ? 'sound effects · ' : ''}${safeText(m.id)}`, detail: durationLabel(o), value: m };
      }),
  );
  return (await vscode.window.showQuickPick(items, { title: 'Venice: Music Model', placeHolder: 'Which model makes it? (sound-effect models make short clips)', ignoreFocusOut: true, matchOnDescription: true }))?.value;
}

async function askDuration(model: VeniceModel): Promise<number | 'default' | undefined> {
  const o = musicOptions(model);
  const d = o.durations;
  if (!d) return 'default';
  if (d.options) {
    const picked = await vscode.window.showQuickPick(d.options.map((n) => ({ label: `${n} s`, value: n })), { title: 'Venice: Length', ignoreFocusOut: true });
    return picked?.value;
  }
  const v = await vscode.window.showInputBox({
    title: 'Venice: Length in seconds',
    prompt: `${d.min ?? 1} to ${d.max ?? '…'} seconds`,
    value: String(d.default ?? d.min ?? 10),
    ignoreFocusOut: true,
    validateInput: (t) => musicArgsProblem(model, 'x'.repeat(o.minPrompt), Number(t)) ?? (/^\d+$/.test(t.trim()) ? undefined : 'A whole number of seconds.'),
  });
  return v === undefined ? undefined : Number(v);
}

/** A music job ready to be quoted and queued. */
export interface MusicPlan {
  request: MusicJobRequest;
  folder: vscode.WorkspaceFolder;
  dir: vscode.Uri;
  /** "music" or "sound effect", in questions. */
  noun: string;
}

/** Everything up to the price; undefined when the user cancelled. `scripted` asks nothing. */
export async function planMusic(host: StudioHost, args: GenerateMusicArgs, scripted: boolean): Promise<MusicPlan | undefined> {
  const folder = writableWorkspaceFolder('Generating music');
  const dir = await outputFolder(folder, config.audio.outputFolder(), `The setting ${settingId(SETTINGS.audioOutputFolder)}`);
  const prompt = args.prompt ?? (scripted ? undefined : await askPrompt());
  if (!prompt) {
    if (scripted) throw new AssetInputError('"prompt" is required: describe the music or sound.');
    return undefined;
  }
  let model: VeniceModel | undefined;
  if (args.model) model = await host.models.find('music', args.model).catch(() => undefined);
  else if (scripted) model = (await host.models.get('music')).find((m) => m.model_spec.traits?.includes('default'));
  else {
    model = await pickModel(host);
    if (!model) return undefined;
  }
  const id = args.model ?? model?.id;
  if (!id) throw new AssetInputError('Venice lists no music model for this key; give "model".');
  let durationSeconds = args.durationSeconds;
  if (durationSeconds === undefined && !scripted && model) {
    const d = await askDuration(model);
    if (d === undefined) return undefined;
    if (d !== 'default') durationSeconds = d;
  }
  const problem = musicArgsProblem(model, prompt, durationSeconds);
  if (problem) throw new AssetInputError(problem);
  return { request: { model: id, prompt, durationSeconds }, folder, dir, noun: model && musicOptions(model).soundEffects ? 'sound effect' : 'music' };
}

/** Queues the planned clip (it is paid for from here on) and remembers it. */
export function queueMusic(runner: JobRunner, plan: MusicPlan, quote: number): Promise<PendingJob> {
  const r = plan.request;
  return runner.queue(MUSIC_JOB, musicQueueBody(r), {
    folder: plan.folder.uri.toString(),
    dir: plan.dir.fsPath,
    stem: `${slugify(r.prompt, 48, 'music')}-${timeStamp()}`,
    meta: { prompt: r.prompt, model: r.model, format: '', ...(r.durationSeconds !== undefined ? { durationSeconds: r.durationSeconds } : {}) },
    quoteUsd: quote,
  });
}

export function describeMusic(plan: MusicPlan): string {
  const r = plan.request;
  return `${r.model}${r.durationSeconds ? `, ${r.durationSeconds} s` : ''}\nPrompt: ${safeText(r.prompt, 300)}`;
}

/** venice.generateMusic: the written audio file's URI (as a string); undefined when cancelled or (interactive) failed. */
export async function generateMusic(host: StudioHost, runner: JobRunner, raw: unknown): Promise<string | undefined> {
  const scripted = raw !== undefined && raw !== null && !(raw instanceof vscode.Uri);
  try {
    const args = scripted ? (parseGenerateMusicArgs(raw) ?? {}) : {};
    const plan = await planMusic(host, args, scripted);
    if (!plan) return undefined;
    const quote = await host.client.quoteMedia('audio', musicQuoteBody(plan.request));
    if (!scripted && !(await runner.confirmPrice(plan.noun, quote, describeMusic(plan)))) return undefined;
    const job = await queueMusic(runner, plan, quote);
    const uri = await runner.run(MUSIC_JOB, job, scripted);
    if (!uri) return undefined;
    await playMusic(host, uri, plan.request.prompt, scripted);
    return uri.toString();
  } catch (err) {
    if (scripted) throw err instanceof Error ? err : new Error(String(err));
    reportFailure(host, 'Music generation failed', err);
    return undefined;
  }
}

/** Plays the saved clip in the Player view (the file stays where it was saved), and says where it is. */
export async function playMusic(host: StudioHost, uri: vscode.Uri, title: string, quiet: boolean): Promise<void> {
  if (!quiet) void notifyInfo(`Saved ${workspaceRelative(uri)}.`);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_PLAY_BYTES) return;
    const data = await vscode.workspace.fs.readFile(uri);
    const type = sniffAudioType(data);
    if (!type) return;
    await host.speech.playAudio({ mime: MIME[type], data }, title);
  } catch (err) {
    host.log.warn(`Playing ${workspaceRelative(uri)} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
