// get_diagnostics: problems VS Code reports, for one file or for every workspace file.
import * as vscode from 'vscode';
import { defineTool } from '../dispatcher';
import { toolSpec } from '../schemas';
import { plural } from '../text';
import { resolveToolPath, workspaceLabelOf } from '../workspaceAccess';
import { done } from './outcome';

export const MAX_DIAGNOSTICS = 200;

const SEVERITY: Record<vscode.DiagnosticSeverity, string> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) return '';
  const value = typeof c === 'object' ? c.value : c;
  return ` ${d.source ?? ''}${String(value)}`.trimEnd();
}

function format(label: string, d: vscode.Diagnostic): string {
  const message = d.message.replace(/\s*\n\s*/g, ' ').slice(0, 500);
  return `${label}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity] ?? 'info'}${codeOf(d)}: ${message}`;
}

export const getDiagnosticsTool = defineTool<{ path?: string }>(toolSpec('get_diagnostics'), async (args) => {
  const entries: Array<[string, vscode.Diagnostic[]]> = [];
  if (args.path !== undefined) {
    const p = await resolveToolPath(args.path);
    entries.push([p.label, vscode.languages.getDiagnostics(p.uri)]);
  } else {
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      if (!list.length) continue;
      const label = await workspaceLabelOf(uri);
      if (label) entries.push([label, list]);
    }
  }
  const lines: string[] = [];
  let total = 0;
  const order = (d: vscode.Diagnostic): number => d.severity;
  for (const [label, list] of entries.sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const d of [...list].sort((a, b) => order(a) - order(b) || a.range.start.line - b.range.start.line)) {
      total++;
      if (lines.length < MAX_DIAGNOSTICS) lines.push(format(label, d));
    }
  }
  const where = args.path !== undefined ? (entries[0]?.[0] ?? args.path) : 'the workspace';
  if (!total) return done(`No problems reported in ${where}.`, `No problems in ${where}`);
  if (total > lines.length) lines.push(`[Truncated: ${MAX_DIAGNOSTICS} of ${total} problems shown.]`);
  return done(lines.join('\n'), `${plural(total, 'problem')} in ${where}`);
});
