// Enumerates workspace files for list_files and search_workspace through vscode.workspace.findFiles
// (with files.exclude and search.exclude applied), then drops anything whose real location is
// outside the workspace (a symlinked folder pointing elsewhere).
import * as vscode from 'vscode';
import { ToolError } from '../toolError';
import { containingRoots, invisibleCharacter } from '../pathGuard';
import { guardRoots, isMultiRoot } from '../workspaceAccess';

export interface WorkspaceFile {
  uri: vscode.Uri;
  label: string;
}

export interface FileListing {
  files: WorkspaceFile[];
  /** findFiles stopped at the limit: more files match. */
  hitLimit: boolean;
  /** Matches refused because they lead outside the workspace. */
  outside: number;
}

/** The glob as findFiles should see it, or a ToolError for one that tries to leave the workspace. */
export function checkGlob(glob: string | undefined): string {
  if (glob === undefined) return '**/*';
  const g = glob.trim();
  if (!g) return '**/*';
  const hidden = invisibleCharacter(g);
  if (hidden) throw new ToolError(`glob contains an invisible or control character (${hidden}); use plain characters.`);
  if (g.startsWith('/') || g.startsWith('\\') || /^[a-zA-Z]:/.test(g) || g.startsWith('~') || /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(g)) {
    throw new ToolError(`glob must be relative to the workspace (such as "src/**/*.ts"), not "${g}".`);
  }
  if (g.split(/[\\/]/).includes('..')) throw new ToolError('glob must not contain ".." (only files inside the workspace can be listed).');
  return g;
}

export function tokenFor(signal: AbortSignal): vscode.CancellationTokenSource {
  const cts = new vscode.CancellationTokenSource();
  if (signal.aborted) cts.cancel();
  else signal.addEventListener('abort', () => cts.cancel(), { once: true });
  return cts;
}

/**
 * files.exclude plus search.exclude (which hides node_modules by default), as one glob. findFiles
 * applies only files.exclude on its own; passing our own glob replaces that, so both go in.
 * Conditional entries ({ when: … }) and patterns with braces or commas (which cannot nest) are skipped.
 */
function excludeGlob(): string | undefined {
  const patterns = new Set<string>();
  for (const section of ['files', 'search']) {
    const map = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [pattern, on] of Object.entries(map)) if (on === true && !/[{},]/.test(pattern)) patterns.add(pattern);
  }
  return patterns.size ? `{${[...patterns].join(',')}}` : undefined;
}

export async function listWorkspaceFiles(glob: string, max: number, signal: AbortSignal): Promise<FileListing> {
  const cts = tokenFor(signal);
  try {
    const found = await vscode.workspace.findFiles(glob, excludeGlob(), max + 1, cts.token);
    const roots = guardRoots();
    const files: WorkspaceFile[] = [];
    let outside = 0;
    const local = found.slice(0, max);
    const checked = await containingRoots(local.map((u) => (u.scheme === 'file' ? u.fsPath : '')), roots);
    local.forEach((uri, i) => {
      const inside = uri.scheme === 'file' ? checked[i] : undefined;
      if (!inside) {
        outside++;
        return;
      }
      files.push({ uri, label: isMultiRoot() ? `${inside.root.name}/${inside.relative}` : inside.relative });
    });
    files.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    return { files, hitLimit: found.length > max, outside };
  } finally {
    cts.dispose();
  }
}
