// Venice: Save Speech to File — the audio of a text written into the workspace (never over an
// existing file). Long text is fetched in parts; parts of formats that cannot be joined (WAV, FLAC)
// become one file each.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { MediaInputError } from '../images/errors';
import { slugify, timeStamp } from '../images/naming';
import { outputFolder, workspaceRelative, writableWorkspaceFolder, writeNewFile } from '../images/workspaceFiles';
import { safeText } from '../models/format';
import type { VeniceApi } from '../venice/api';
import { cancelledError, isVeniceError } from '../venice/errors';
import { audioExtension, buildSpeechRequest, checkAudio, concatenable, parseSpeechArgs, SPEECH_FORMATS, type SpeechArgs, type VoiceResolver } from './request';
import { reportSpeechError, selectedText, spokenText } from './source';
import { MAX_SPEECH_CHARS, splitForSpeech } from './split';
import { notifyInfo } from '../ui/notify';

/** What to save; unset fields come from venice.speech.*. Without `text`, the selection is saved. */
export type SaveSpeechRequest = Pick<SpeechArgs, 'text' | 'path' | 'model' | 'voice' | 'speed' | 'format'>;

const SAVE_KEYS = ['text', 'path', 'model', 'voice', 'speed', 'format'] as const;

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

/**
 * Writes the audio into the workspace and returns the files; undefined when cancelled. `scripted`
 * callers get errors thrown; otherwise they are shown and nothing is returned.
 */
export async function saveSpeech(client: Pick<VeniceApi, 'speech'>, voices: VoiceResolver, request: SaveSpeechRequest | undefined, scripted: boolean): Promise<vscode.Uri[] | undefined> {
  try {
    const args = parseSpeechArgs(request, COMMANDS.saveSpeech, SAVE_KEYS);
    const folder = writableWorkspaceFolder('Saving speech');
    const spoken = spokenText(args?.text !== undefined ? { text: args.text, languageId: undefined } : selectedText());
    const choice = await voices.voiceChoice(args, false);
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
            const result = await client.speech(buildSpeechRequest(text, choice), { signal: ac.signal });
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
    if (!scripted) void notifyInfo(`Saved speech to ${uris.map(workspaceRelative).join(', ')}.`);
    return uris;
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') return undefined;
    if (scripted) throw err instanceof Error ? err : new Error(String(err));
    reportSpeechError('Save speech', err);
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
