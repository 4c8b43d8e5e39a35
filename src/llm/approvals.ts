// Tool calls waiting for the user's yes or no. Each pending approval is keyed by its tool call's id
// (so a view can show the card on the right call) and gets an approval id of its own, which is all
// the view sends back: a forged or stale id settles nothing. Every request settles exactly once:
// with the user's decision, or with `false` when its signal aborts (Stop, a timeout) or everything
// is cancelled (the session ends). No `vscode` import: tested in plain Node.
import { randomUUID } from 'node:crypto';

export interface PendingApproval<R> {
  readonly approvalId: string;
  readonly toolCallId: string;
  /** What the user is asked (title, detail…); the broker never looks inside. */
  readonly request: R;
}

interface Waiting<R> extends PendingApproval<R> {
  settle(approved: boolean): void;
}

export class ApprovalBroker<R> {
  private readonly byApprovalId = new Map<string, Waiting<R>>();
  private readonly byToolCallId = new Map<string, Waiting<R>>();

  /** `newId` makes approval ids; they travel to the view, so keep them to [A-Za-z0-9_-]. */
  constructor(private readonly newId: () => string = randomUUID) {}

  /**
   * Asks for one tool call. Resolves true only when the user approves; false when they reject, when
   * `signal` aborts (already aborted: at once, nothing is shown) or when cancelAll() runs. A second
   * request for the same tool call settles the first one with false.
   */
  request(toolCallId: string, request: R, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    this.byToolCallId.get(toolCallId)?.settle(false);
    return new Promise<boolean>((resolve) => {
      const approvalId = this.newId();
      const onAbort = () => waiting.settle(false);
      const waiting: Waiting<R> = {
        approvalId,
        toolCallId,
        request,
        settle: (approved) => {
          if (this.byApprovalId.get(approvalId) !== waiting) return;
          this.byApprovalId.delete(approvalId);
          if (this.byToolCallId.get(toolCallId) === waiting) this.byToolCallId.delete(toolCallId);
          signal.removeEventListener('abort', onAbort);
          resolve(approved);
        },
      };
      this.byApprovalId.set(approvalId, waiting);
      this.byToolCallId.set(toolCallId, waiting);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The user's decision, by the approval id the view sent. False when nothing waits under that id. */
  settle(approvalId: string, approved: boolean): boolean {
    const waiting = this.byApprovalId.get(approvalId);
    if (!waiting) return false;
    waiting.settle(approved);
    return true;
  }

  /** The approval a tool call is waiting for, if any (what the view draws as its card). */
  pendingFor(toolCallId: string): PendingApproval<R> | undefined {
    return this.view(this.byToolCallId.get(toolCallId));
  }

  /** The approval the view refers to by id (e.g. to open its review), if it still waits. */
  get(approvalId: string): PendingApproval<R> | undefined {
    return this.view(this.byApprovalId.get(approvalId));
  }

  get size(): number {
    return this.byApprovalId.size;
  }

  /** Settles everything still waiting with false (Stop, dispose). */
  cancelAll(): void {
    for (const waiting of [...this.byApprovalId.values()]) waiting.settle(false);
  }

  private view(w: Waiting<R> | undefined): PendingApproval<R> | undefined {
    return w && { approvalId: w.approvalId, toolCallId: w.toolCallId, request: w.request };
  }
}
