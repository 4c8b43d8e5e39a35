// read_file: a workspace text file, whole or a line range, capped. Files that may hold secrets are
// sent only after the user agrees, in a card naming the file.
import * as vscode from 'vscode';
import { defineTool, ToolError } from '../dispatcher';
import { toolSpec } from '../schemas';
import { sensitiveReadReason } from '../sensitive';
import { plural } from '../text';
import { looksBinary, openDocumentFor, resolveToolPath } from '../workspaceAccess';
import { done } from './outcome';

export const READ_LIMITS = { maxLines: 2000, maxChars: 100_000, maxFileBytes: 10 * 1024 * 1024 } as const;

interface ReadFileArgs {
  path: string;
  startLine?: number;
  endLine?: number;
}

/** A workspace file's text as the user sees it (unsaved changes included); refuses huge and binary files. */
export async function readWorkspaceText(p: Awaited<ReturnType<typeof resolveToolPath>>): Promise<string> {
  // An open document may have unsaved changes: the user sees those, so the model should too.
  const open = openDocumentFor(p.uri);
  if (open) return open.getText();
  const st = await vscode.workspace.fs.stat(p.uri);
  if (st.size > READ_LIMITS.maxFileBytes) {
    throw new ToolError(`${p.label} is too large to read (${Math.round(st.size / 1024 / 1024)} MB). Use search_workspace to find the part you need.`);
  }
  const bytes = await vscode.workspace.fs.readFile(p.uri);
  if (looksBinary(bytes)) throw new ToolError(`${p.label} is a binary file (${bytes.length} bytes); it cannot be read as text.`);
  return new TextDecoder('utf-8').decode(bytes);
}

export const readFileTool = defineTool<ReadFileArgs>(toolSpec('read_file'), async (args, rt) => {
  const p = await resolveToolPath(args.path);
  if (!p.exists) throw new ToolError(`${p.label} does not exist. Use list_files to see what is there.`);
  if (p.isDirectory) throw new ToolError(`${p.label} is a folder. Use list_files with a glob such as "${p.relative}/**".`);
  if (args.endLine !== undefined && args.startLine !== undefined && args.endLine < args.startLine) {
    throw new ToolError(`endLine (${args.endLine}) is before startLine (${args.startLine}).`);
  }

  // The real absolute path too: a workspace folder that is itself ~/.ssh or ~/.kube is all secrets.
  const secret = sensitiveReadReason(p.relative) ?? sensitiveReadReason(p.realRelative) ?? sensitiveReadReason(p.real);
  if (secret) {
    const ok = await rt.approve({
      title: `Send ${p.label} to Venice?`,
      detail: `The model asked to read ${p.label}. Its contents would be sent to the Venice API.`,
      warning: `Sensitive file: ${secret}.`,
    });
    if (!ok) {
      return { ok: false, rejected: true, content: `The user declined to share ${p.label}. Do not ask for it again unless the user does.`, summary: `Declined: read ${p.label}` };
    }
  }

  const text = await readWorkspaceText(p);
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = text === '' ? 0 : lines.length;
  const start = args.startLine ?? 1;
  if (total === 0) return done(`${p.label} is empty.`, `Read ${p.label} (empty)`);
  if (start > total) throw new ToolError(`startLine ${start} is past the end of ${p.label} (${plural(total, 'line')}).`);

  const wanted = Math.min(args.endLine ?? total, total);
  const out: string[] = [];
  let chars = 0;
  let last = start - 1;
  let cutLines = 0;
  for (let i = start; i <= wanted && out.length < READ_LIMITS.maxLines; i++) {
    let line = lines[i - 1];
    if (line.length > READ_LIMITS.maxChars) {
      // One huge line (minified code) must not blow the cap on its own.
      line = `${line.slice(0, READ_LIMITS.maxChars)}… [line cut at 100 KB]`;
      cutLines++;
    }
    if (chars + line.length + 1 > READ_LIMITS.maxChars && out.length > 0) break;
    out.push(line);
    chars += line.length + 1;
    last = i;
  }
  const truncated = last < wanted || cutLines > 0;
  const header = `${p.label}: lines ${start}–${last} of ${total}`;
  const note =
    last < wanted
      ? `\n[Truncated at ${out.length === READ_LIMITS.maxLines ? `${READ_LIMITS.maxLines} lines` : '100 KB'}: call read_file with startLine ${last + 1} to read on.]`
      : cutLines
        ? `\n[Truncated: ${plural(cutLines, 'line')} longer than 100 KB ${cutLines === 1 ? 'was' : 'were'} cut.]`
        : '';
  const range = start === 1 && last === total ? '' : `, lines ${start}–${last}`;
  return done(`${header}\n${out.join('\n')}${note}`, `Read ${p.label} (${plural(last - start + 1, 'line')}${range}${truncated ? ', truncated' : ''})`);
});
