// The conversation chunk (dist/chat.js, see esbuild.mjs `lazyChunks`): what the three chat surfaces
// need and activation does not, each built on its first use: the chat view (with the tool host,
// from the editor tools plus the tools images/, semantic/ and terminal/ contribute, and the
// checkpoints), the `vscode.lm` provider and @venice. This is the composition root's second half,
// so it may join features. One chunk for the three, since they share the conversation core (llm/).
// extension.ts require()s this file only from its `start` stub; a static import would put it all
// back into the activation bundle.
import type * as vscode from 'vscode';
import type { ModelCatalog } from './llm/modelCatalog';
import { VeniceChatModelProvider } from './lm/provider';
import { VeniceParticipant } from './participant/participant';
import type { StartedChat } from './chat/register';
import { startChat } from './chat/start';
import { createCheckpoints } from './checkpoints/register';
import { generateImageTool } from './images/tool';
import { searchCodebaseTool } from './semantic/tool';
import type { Services } from './services';
import type { TerminalRuntime } from './terminal/register';
import { terminalFeature } from './terminal/feature';
import { createToolHost } from './tools';
import type { StudioHost } from './assets/host';
import { generateMusicTool } from './music/tool';
import { removeBackgroundTool } from './images/studioTool';
import { transcribeAudioTool } from './transcribe/toolStub';
import { generateVideoTool } from './video/tool';
import type { ToolHost } from './tools/types';

/** What features outside this chunk add to the chat's tools (their stubs load their own chunks). */
export interface ChatToolContributions {
  /** The asset studio's host: generate_video and generate_music load the studio chunk on first call. */
  studio: StudioHost;
  /** Wraps the tool host (MCP adds its servers' tools per turn). */
  wrapHost: (host: ToolHost) => ToolHost;
}

export function startChatFeature(context: vscode.ExtensionContext, services: Services, terminalRuntime: TerminalRuntime, extra: ChatToolContributions): StartedChat {
  const terminal = terminalFeature(context.subscriptions, terminalRuntime);
  const toolHost = extra.wrapHost(
    createToolHost(
      context.subscriptions,
      [generateImageTool(services.images), searchCodebaseTool(services.semantic), ...terminal.tools, generateVideoTool(extra.studio), generateMusicTool(extra.studio), removeBackgroundTool(services), transcribeAudioTool(services)],
      context.globalStorageUri,
    ),
  );
  return startChat(context, services, toolHost, { terminalOutput: () => terminal.lastOutput(), checkpoints: createCheckpoints(context) });
}

export function startLanguageModelProvider(services: Services, catalog: ModelCatalog): VeniceChatModelProvider {
  return new VeniceChatModelProvider(services, catalog);
}

export function startParticipant(services: Services, catalog: ModelCatalog): vscode.ChatRequestHandler {
  return new VeniceParticipant(services, catalog).handle;
}
