// What each "@" mention reads: a workspace file, the editor's selection, the Problems list, the last
// terminal output, the uncommitted git diff, or a web page (Venice's /augment/scrape). Each becomes
// one context chip (an Attachment); what cannot be attached becomes a clear message instead.
// Read-only: nothing here writes a file or starts a process (git is read through VS Code's Git
// extension, which owns its own trust rules).
import * as path from 'node:path';
import { diagnosticsReport } from '../../tools/handlers/getDiagnostics';
import { readWorkspaceText } from '../../tools/handlers/readFile';
import { sensitiveReadReason } from '../../tools/sensitive';
import { openDocumentFor, resolveToolPath } from '../../tools/workspaceAccess';
import { oneLine } from '../../util/text';
import type { VeniceApi } from '../../venice/api';
import { isVeniceError } from '../../venice/errors';
import { attachmentFromEditor, MAX_ATTACHMENT_BYTES } from '../editorActions';
import { newId, type Attachment } from '../model';
import type { ContextKind } from '../../shared/protocol';
import { uncommittedDiff } from './git';

export type MentionResult = Attachment | { error: string };

export interface MentionDeps {
  client: Pick<VeniceApi, 'scrape'>;
  /** The newest terminal command's output, when the terminal feature can tell. */
  terminalOutput(): Promise<{ label: string; output: string } | undefined>;
  /** Asks before a file that may hold secrets is attached (modal); true to attach it. */
  confirmSensitive(label: string, reason: string): Promise<boolean>;
}

function lineCount(text: string): number {
  if (!text) return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Text cut to the attachment cap at a line end, keeping its start (or its end), saying so. */
function capped(text: string, keep: 'start' | 'end', what: string): string {
  if (Buffer.byteLength(text, 'utf8') <= MAX_ATTACHMENT_BYTES) return text;
  // Characters can be up to 3 bytes here; a third of the cap in characters always fits.
  const room = Math.floor(MAX_ATTACHMENT_BYTES / 3);
  return keep === 'start' ? `${text.slice(0, room)}\n[… ${what} cut at ${room.toLocaleString('en-US')} characters]` : `[… earlier ${what} cut]\n${text.slice(-room)}`;
}

function textAttachment(kind: ContextKind, label: string, content: string, extra: Partial<Attachment> = {}): Attachment {
  return { id: newId(), kind, label, content, lines: lineCount(content), bytes: Buffer.byteLength(content, 'utf8'), ...extra };
}

export async function fileMention(value: string, deps: MentionDeps): Promise<MentionResult> {
  try {
    const p = await resolveToolPath(value);
    if (!p.exists) return { error: `Venice: ${p.label} does not exist.` };
    if (p.isDirectory) return { error: `Venice: ${p.label} is a folder; mention a file.` };
    const secret = sensitiveReadReason(p.relative) ?? sensitiveReadReason(p.realRelative);
    if (secret && !(await deps.confirmSensitive(p.label, secret))) return { error: `Venice: ${p.label} was not attached.` };
    const content = await readWorkspaceText(p);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_ATTACHMENT_BYTES) {
      return { error: `Venice: ${p.label} is ${Math.round(bytes / 1024)} KB; the limit is ${MAX_ATTACHMENT_BYTES / 1000} KB. Select the part you need and use @selection.` };
    }
    const languageId = openDocumentFor(p.uri)?.languageId ?? (path.extname(p.label).slice(1) || undefined);
    return textAttachment('file', path.basename(p.label) || p.label, content, { path: p.label, languageId });
  } catch (err) {
    return { error: `Venice: cannot attach ${oneLine(value, { maxLength: 120 })}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export function selectionMention(): MentionResult {
  const a = attachmentFromEditor();
  if ('error' in a) return a;
  if (a.kind !== 'selection') return { error: 'Venice: nothing is selected in the editor. Select some text, then pick @selection.' };
  return a;
}

export async function problemsMention(): Promise<MentionResult> {
  const report = await diagnosticsReport();
  if (!report.total) return { error: 'Venice: VS Code reports no problems in the workspace.' };
  return textAttachment('problems', `Problems (${report.total})`, capped(report.text, 'start', 'problem list'));
}

export async function terminalMention(deps: MentionDeps): Promise<MentionResult> {
  const last = await deps.terminalOutput();
  if (!last || !last.output.trim()) return { error: 'Venice: no terminal output to attach. Run a command in a terminal with shell integration first.' };
  return textAttachment('terminal', `Terminal: ${oneLine(last.label, { stripInvisible: true, maxLength: 60 })}`, capped(last.output, 'end', 'output'));
}

export async function gitMention(): Promise<MentionResult> {
  const diff = await uncommittedDiff();
  if ('error' in diff) return diff;
  if (!diff.text.trim()) return { error: 'Venice: there are no uncommitted changes.' };
  return textAttachment('git', `Uncommitted changes (${diff.files} file${diff.files === 1 ? '' : 's'})`, capped(diff.text, 'start', 'diff'), { languageId: 'diff' });
}

export async function urlMention(value: string, deps: MentionDeps, signal: AbortSignal): Promise<MentionResult> {
  try {
    const page = await deps.client.scrape(value, { signal });
    if (!page.content.trim()) return { error: 'Venice: that page has no text to attach.' };
    const u = new URL(page.url);
    const label = oneLine(`${u.hostname}${u.pathname === '/' ? '' : u.pathname}`, { stripInvisible: true, maxLength: 60 });
    return textAttachment('url', label, capped(page.content, 'start', 'page'), { path: u.href, languageId: 'markdown' });
  } catch (err) {
    if (signal.aborted) return { error: 'Venice: fetching the page was cancelled.' };
    const why = isVeniceError(err) || err instanceof Error ? err.message : String(err);
    return { error: `Venice: could not fetch ${oneLine(value, { maxLength: 120 })}: ${why}` };
  }
}
