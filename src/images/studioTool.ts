// The remove_background chat tool: a thin stub built by the chat chunk (src/chatFeature.ts), so the tool
// dispatcher stays out of the activation bundle; the implementation is the feature's lazy chunk.
import type { Services } from '../services';
import { defineTool, type ToolImpl } from '../tools/dispatcher';
import { toolSpec } from '../tools/schemas';
import { loadImageStudio } from './studioRegister';

export function removeBackgroundTool(services: Services): ToolImpl {
  return defineTool<{ path: string }>(toolSpec('remove_background'), (args, rt) => loadImageStudio().runRemoveBackgroundTool(services, args, rt));
}
