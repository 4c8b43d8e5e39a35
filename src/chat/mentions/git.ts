// The uncommitted diff for "@git", read through VS Code's built-in Git extension (its API version 1),
// not by starting `git` ourselves: the Git extension already honours workspace trust and the user's
// git settings, and a repository's own config (diff drivers, pagers) never runs on our behalf.
import * as vscode from 'vscode';
import { asRecord } from '../../util/guards';

/** The slice of the Git extension's Repository this needs. */
interface RepositoryLike {
  rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}

interface GitApiLike {
  repositories: RepositoryLike[];
  openRepository?(root: vscode.Uri): Promise<RepositoryLike | null>;
}

async function gitApi(): Promise<GitApiLike | undefined> {
  const ext = vscode.extensions.getExtension('vscode.git');
  if (!ext) return undefined;
  const exports = asRecord(ext.isActive ? ext.exports : await ext.activate());
  if (!exports || typeof exports.getAPI !== 'function' || exports.enabled === false) return undefined;
  return (exports.getAPI as (v: number) => GitApiLike)(1);
}

function containing(repos: readonly RepositoryLike[], folder: vscode.Uri): RepositoryLike | undefined {
  const inside = repos.filter((r) => folder.fsPath === r.rootUri.fsPath || folder.fsPath.startsWith(`${r.rootUri.fsPath}/`));
  return inside.sort((a, b) => b.rootUri.fsPath.length - a.rootUri.fsPath.length)[0] ?? repos.find((r) => r.rootUri.fsPath.startsWith(`${folder.fsPath}/`));
}

export async function uncommittedDiff(): Promise<{ text: string; files: number } | { error: string }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return { error: 'Venice: open a folder to attach its uncommitted changes.' };
  const api = await gitApi();
  if (!api) return { error: 'Venice: VS Code’s Git extension is not available (it is off in Restricted Mode and when git.enabled is false).' };
  const repo = containing(api.repositories, folder.uri) ?? (await api.openRepository?.(folder.uri)) ?? undefined;
  if (!repo) return { error: 'Venice: this workspace is not a git repository.' };
  const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
  // Files the diff shows (untracked files have no diff, so they are not counted).
  const files = new Set([...`${staged}\n${unstaged}`.matchAll(/^diff --git a\/.* b\/(.*)$/gm)].map((m) => m[1])).size;
  const parts: string[] = [];
  if (staged.trim()) parts.push(`# Staged changes\n${staged.trimEnd()}`);
  if (unstaged.trim()) parts.push(`# Unstaged changes\n${unstaged.trimEnd()}`);
  return { text: parts.join('\n\n'), files };
}
