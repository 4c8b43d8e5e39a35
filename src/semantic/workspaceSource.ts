// The workspace as the indexer's file source: files from findFiles (files.exclude and search.exclude
// applied, files that lead outside the workspace refused, see tools/handlers/workspaceFiles.ts),
// minus what .gitignore files ignore and files that may hold secrets (their text must never be sent
// to Venice unasked). Files are read and stat'ed through vscode.workspace.fs.
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { listWorkspaceFiles } from '../tools/handlers/workspaceFiles';
import { sensitiveReadReason } from '../tools/sensitive';
import { gitIgnoreRulesOf } from '../tools/gitignoreRules';
import { GitIgnoreRules } from '../util/gitignore';
import type { FileSource, SourceFile } from './indexer';

/**
 * findFiles stops here; the estimate tells the user when a workspace is larger. Sized by memory: the
 * bench's 20,000-file repository (about 5 KB a file) holds ~150 MB of index in the extension host,
 * peaking under 200 MB while indexing, so 25,000 files stay within the 300 MB budget.
 */
export const MAX_INDEXED_FILES = 25_000;
const STAT_PARALLEL = 32;

/** Glob characters: a path containing them cannot be matched literally by findFiles. */
const GLOB_CHARS = /[*?[\]{}!]/;

function basename(label: string): string {
  const i = label.lastIndexOf('/');
  return i === -1 ? label : label.slice(i + 1);
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

export class WorkspaceFileSource implements FileSource {
  private uris = new Map<string, vscode.Uri>();
  private rules = new GitIgnoreRules();

  /** Every indexable file of the workspace (also reloads the .gitignore rules). */
  async list(signal: AbortSignal): Promise<{ files: SourceFile[]; hitLimit: boolean }> {
    const listing = await listWorkspaceFiles('**/*', MAX_INDEXED_FILES, signal);
    this.rules = await gitIgnoreRulesOf(listing.files);
    const candidates = listing.files.filter((f) => this.indexable(f.label));
    this.uris = new Map(candidates.map((f) => [f.label, f.uri]));
    return { files: await this.statAll(candidates, signal), hitLimit: listing.hitLimit };
  }

  /**
   * The subset of `labels` that are indexable files right now, using the rules of the last full
   * listing. Undefined when a label cannot be checked this way (then the caller lists everything).
   */
  async listSome(labels: readonly string[], signal: AbortSignal): Promise<SourceFile[] | undefined> {
    const found: Array<{ uri: vscode.Uri; label: string }> = [];
    for (const label of labels) {
      if (GLOB_CHARS.test(label) || basename(label) === '.gitignore') return undefined;
      const folders = vscode.workspace.workspaceFolders ?? [];
      const relative = folders.length > 1 ? label.slice(label.indexOf('/') + 1) : label;
      // findFiles with the literal path answers "does it exist and is it not excluded?".
      const listing = await listWorkspaceFiles(relative, 8, signal);
      const match = listing.files.find((f) => f.label === label);
      if (match) {
        if (this.indexable(label)) found.push(match);
        continue;
      }
      // A folder that appeared (created, renamed, checked out) may hold many files: list everything.
      const folder = folders.length > 1 ? folders.find((f) => label.startsWith(`${f.name}/`)) : folders[0];
      if (folder && (await isDirectory(vscode.Uri.joinPath(folder.uri, relative)))) return undefined;
    }
    for (const f of found) this.uris.set(f.label, f.uri);
    return this.statAll(found, signal);
  }

  async read(key: string): Promise<Uint8Array> {
    const uri = this.uris.get(key);
    if (!uri) throw new Error(`${key} is not part of the workspace listing.`);
    return vscode.workspace.fs.readFile(uri);
  }

  uriOf(key: string): vscode.Uri | undefined {
    return this.uris.get(key);
  }

  private indexable(label: string): boolean {
    return !this.rules.ignores(label) && !sensitiveReadReason(label);
  }

  /**
   * Whether a watcher event for `label` can matter: not inside .git, not ignored by the .gitignore
   * rules of the last listing (node_modules churn is dropped here), not a file that may hold secrets.
   */
  mayMatter(label: string): boolean {
    if (/(^|\/)\.git(\/|$)/.test(label)) return false;
    return basename(label) === '.gitignore' || this.indexable(label);
  }

  private async statAll(files: ReadonlyArray<{ uri: vscode.Uri; label: string }>, signal: AbortSignal): Promise<SourceFile[]> {
    const out: SourceFile[] = [];
    for (let i = 0; i < files.length; i += STAT_PARALLEL) {
      if (signal.aborted) throw new vscode.CancellationError();
      const part = await Promise.all(
        files.slice(i, i + STAT_PARALLEL).map(async (f) => {
          try {
            if (f.uri.scheme === 'file') {
              // Node's stat on local files: workspace.fs.stat is a round trip through VS Code per
              // file (seconds for a 25,000-file listing). Whole milliseconds, as workspace.fs reports.
              const st = await stat(f.uri.fsPath);
              return st.isFile() ? { key: f.label, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) } : undefined;
            }
            const st = await vscode.workspace.fs.stat(f.uri);
            return st.type & vscode.FileType.File ? { key: f.label, size: st.size, mtimeMs: st.mtime } : undefined;
          } catch {
            return undefined;
          }
        }),
      );
      for (const s of part) if (s) out.push(s);
    }
    return out;
  }
}
