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

export interface DiagnosticsReport {
  /** One line per problem ("src/a.ts:3:5 error ts2322: …"), capped at MAX_DIAGNOSTICS with a note. */
  text: string;
  total: number;
  /** "the workspace" or the file's label. */
  where: string;
}

/** The problems VS Code reports for one file (`path`) or for every workspace file, worst first. */
export async function diagnosticsReport(path?: string): Promise<DiagnosticsReport> {
  const entries: Array<[string, vscode.Diagnostic[]]> = [];
  if (path !== undefined) {
    const p = await resolveToolPath(path);
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
  if (total > lines.length) lines.push(`[Truncated: ${MAX_DIAGNOSTICS} of ${total} problems shown.]`);
  const where = path !== undefined ? (entries[0]?.[0] ?? path) : 'the workspace';
  return { text: lines.join('\n'), total, where };
}

export const getDiagnosticsTool = defineTool<{ path?: string }>(toolSpec('get_diagnostics'), async (args) => {
  const r = await diagnosticsReport(args.path);
  if (!r.total) return done(`No problems reported in ${r.where}.`, `No problems in ${r.where}`);
  return done(r.text, `${plural(r.total, 'problem')} in ${r.where}`);
});
