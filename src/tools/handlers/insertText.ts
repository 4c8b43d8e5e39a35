// insert_text: text at the cursor of the active editor, or at {path, line, character} in a
// workspace file. Asks first; applied as one WorkspaceEdit, so one Undo removes it.
import * as vscode from 'vscode';
import { defineTool, ToolError, type ToolImpl } from '../dispatcher';
import { toolSpec } from '../schemas';
import { ToolEdit } from '../toolEdit';
import { clip, lineCount, plural, toEol } from '../text';
import { applyAndSave, applyEdit, eolOf, MAX_EDITABLE_BYTES, recheckToolPath, resolveToolPath, textDocumentForEdit, writeGuard, type ToolPath } from '../workspaceAccess';
import type { WriteGuard } from '../autoApprove';
import { approveChange } from './approveChange';
import type { ToolDeps } from './deps';
import { activeEditorTarget, assertUnchanged } from './editorTarget';
import { done, rejectedByUser } from './outcome';

interface InsertArgs {
  text: string;
  path?: string;
  line?: number;
  character?: number;
}

interface InsertTarget extends WriteGuard {
  doc: vscode.TextDocument;
  label: string;
  position: vscode.Position;
  /** Save after inserting (a file named by path, clean before). */
  save: boolean;
  /** The checked path, when the model named one. */
  path?: ToolPath;
}

async function targetFor(args: InsertArgs): Promise<InsertTarget> {
  if (args.path === undefined) {
    if (args.line !== undefined || args.character !== undefined) throw new ToolError('line and character need a path; without a path the text goes at the cursor.');
    const t = await activeEditorTarget('insert_text');
    return { doc: t.doc, label: t.label, position: t.editor.selection.active, warning: t.warning, alwaysAsk: t.alwaysAsk, save: false };
  }
  if (args.line === undefined) throw new ToolError('With a path, line is required (1-based).');
  const p = await resolveToolPath(args.path);
  const doc = await textDocumentForEdit(p, MAX_EDITABLE_BYTES);
  if (args.line > doc.lineCount) throw new ToolError(`line ${args.line} is past the end of ${p.label} (${plural(doc.lineCount, 'line')}).`);
  const lineText = doc.lineAt(args.line - 1).text;
  const character = args.character ?? 1;
  if (character > lineText.length + 1) throw new ToolError(`character ${character} is past the end of line ${args.line} of ${p.label} (${lineText.length} characters).`);
  return { doc, label: p.label, position: new vscode.Position(args.line - 1, character - 1), ...(await writeGuard(p)), save: !doc.isDirty, path: p };
}

export function insertTextTool(deps: ToolDeps): ToolImpl {
  return defineTool<InsertArgs>(toolSpec('insert_text'), async (args, rt) => {
    const t = await targetFor(args);
    const { doc, label, position } = t;
    const text = toEol(args.text, eolOf(doc));
    const version = doc.version;
    const offset = doc.offsetAt(position);
    const before = doc.getText();
    const where = `${label}:${position.line + 1}:${position.character + 1}`;
    const lines = lineCount(args.text) || 1;
    const ok = await approveChange(rt, deps, {
      title: `Insert ${plural(lines, 'line')} at ${where}`,
      detail: clip(args.text, 20_000),
      warning: t.warning,
      alwaysAsk: t.alwaysAsk,
      label,
      original: doc.uri,
      proposed: before.slice(0, offset) + text + before.slice(offset),
    });
    if (!ok) return rejectedByUser(`insert ${plural(lines, 'line')} at ${where}`);
    assertUnchanged(doc, version, label);
    if (t.path) await recheckToolPath(t.path);
    const edit = new ToolEdit().insert({ uri: doc.uri, label }, position, text);
    let note = '';
    if (t.save) note = await applyAndSave(rt, edit, doc, label, false);
    else {
      // At the cursor: like typing, the change stays in the editor for the user to save.
      await applyEdit(rt, edit, label);
      if (!doc.isUntitled) note = ' (in the editor, not saved yet)';
    }
    return done(`Inserted ${plural(lines, 'line')} at ${where}${note}.`, `Inserted ${plural(lines, 'line')} at ${label}:${position.line + 1}`);
  });
}
