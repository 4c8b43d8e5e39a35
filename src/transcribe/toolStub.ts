// The transcribe_audio chat tool: a thin stub built by the chat chunk (src/chatFeature.ts), so the tool
// dispatcher stays out of the activation bundle; the implementation is the feature's lazy chunk.
import type { Services } from '../services';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';
import type { TranscriptFormat } from './formats';
import { loadTranscription } from './register';

export function transcribeAudioTool(services: Services): ToolImpl {
  return defineTool<{ path: string; format?: TranscriptFormat }>(toolSpec('transcribe_audio'), (args, rt) => loadTranscription().runTranscribeTool(services, args, rt));
}
