// open_file: shows a workspace file in the editor, optionally at a line.
import * as vscode from 'vscode';
import { defineTool, ToolError } from '../dispatcher';
import { toolSpec } from '../schemas';
import { resolveToolPath } from '../workspaceAccess';
import { done } from './outcome';

export const openFileTool = defineTool<{ path: string; line?: number }>(toolSpec('open_file'), async (args) => {
  const p = await resolveToolPath(args.path);
  if (!p.exists) throw new ToolError(`${p.label} does not exist.`);
  if (p.isDirectory) throw new ToolError(`${p.label} is a folder, not a file.`);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(p.uri);
  } catch (e) {
    throw new ToolError(`${p.label} cannot be opened as text (${e instanceof Error ? e.message : String(e)}).`);
  }
  const line = Math.min(Math.max(args.line ?? 1, 1), Math.max(doc.lineCount, 1)) - 1;
  const pos = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(pos, pos) });
  return done(`Opened ${p.label} at line ${line + 1} (of ${doc.lineCount}).`, `Opened ${p.label}:${line + 1}`);
});
