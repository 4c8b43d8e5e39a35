// The files the user edited lately (most recent first), so prompts can carry snippets from them.
// Filled from VS Code's change events once completions start; documents that close are forgotten.
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { SnippetSource } from './snippets';

interface Edited {
  doc: vscode.TextDocument;
  line: number;
}

const KEEP = 20;
/** Candidate files per request: the snippet search looks at this many at most. */
const MAX_SOURCES = 6;
/** Lines read from each candidate, around where it was edited (or its top). */
const WINDOW_LINES = 800;

export class RecentFiles extends Disposable {
  private edited: Edited[] = [];

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        const change = e.contentChanges[0];
        if (!change) return;
        this.edited = [{ doc: e.document, line: change.range.start.line }, ...this.edited.filter((x) => x.doc !== e.document)].slice(0, KEEP);
      }),
    );
    this.register(vscode.workspace.onDidCloseTextDocument((doc) => (this.edited = this.edited.filter((x) => x.doc !== doc))));
  }

  /**
   * Other documents of `current`'s language that `allowed` accepts: recently edited ones first,
   * then the ones open in editors.
   */
  sources(current: vscode.TextDocument, allowed: (doc: vscode.TextDocument) => boolean): SnippetSource[] {
    const out: SnippetSource[] = [];
    const seen = new Set<vscode.TextDocument>([current]);
    const add = (doc: vscode.TextDocument, line?: number) => {
      if (seen.has(doc) || doc.languageId !== current.languageId || doc.isClosed || out.length >= MAX_SOURCES || !allowed(doc)) return;
      seen.add(doc);
      // Only the lines around the focus: whole large files would cost more than the snippet is worth.
      const focus = line ?? 0;
      const from = Math.max(0, focus - WINDOW_LINES / 2);
      const to = Math.min(doc.lineCount - 1, from + WINDOW_LINES);
      const text = doc.getText(new vscode.Range(from, 0, to, doc.lineAt(to).text.length));
      out.push({ path: vscode.workspace.asRelativePath(doc.uri, false), text, focusLine: focus - from });
    };
    for (const e of this.edited) add(e.doc, e.line);
    for (const editor of vscode.window.visibleTextEditors) add(editor.document, editor.selection.active.line);
    for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
      const uri = tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined;
      const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc) add(doc);
    }
    return out;
  }
}
