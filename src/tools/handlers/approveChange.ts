// Shared approval step of the tools that change text: stage the proposed document for "Review",
// ask, and close the review when the user has decided.
import type * as vscode from 'vscode';
import type { ToolRuntime } from '../dispatcher';
import type { ToolDeps } from './deps';

export interface ChangeProposal {
  title: string;
  detail: string;
  warning?: string;
  /** Why it asks even when auto-approved, without a warning (see ApprovalAsk). */
  alwaysAsk?: string;
  /** Workspace label of the file. */
  label: string;
  /** The document as it is now (left side of the diff); omitted for a new file. */
  original?: vscode.Uri;
  /** The whole document as it would be after the change. */
  proposed: string;
}

export async function approveChange(rt: ToolRuntime, deps: ToolDeps, p: ChangeProposal): Promise<boolean> {
  const staged = deps.reviews.stage({ label: p.label, original: p.original, proposed: p.proposed });
  try {
    return await rt.approve({ title: p.title, detail: p.detail, warning: p.warning, alwaysAsk: p.alwaysAsk, review: staged.review });
  } finally {
    staged.dispose();
  }
}
