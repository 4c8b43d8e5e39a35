// edit_file: replaces one exact occurrence of oldText in a workspace file. Asks first with a diff;
// applied as one WorkspaceEdit (one Undo reverts it) and saved when the file had no unsaved changes.
import * as vscode from 'vscode';
import { defineTool, ToolError, type ToolImpl } from '../dispatcher';
import { toolSpec } from '../schemas';
import { ToolEdit } from '../toolEdit';
import { lineAt, lineCount, occurrences, plural, toEol, unifiedDiff } from '../text';
import { applyAndSave, eolOf, MAX_EDITABLE_BYTES, recheckToolPath, resolveToolPath, textDocumentForEdit, writeGuard } from '../workspaceAccess';
import { approveChange } from './approveChange';
import type { ToolDeps } from './deps';
import { assertUnchanged } from './editorTarget';
import { done, rejectedByUser } from './outcome';

interface EditArgs {
  path: string;
  oldText: string;
  newText: string;
}

export function editFileTool(deps: ToolDeps): ToolImpl {
  return defineTool<EditArgs>(toolSpec('edit_file'), async (args, rt) => {
    const p = await resolveToolPath(args.path);
    const doc = await textDocumentForEdit(p, MAX_EDITABLE_BYTES);
    const eol = eolOf(doc);
    const oldText = toEol(args.oldText, eol);
    const newText = toEol(args.newText, eol);
    if (oldText === newText) throw new ToolError('oldText and newText are the same: there is nothing to change.');
    const before = doc.getText();
    const found = occurrences(before, oldText, 20);
    if (found.length === 0) {
      throw new ToolError(`oldText was not found in ${p.label}. Read the file again and copy the text exactly, including indentation and line breaks.`, `edit_file: text not found in ${p.label}`);
    }
    if (found.length > 1) {
      const lines = found.map((o) => lineAt(before, o)).join(', ');
      throw new ToolError(
        `oldText occurs ${found.length === 20 ? '20 or more' : found.length} times in ${p.label} (at lines ${lines}); it must occur exactly once. Include more surrounding lines to make it unique.`,
        `edit_file: text not unique in ${p.label}`,
      );
    }
    const at = found[0];
    const after = before.slice(0, at) + newText + before.slice(at + oldText.length);
    const line = lineAt(before, at);
    const removed = lineCount(oldText) || 1;
    const added = lineCount(newText);
    const wasDirty = doc.isDirty;
    const version = doc.version;
    const ok = await approveChange(rt, deps, {
      title: `Edit ${p.label} (line ${line}: −${removed} +${added} lines)`,
      detail: unifiedDiff(p.label, before, after),
      ...(await writeGuard(p)),
      label: p.label,
      original: p.uri,
      proposed: after,
    });
    if (!ok) return rejectedByUser(`edit ${p.label}`);
    assertUnchanged(doc, version, p.label);
    await recheckToolPath(p);
    const edit = new ToolEdit().replace(p, new vscode.Range(doc.positionAt(at), doc.positionAt(at + oldText.length)), newText);
    const note = await applyAndSave(rt, edit, doc, p.label, wasDirty);
    return done(`Edited ${p.label} at line ${line}: replaced ${plural(removed, 'line')} with ${plural(added, 'line')}${note}.`, `Edited ${p.label} (−${removed} +${added} lines at line ${line})`);
  });
}
