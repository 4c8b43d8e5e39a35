// The generate_music chat tool: a thin stub built by the chat chunk (src/chatFeature.ts), so the tool
// dispatcher stays out of the activation bundle; the implementation loads with the asset studio chunk.
import type { StudioHost } from '../assets/host';
import { loadStudio } from '../assets/lazy';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';

export function generateMusicTool(host: StudioHost): ToolImpl {
  return defineTool<Record<string, unknown>>(toolSpec('generate_music'), (args, rt) => loadStudio(host).musicTool(args, rt));
}
