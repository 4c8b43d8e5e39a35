// get_editor_context: what the user is looking at. The selection of a file that may hold secrets,
// or of a file outside the workspace (which read_file would never send), is shared only after the
// user agrees.
import * as vscode from 'vscode';
import { defineTool } from '../dispatcher';
import type { GuardedPath } from '../pathGuard';
import { toolSpec } from '../schemas';
import { sensitiveReadReason } from '../sensitive';
import { clip } from '../text';
import { workspacePathOf } from '../workspaceAccess';
import { done } from './outcome';

const MAX_SELECTION_CHARS = 20_000;

/** Why sharing this document's selection asks first, if it does: secrets by name or real path, or a file outside the workspace. */
function shareReason(doc: vscode.TextDocument, inWorkspace: GuardedPath | undefined): string | undefined {
  if (doc.isUntitled) return undefined;
  if (!inWorkspace) {
    const secret = doc.uri.scheme === 'file' ? sensitiveReadReason(doc.uri.fsPath) : undefined;
    return `${secret ? `Sensitive file: ${secret}. ` : ''}This file is outside the workspace, so Venice asks before sending any of it.`;
  }
  const secret = sensitiveReadReason(inWorkspace.relative) ?? sensitiveReadReason(inWorkspace.realRelative) ?? sensitiveReadReason(inWorkspace.real);
  return secret && `Sensitive file: ${secret}.`;
}

export const getEditorContextTool = defineTool<Record<string, never>>(toolSpec('get_editor_context'), async (_args, rt) => {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return done('No text editor is active.', 'No active editor');
  const doc = editor.document;
  const inWorkspace = await workspacePathOf(doc.uri);
  const name = doc.uri.path.split('/').pop() ?? '';
  const file = doc.isUntitled ? `untitled (${name})` : (inWorkspace?.label ?? `${name} (outside the workspace)`);
  const sel = editor.selection;
  let selectionText = doc.getText(sel);
  let withheld = '';
  const askWhy = selectionText ? shareReason(doc, inWorkspace) : undefined;
  if (askWhy) {
    const ok = await rt.approve({
      title: `Share the selection in ${file} with Venice?`,
      detail: `The model asked for the editor context. The selected text of ${file} would be sent to the Venice API.`,
      warning: askWhy,
    });
    if (!ok) {
      selectionText = '';
      withheld = 'withheld: the user declined to share text from this file';
    }
  }
  const visible = editor.visibleRanges[0];
  const context = {
    file,
    language: doc.languageId,
    lineCount: doc.lineCount,
    unsavedChanges: doc.isDirty,
    cursor: { line: sel.active.line + 1, character: sel.active.character + 1 },
    selection: sel.isEmpty
      ? null
      : {
          start: { line: sel.start.line + 1, character: sel.start.character + 1 },
          end: { line: sel.end.line + 1, character: sel.end.character + 1 },
          text: withheld || clip(selectionText, MAX_SELECTION_CHARS),
        },
    visibleLines: visible ? { first: visible.start.line + 1, last: visible.end.line + 1 } : null,
  };
  return done(JSON.stringify(context, null, 2), `Read editor context (${file}:${sel.active.line + 1})`);
});
