// create_file: a new workspace file with the given content. Asks first with a diff. An existing
// file is never replaced silently: that needs its own approval, shown as a diff of the overwrite,
// and is asked even when create_file is auto-approved.
import * as vscode from 'vscode';
import { defineTool, ToolError, type ToolImpl, type ToolRuntime } from '../dispatcher';
import { toolSpec } from '../schemas';
import { ToolEdit } from '../toolEdit';
import { lineCount, plural, toEol, unifiedDiff } from '../text';
import { applyAndSave, applyEdit, eolOf, MAX_EDITABLE_BYTES, recheckToolPath, resolveToolPath, textDocumentForEdit, writeGuard, type ToolPath } from '../workspaceAccess';
import { approveChange } from './approveChange';
import type { ToolDeps } from './deps';
import { assertUnchanged } from './editorTarget';
import { done, rejectedByUser } from './outcome';
import type { ToolOutcome } from '../types';

interface CreateArgs {
  path: string;
  content: string;
}

async function overwrite(p: ToolPath, content: string, rt: ToolRuntime, deps: ToolDeps): Promise<ToolOutcome> {
  const doc = await textDocumentForEdit(p, MAX_EDITABLE_BYTES);
  const before = doc.getText();
  const after = toEol(content, eolOf(doc));
  if (before === after) return done(`${p.label} already exists with exactly this content; nothing was changed.`, `${p.label} unchanged`);
  const version = doc.version;
  const wasDirty = doc.isDirty;
  const sensitive = (await writeGuard(p)).warning;
  const ok = await approveChange(rt, deps, {
    title: `Overwrite ${p.label}? (${plural(lineCount(before), 'line')} → ${plural(lineCount(after), 'line')})`,
    detail: unifiedDiff(p.label, before, after),
    warning: `${p.label} already exists: applying replaces its whole content.${sensitive ? ` ${sensitive}` : ''}`,
    label: p.label,
    original: p.uri,
    proposed: after,
  });
  if (!ok) {
    return { ok: false, rejected: true, content: `${p.label} already exists and the user did not approve overwriting it. Nothing was changed. Use edit_file to change part of it.`, summary: `Not overwritten: ${p.label}` };
  }
  assertUnchanged(doc, version, p.label);
  await recheckToolPath(p);
  const edit = new ToolEdit().replace(p, new vscode.Range(doc.positionAt(0), doc.positionAt(before.length)), after);
  const note = await applyAndSave(rt, edit, doc, p.label, wasDirty);
  return done(`Overwrote ${p.label} (${plural(lineCount(after), 'line')})${note}.`, `Overwrote ${p.label} (${plural(lineCount(after), 'line')})`);
}

export function createFileTool(deps: ToolDeps): ToolImpl {
  return defineTool<CreateArgs>(toolSpec('create_file'), async (args, rt) => {
    const p = await resolveToolPath(args.path);
    if (p.isDirectory) throw new ToolError(`${p.label} is a folder.`);
    if (p.exists) return overwrite(p, args.content, rt, deps);
    const lines = lineCount(args.content);
    const ok = await approveChange(rt, deps, {
      title: `Create ${p.label} (${plural(lines, 'line')})`,
      detail: unifiedDiff(p.label, '', args.content, { isNew: true }),
      ...(await writeGuard(p)),
      label: p.label,
      proposed: args.content,
    });
    if (!ok) return rejectedByUser(`create ${p.label}`);
    // Check again: while the card was open, the file (or a symlink on its way) may have appeared.
    const again = await resolveToolPath(args.path);
    if (again.exists) throw new ToolError(`${p.label} appeared while the approval was open; it was not overwritten.`);
    await applyEdit(rt, new ToolEdit().createFile(again, new TextEncoder().encode(args.content)), p.label);
    return done(`Created ${p.label} (${plural(lines, 'line')}).`, `Created ${p.label} (${plural(lines, 'line')})`);
  });
}
