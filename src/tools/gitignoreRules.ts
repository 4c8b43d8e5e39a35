// The .gitignore rules of a workspace listing: every .gitignore among the listed files, read through
// vscode.workspace.fs and applied like git (util/gitignore.ts). Used by the semantic index and the
// chat's "@file" list, so both leave out the same files.
import * as vscode from 'vscode';
import { GitIgnoreRules } from '../util/gitignore';

function basename(label: string): string {
  const i = label.lastIndexOf('/');
  return i === -1 ? label : label.slice(i + 1);
}

export async function gitIgnoreRulesOf(files: ReadonlyArray<{ uri: vscode.Uri; label: string }>): Promise<GitIgnoreRules> {
  const rules = new GitIgnoreRules();
  for (const f of files.filter((x) => basename(x.label) === '.gitignore')) {
    try {
      rules.add(f.label, new TextDecoder().decode(await vscode.workspace.fs.readFile(f.uri)));
    } catch {
      // An unreadable .gitignore ignores nothing.
    }
  }
  return rules;
}
