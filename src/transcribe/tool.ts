// transcribe_audio, the chat tool: reads a workspace audio or video file (the path guard keeps it
// inside the workspace, symlinks included) and returns its transcript to the model. It writes
// nothing, so it asks nothing; it spends credits, so it is capped per answer and needs a trusted
// workspace (dispatcher.ts).
import type { Services } from '../services';
import type { ToolRuntime } from '../tools/dispatcher';
import { ToolError } from '../tools/toolError';
import { done } from '../tools/handlers/outcome';
import type { ToolOutcome } from '../tools/types';
import { resolveToolPath } from '../tools/workspaceAccess';
import { isMediaInputError } from '../images/errors';
import { renderTranscript, type TranscriptFormat } from './formats';
import { transcribeFile } from './service';

/** What the model gets back at most (a long recording's JSON with word times is large). */
export const MAX_TOOL_TRANSCRIPT_CHARS = 100_000;

export async function runTranscribeTool(services: Services, args: { path: string; format?: TranscriptFormat }, rt: ToolRuntime): Promise<ToolOutcome> {
  const source = await resolveToolPath(args.path);
  if (!source.exists || source.isDirectory) throw new ToolError(`${source.label} is not a file.`);
  const result = await transcribeFile(services.client, services.models, source.uri, { signal: rt.signal }).catch((err: unknown) => {
    throw isMediaInputError(err) ? new ToolError(err.message) : err;
  });
  const format = args.format ?? 'text';
  const text = renderTranscript(result.transcription, format, { model: result.model, source: source.label });
  if (!text.trim()) return done(`Venice heard no speech in ${source.label}.`, `Transcribed ${source.label}: no speech`);
  const cut = text.length > MAX_TOOL_TRANSCRIPT_CHARS;
  const shown = cut ? `${text.slice(0, MAX_TOOL_TRANSCRIPT_CHARS)}\n[… cut: the transcript has ${text.length} characters; ask for "text" to get more of the words]` : text;
  const seconds = result.transcription.duration !== undefined ? `, ${Math.round(result.transcription.duration)} s` : '';
  return done(`Transcript of ${source.label} (${format}${seconds}${result.model ? `, ${result.model}` : ''}):\n${shown}`, `Transcribed ${source.label}`);
}
