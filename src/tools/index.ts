// The tools the model can call. The chat's turn loop uses the ToolHost from createToolHost:
// definitions(model) to offer them, run(call, ctx) to validate and run one call. The host is built
// from the editor tools here plus the tools features contribute (generate_image from images/,
// search_codebase from semantic/), which the composition root passes in: src/tools knows no feature.
import * as vscode from 'vscode';
import { config } from '../config';
import { log } from '../log';
import { createDispatcher, type ToolImpl } from './dispatcher';
import { noteEditorStorage } from './editorFolders';
import type { ToolDeps } from './handlers/deps';
import { createFileTool } from './handlers/createFile';
import { editFileTool } from './handlers/editFile';
import { getDiagnosticsTool } from './handlers/getDiagnostics';
import { getEditorContextTool } from './handlers/getEditorContext';
import { insertTextTool } from './handlers/insertText';
import { listFilesTool } from './handlers/listFiles';
import { openFileTool } from './handlers/openFile';
import { readFileTool } from './handlers/readFile';
import { replaceSelectionTool } from './handlers/replaceSelection';
import { searchWorkspaceTool } from './handlers/searchWorkspace';
import { ALL_TOOL_NAMES } from './names';
import { ReviewDocuments } from './review';
import type { ToolHost } from './types';

export type { ToolHost, ToolOutcome, ToolRunContext, ApprovalRequest } from './types';
export type { ToolImpl } from './dispatcher';

export function editorTools(deps: ToolDeps): ToolImpl[] {
  return [
    getEditorContextTool,
    readFileTool,
    listFilesTool,
    searchWorkspaceTool,
    getDiagnosticsTool,
    openFileTool,
    insertTextTool(deps),
    replaceSelectionTool(deps),
    editFileTool(deps),
    createFileTool(deps),
  ];
}

/** Tools in the order of names.ts (read-only first), whoever contributed them: the model sees one stable list. */
function inCanonicalOrder(tools: readonly ToolImpl[]): ToolImpl[] {
  const rank = (t: ToolImpl): number => ALL_TOOL_NAMES.indexOf(t.spec.name);
  return [...tools].sort((a, b) => rank(a) - rank(b));
}

/**
 * Builds the tool host from the editor tools and `featureTools`. Its review documents are disposed
 * with `subscriptions` (the extension's, or a test's). `globalStorageUri` (the extension context's)
 * tells the write rules where VS Code keeps its user data, which writes never auto-approve.
 */
export function createToolHost(subscriptions: { push(...items: vscode.Disposable[]): unknown }, featureTools: readonly ToolImpl[], globalStorageUri?: vscode.Uri): ToolHost {
  noteEditorStorage(globalStorageUri);
  const reviews = new ReviewDocuments();
  subscriptions.push(reviews);
  return createDispatcher(inCanonicalOrder([...editorTools({ reviews }), ...featureTools]), {
    toolsEnabled: () => config.tools.enabled(),
    isTrusted: () => vscode.workspace.isTrusted,
    // Only the user's own (global) list counts; see config.tools.autoApprove.
    autoApproved: (name) => (config.tools.autoApprove() as readonly string[]).includes(name),
    log: (m) => log.warn(m),
  });
}
