// replace_selection: the active editor's (primary) selection becomes the given text. Asks first,
// showing a diff; applied as one WorkspaceEdit, so one Undo restores the selection's text.
import * as vscode from 'vscode';
import { defineTool, ToolError, type ToolImpl } from '../dispatcher';
import { toolSpec } from '../schemas';
import { ToolEdit } from '../toolEdit';
import { lineCount, plural, toEol, unifiedDiff } from '../text';
import { applyEdit, eolOf } from '../workspaceAccess';
import { approveChange } from './approveChange';
import type { ToolDeps } from './deps';
import { activeEditorTarget, assertUnchanged } from './editorTarget';
import { done, rejectedByUser } from './outcome';

export function replaceSelectionTool(deps: ToolDeps): ToolImpl {
  return defineTool<{ text: string }>(toolSpec('replace_selection'), async (args, rt) => {
    const t = await activeEditorTarget('replace_selection');
    const { doc, label } = t;
    const selection = t.editor.selection;
    if (selection.isEmpty) throw new ToolError('Nothing is selected in the active editor. Use insert_text to insert at the cursor.');
    const range = new vscode.Range(selection.start, selection.end);
    const version = doc.version;
    const text = toEol(args.text, eolOf(doc));
    const before = doc.getText();
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const after = before.slice(0, start) + text + before.slice(end);
    const oldLines = lineCount(doc.getText(range)) || 1;
    const newLines = lineCount(args.text);
    const where = `${label}:${range.start.line + 1}`;
    const ok = await approveChange(rt, deps, {
      title: `Replace the selection in ${where} (${plural(oldLines, 'line')} → ${plural(newLines, 'line')})`,
      detail: unifiedDiff(label, before, after),
      warning: t.warning,
      alwaysAsk: t.alwaysAsk,
      label,
      original: doc.uri,
      proposed: after,
    });
    if (!ok) return rejectedByUser(`replace the selection in ${where}`);
    assertUnchanged(doc, version, label);
    await applyEdit(rt, new ToolEdit().replace({ uri: doc.uri, label }, range, text), label);
    const others = t.editor.selections.length > 1 ? ' Only the primary selection was replaced.' : '';
    return done(
      `Replaced ${plural(oldLines, 'line')} with ${plural(newLines, 'line')} at ${where}${doc.isUntitled ? '' : ' (in the editor, not saved yet)'}.${others}`,
      `Replaced ${plural(oldLines, 'line')} with ${plural(newLines, 'line')} in ${where}`,
    );
  });
}
