// Transcription: one implementation behind Venice: Transcribe Audio and the transcribe_audio tool.
// Reads a workspace audio or video file (guarded to the workspace, bytes checked, under Venice's
// cap), uploads it to /audio/transcriptions with the model from the setting or Venice's asr list,
// and writes the transcript beside it with the image feature's atomic, never-overwrite writer.
// No UI here. Loaded on first use (the transcribe chunk).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { config } from '../config';
import { MediaInputError } from '../images/errors';
import { splitName } from '../images/naming';
import { workspaceFileInside, workspaceRelative, writeNewFile } from '../images/workspaceFiles';
import type { ModelCatalog } from '../llm/modelCatalog';
import type { CallOptions, VeniceApi } from '../venice/api';
import { isVeniceError } from '../venice/errors';
import type { Transcription } from '../venice/types';
import { checkMediaBytes, checkMediaSize } from './audioFiles';
import { renderTranscript, transcriptExtension, type TranscriptFormat } from './formats';

export type TranscribeApi = Pick<VeniceApi, 'transcribe'>;
export type AsrModels = Pick<ModelCatalog, 'get'>;

/** The speech-recognition model: the setting, else the asr model Venice marks default, else its first; undefined lets Venice choose. */
export async function asrModel(models: AsrModels, opts: CallOptions = {}): Promise<string | undefined> {
  const wanted = config.transcription.model().trim();
  if (wanted) return wanted;
  try {
    const list = await models.get('asr', { signal: opts.signal });
    return (list.find((m) => m.model_spec?.traits?.includes('default')) ?? list[0])?.id;
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') throw err;
    return undefined;
  }
}

export interface TranscribedFile {
  transcription: Transcription;
  model: string | undefined;
  folder: vscode.WorkspaceFolder;
}

/** Uploads one workspace file and returns Venice's transcript with segment and word times. */
export async function transcribeFile(api: TranscribeApi, models: AsrModels, uri: vscode.Uri, opts: CallOptions = {}): Promise<TranscribedFile> {
  const { folder } = await workspaceFileInside(uri, 'Transcribe Audio');
  const stat = await vscode.workspace.fs.stat(uri);
  // Say "too large" from the size alone, before reading hundreds of megabytes of video.
  checkMediaSize(stat.size, path.basename(uri.fsPath));
  const bytes = await vscode.workspace.fs.readFile(uri);
  const kind = checkMediaBytes(bytes, path.basename(uri.fsPath));
  const model = await asrModel(models, opts);
  const transcription = await api.transcribe({ audio: { bytes, contentType: kind.contentType, extension: kind.extension }, model, timestamps: true }, opts);
  return { transcription, model, folder };
}

/** Where the transcript of `uri` in `format` goes: `talk.mp3` → `talk.srt` beside it. */
export function transcriptTarget(uri: vscode.Uri, format: TranscriptFormat): vscode.Uri {
  const stem = splitName(path.basename(uri.fsPath)).stem;
  return vscode.Uri.file(path.join(path.dirname(uri.fsPath), `${stem}.${transcriptExtension(format)}`));
}

/**
 * Writes the transcript beside the media file. A taken name is numbered (`talk-1.srt`) unless
 * `replace`, which callers set only after the user chose to replace it. Returns the file and its
 * sidecar (venice.transcription.saveMetadata).
 */
export async function writeTranscript(done: TranscribedFile, source: vscode.Uri, format: TranscriptFormat, replace = false): Promise<{ uri: vscode.Uri; metadata?: vscode.Uri }> {
  const target = transcriptTarget(source, format);
  const dir = vscode.Uri.file(path.dirname(target.fsPath));
  const sourceLabel = workspaceRelative(source);
  const text = renderTranscript(done.transcription, format, { model: done.model, source: sourceLabel });
  if (!text.trim()) throw new MediaInputError('Venice heard no speech in this file; nothing was saved.');
  const uri = await writeNewFile(done.folder, dir, path.basename(target.fsPath), new TextEncoder().encode(text), replace ? { replace: true } : {});
  if (!config.transcription.saveMetadata()) return { uri };
  const name = path.basename(uri.fsPath);
  const record = { operation: 'transcribe', prompt: null, model: done.model ?? null, format, duration: done.transcription.duration ?? null, sources: [sourceLabel], requestId: done.transcription.meta.requestId, createdAt: new Date().toISOString(), transcript: name };
  const json = new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);
  const metadata = await writeNewFile(done.folder, dir, `${name}.json`, json, replace ? { replace: true } : { exact: true }).then(undefined, () => undefined);
  return { uri, metadata };
}
