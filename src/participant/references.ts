// The #file / selection references a user attached in VS Code's chat -> text for the prompt, and
// the places to show as the answer's references.
import * as vscode from 'vscode';
import type { ContextBlock } from './text';

/** Per reference and in total: enough for real files, not enough to flood the model or the bill. */
export const MAX_REFERENCE_CHARS = 100_000;
export const MAX_TOTAL_REFERENCE_CHARS = 300_000;

export interface ResolvedReferences {
  blocks: ContextBlock[];
  /** Shown under the answer with stream.reference(). */
  shown: Array<vscode.Uri | vscode.Location>;
  /** Images attached to the request (sent to vision models as data URLs). */
  images: Array<{ mimeType: string; data: Uint8Array }>;
  /** Things left out, said to the user in one line. */
  skipped: string[];
}

interface BinaryReference {
  mimeType: string;
  data(): Thenable<Uint8Array>;
}

function isBinaryReference(v: unknown): v is BinaryReference {
  const r = v as Partial<BinaryReference> | undefined;
  return typeof r === 'object' && r !== null && typeof r.mimeType === 'string' && typeof r.data === 'function';
}

function label(uri: vscode.Uri): string {
  return uri.scheme === 'file' || uri.scheme === 'vscode-remote' ? vscode.workspace.asRelativePath(uri, false) : uri.toString(true);
}

function cap(text: string, max: number): { text: string; cut: boolean } {
  return text.length > max ? { text: `${text.slice(0, max)}\n… (cut off here: the rest was too long to send)`, cut: true } : { text, cut: false };
}

async function readUri(uri: vscode.Uri): Promise<{ content: string; languageId?: string } | undefined> {
  // An open document may have unsaved edits: prefer what the user sees.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return { content: open.getText(), languageId: open.languageId };
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) return undefined;
  const bytes = await vscode.workspace.fs.readFile(uri);
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) return undefined; // binary
  const doc = await vscode.workspace.openTextDocument(uri);
  return { content: doc.getText(), languageId: doc.languageId };
}

export async function resolveReferences(references: readonly vscode.ChatPromptReference[], token: vscode.CancellationToken): Promise<ResolvedReferences> {
  const out: ResolvedReferences = { blocks: [], shown: [], images: [], skipped: [] };
  let total = 0;
  // VS Code lists references last-to-first; put them back in prompt order.
  const ordered = [...references].reverse();
  for (const ref of ordered) {
    if (token.isCancellationRequested) break;
    const value = ref.value;
    try {
      if (value instanceof vscode.Uri) {
        const read = await readUri(value);
        if (!read) {
          out.skipped.push(`${label(value)} (not a text file)`);
          continue;
        }
        const { text, cut } = cap(read.content, Math.min(MAX_REFERENCE_CHARS, MAX_TOTAL_REFERENCE_CHARS - total));
        if (cut) out.skipped.push(`the end of ${label(value)} (too long)`);
        total += text.length;
        out.blocks.push({ label: label(value), content: text, languageId: read.languageId });
        out.shown.push(value);
      } else if (value instanceof vscode.Location) {
        const doc = await vscode.workspace.openTextDocument(value.uri);
        const { text, cut } = cap(doc.getText(value.range), Math.min(MAX_REFERENCE_CHARS, MAX_TOTAL_REFERENCE_CHARS - total));
        if (cut) out.skipped.push(`the end of the selection in ${label(value.uri)} (too long)`);
        total += text.length;
        out.blocks.push({
          label: label(value.uri),
          content: text,
          languageId: doc.languageId,
          startLine: value.range.start.line + 1,
          endLine: value.range.end.line + 1,
        });
        out.shown.push(value);
      } else if (typeof value === 'string') {
        const { text } = cap(value, Math.min(MAX_REFERENCE_CHARS, MAX_TOTAL_REFERENCE_CHARS - total));
        total += text.length;
        out.blocks.push({ label: ref.modelDescription?.slice(0, 80) || ref.id, content: text });
      } else if (isBinaryReference(value) && value.mimeType.startsWith('image/')) {
        out.images.push({ mimeType: value.mimeType, data: await value.data() });
      } else {
        out.skipped.push(ref.modelDescription?.slice(0, 80) || ref.id);
      }
    } catch {
      out.skipped.push(value instanceof vscode.Uri ? `${label(value)} (could not be read)` : ref.id);
    }
    if (total >= MAX_TOTAL_REFERENCE_CHARS) break;
  }
  return out;
}
