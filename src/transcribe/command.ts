// Venice: Transcribe Audio, from the palette or the Explorer's context menu on audio and video files.
// With an argument object `{path, format?}` nothing is asked (format defaults to text, a taken name
// is numbered); interactive use asks for the format, and before replacing an existing transcript.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { report, toUri, withCancellableProgress } from '../images/commands';
import { MediaInputError } from '../images/errors';
import { workspaceRelative, writableWorkspaceFolder } from '../images/workspaceFiles';
import type { Services } from '../services';
import { notifyInfo, notifyWarning } from '../ui/notify';
import { asRecord } from '../util/guards';
import { TRANSCRIBABLE_EXTENSIONS } from './audioFiles';
import { TRANSCRIPT_FORMATS, type TranscriptFormat } from './formats';
import { transcribeFile, transcriptTarget, writeTranscript } from './service';

const FORMAT_CHOICES: ReadonlyArray<vscode.QuickPickItem & { value: TranscriptFormat }> = [
  { label: 'Text', description: '.txt — the words only', value: 'text' },
  { label: 'SRT subtitles', description: '.srt — numbered cues with timestamps', value: 'srt' },
  { label: 'WebVTT subtitles', description: '.vtt — cues with timestamps, for the web', value: 'vtt' },
  { label: 'JSON', description: '.json — text, segments and words with timestamps', value: 'json' },
];

function parseArgs(first: unknown): { path?: string; format?: TranscriptFormat } | undefined {
  if (first === undefined || first === null || first instanceof vscode.Uri) return undefined;
  const obj = asRecord(first);
  if (!obj || Array.isArray(first)) throw new MediaInputError(`The argument of ${COMMANDS.transcribeAudio} must be an object such as { "path": "media/talk.mp3", "format": "srt" }.`);
  const unknown = Object.keys(obj).filter((k) => k !== 'path' && k !== 'format');
  if (unknown.length) throw new MediaInputError(`Unknown option for ${COMMANDS.transcribeAudio}: ${unknown.slice(0, 5).join(', ')}. Known: path, format.`);
  if (typeof obj.path !== 'string' || !obj.path.trim()) throw new MediaInputError('"path" must be the audio or video file (a workspace-relative path).');
  if (obj.format !== undefined && !(TRANSCRIPT_FORMATS as readonly unknown[]).includes(obj.format)) throw new MediaInputError(`"format" must be one of ${TRANSCRIPT_FORMATS.join(', ')}.`);
  return { path: obj.path, format: obj.format as TranscriptFormat | undefined };
}

async function pickMedia(folder: vscode.WorkspaceFolder): Promise<vscode.Uri | undefined> {
  const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = active instanceof vscode.TabInputCustom || active instanceof vscode.TabInputText ? active.uri : undefined;
  if (uri && (TRANSCRIBABLE_EXTENSIONS as readonly string[]).includes(path.extname(uri.path).slice(1).toLowerCase())) return uri;
  const picked = await vscode.window.showOpenDialog({ title: 'Venice: Transcribe Audio', defaultUri: folder.uri, canSelectMany: false, filters: { 'Audio and video': [...TRANSCRIBABLE_EXTENSIONS] } });
  return picked?.[0];
}

/** venice.transcribeAudio `{path, format?}`: writes `<name>.txt/.srt/.vtt/.json` beside the file; returns its URI. */
export async function transcribeAudioCommand(services: Services, first?: unknown): Promise<string | undefined> {
  // A call with an argument object asks nothing and rejects with the reason (also for a bad argument).
  const scripted = first !== undefined && first !== null && !(first instanceof vscode.Uri);
  try {
    const args = parseArgs(first);
    const folder = writableWorkspaceFolder('Transcribing audio');
    const source = args?.path !== undefined ? await toUri(args.path, folder) : first instanceof vscode.Uri ? first : await pickMedia(folder);
    if (!source) return undefined;
    let format = args?.format ?? (scripted ? 'text' : undefined);
    if (!format) {
      const picked = await vscode.window.showQuickPick(FORMAT_CHOICES, { title: `Venice: Transcribe ${path.basename(source.fsPath)}`, placeHolder: 'Save the transcript as…' });
      if (!picked) return undefined;
      format = picked.value;
    }
    const target = transcriptTarget(source, format);
    let replace = false;
    if (!scripted && (await vscode.workspace.fs.stat(target).then(() => true, () => false))) {
      const choice = await notifyWarning(`${workspaceRelative(target)} already exists.`, { modal: true, detail: 'Replace it with the new transcript, or keep both (the new one gets a number)?' }, 'Replace', 'Keep Both');
      if (choice === undefined) return undefined;
      replace = choice === 'Replace';
    }
    const chosen = format;
    const written = await withCancellableProgress(`Venice: transcribing ${path.basename(source.fsPath)}…`, async (signal) => {
      const done = await transcribeFile(services.client, services.models, source, { signal });
      return writeTranscript(done, source, chosen, replace);
    });
    await vscode.window.showTextDocument(written.uri, { preview: true }).then(undefined, () => undefined);
    if (!scripted) void notifyInfo(`Saved ${workspaceRelative(written.uri)}.`);
    return written.uri.toString();
  } catch (err) {
    return report('Transcription failed', err, scripted);
  }
}
