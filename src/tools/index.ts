// The editor tools the model can call. The chat's turn loop uses the ToolHost from createToolHost:
// definitions(model) to offer them, run(call, ctx) to validate and run one call.
import * as vscode from 'vscode';
import { config } from '../config';
import { log } from '../log';
import type { Services } from '../services';
import { createDispatcher, type ToolImpl } from './dispatcher';
import type { ToolDeps } from './handlers/deps';
import { createFileTool } from './handlers/createFile';
import { editFileTool } from './handlers/editFile';
import { generateImageTool } from './handlers/generateImage';
import { getDiagnosticsTool } from './handlers/getDiagnostics';
import { getEditorContextTool } from './handlers/getEditorContext';
import { insertTextTool } from './handlers/insertText';
import { listFilesTool } from './handlers/listFiles';
import { openFileTool } from './handlers/openFile';
import { readFileTool } from './handlers/readFile';
import { replaceSelectionTool } from './handlers/replaceSelection';
import { searchCodebaseTool } from './handlers/searchCodebase';
import { searchWorkspaceTool } from './handlers/searchWorkspace';
import { semanticIndex } from '../semantic/service';
import { ReviewDocuments } from './review';
import type { ToolHost } from './types';

export type { ToolHost, ToolOutcome, ToolRunContext, ApprovalRequest } from './types';

export function editorTools(deps: ToolDeps): ToolImpl[] {
  return [
    getEditorContextTool,
    readFileTool,
    listFilesTool,
    searchWorkspaceTool,
    searchCodebaseTool(deps),
    getDiagnosticsTool,
    openFileTool,
    insertTextTool(deps),
    replaceSelectionTool(deps),
    editFileTool(deps),
    createFileTool(deps),
    generateImageTool(deps),
  ];
}

/** Builds the tool host. Its review documents are disposed with the extension. */
export function createToolHost(services: Pick<Services, 'client' | 'context'>): ToolHost {
  const reviews = new ReviewDocuments();
  services.context.subscriptions.push(reviews);
  return createDispatcher(editorTools({ client: services.client, reviews, semantic: semanticIndex(services) }), {
    toolsEnabled: () => config.tools.enabled(),
    isTrusted: () => vscode.workspace.isTrusted,
    // Only the user's own (global) list counts; see config.tools.autoApprove.
    autoApproved: (name) => (config.tools.autoApprove() as readonly string[]).includes(name),
    log: (m) => log.warn(m),
  });
}
