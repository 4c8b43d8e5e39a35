// "Review" for approval cards: shows a proposed change in VS Code's diff editor, with the proposed
// text served from memory by a read-only virtual document. Staged texts live only while their
// approval is open; the diff tab is closed when the tool finishes.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';

export const REVIEW_SCHEME = 'venice-proposed';

export interface StagedReview {
  review: () => Promise<void>;
  dispose: () => void;
}

export interface ReviewInput {
  /** Workspace label of the file, for the tab title and the virtual file name. */
  label: string;
  /** The current document (left side); omitted for a file that does not exist yet. */
  original?: vscode.Uri;
  proposed: string;
}

function tabsShowing(uri: vscode.Uri): vscode.Tab[] {
  const key = uri.toString();
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key);
}

/** Closes the review's diff tab; re-queried and retried, because a tab object goes stale when the editor is replaced. */
async function closeTabsShowing(uri: vscode.Uri): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const tabs = tabsShowing(uri);
    if (!tabs.length) return;
    await vscode.window.tabGroups.close(tabs).then(undefined, () => false);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class ReviewDocuments implements vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REVIEW_SCHEME, {
      // Unknown paths return undefined so another registration of the scheme can answer.
      provideTextDocumentContent: (uri) => this.contents.get(uri.path),
    });
  }

  stage(input: ReviewInput): StagedReview {
    const id = randomUUID();
    // Keep the file name so the diff editor picks the right language.
    const name = input.label.split('/').pop() || 'file';
    const proposed = vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/${id}/proposed/${name}` });
    this.contents.set(proposed.path, input.proposed);
    let original = input.original;
    if (!original) {
      original = vscode.Uri.from({ scheme: REVIEW_SCHEME, path: `/${id}/empty/${name}` });
      this.contents.set(original.path, '');
    }
    const left = original;
    return {
      review: async () => {
        await vscode.commands.executeCommand('vscode.diff', left, proposed, `${input.label} ↔ proposed by Venice`, { preview: true });
      },
      dispose: () => {
        for (const key of [...this.contents.keys()]) if (key.startsWith(`/${id}/`)) this.contents.delete(key);
        void closeTabsShowing(proposed);
      },
    };
  }

  dispose(): void {
    this.contents.clear();
    this.registration.dispose();
  }
}
