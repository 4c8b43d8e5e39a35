// Runs the chat's answers, one at a time: claims the turn (stopping an answer running in another
// chat), adds the question, runs the TurnRunner, streams its text to the view in per-frame deltas,
// asks for tool approvals, and when it ends saves the chat and puts a failed question back into the
// composer. What the view is told goes through the view adapter: deltas for text, patches without
// text for everything else, so an answer's text crosses to the webview once. No `vscode` import.
import { ApprovalBroker } from '../llm/approvals';
import type { ApprovalView } from '../shared/protocol';
import type { ApprovalRequest, ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import type { ChatModels } from './chatModels';
import { DeltaBatcher, type Timers } from './deltaBatcher';
import { isEmptyAnswer, newAssistantEntry, newId, titleFrom, type Conversation, type ToolCallRecord, type UserEntry } from './model';
import type { PendingContext } from './pendingContext';
import type { ChatEnvironment } from './ports';
import type { TurnSettings } from '../llm/planner';
import type { ChatSession } from './session';
import { TurnRunner } from './turnRunner';
import type { ChatViewAdapter, LiveAnswer, LiveTurns } from './viewAdapter';

interface RunningTurn extends LiveAnswer {
  abort: AbortController;
  /** Why it was aborted: the user's Stop, or the extension shutting down. */
  stopReason?: 'user' | 'dispose';
  status?: string;
  done: Promise<void>;
}

export interface TurnParts {
  session: ChatSession;
  view: ChatViewAdapter;
  models: ChatModels;
  context: PendingContext;
  env: ChatEnvironment;
  now: () => number;
}

export interface TurnTiming {
  timers: Timers;
  /** Least time between two delta messages while text keeps coming (ms; default one frame). */
  batchMs?: number;
}

export class ChatTurns implements LiveTurns {
  private turn: RunningTurn | undefined;
  private readonly approvals = new ApprovalBroker<ApprovalRequest>(newId);
  private readonly batcher: DeltaBatcher;
  private readonly runner: TurnRunner;
  private disposed = false;

  constructor(
    api: VeniceApi,
    tools: ToolHost,
    private readonly parts: TurnParts,
    timing: TurnTiming,
  ) {
    this.batcher = new DeltaBatcher((m) => parts.view.post(m), timing.batchMs, timing.timers);
    this.runner = new TurnRunner(api, tools);
  }

  get current(): LiveAnswer | undefined {
    return this.turn;
  }

  approvalFor(toolCallId: string): ApprovalView | undefined {
    const a = this.approvals.pendingFor(toolCallId);
    return a && { approvalId: a.approvalId, title: a.request.title, detail: a.request.detail, warning: a.request.warning, canReview: !!a.request.review };
  }

  flushStream(): void {
    this.batcher.flush();
  }

  async send(text: string, attachmentIds: readonly string[]): Promise<void> {
    const { session, view, context } = this.parts;
    await session.ensureLoaded();
    const conv = session.active;
    if (!(await this.claim(conv))) {
      view.post({ type: 'restoreDraft', text });
      return;
    }
    const attachments = context.take(attachmentIds);
    if (!text.trim() && attachments.length === 0) return;

    this.dropFailedExchange(conv);
    const user: UserEntry = { id: newId(), role: 'user', text, attachments, createdAt: this.parts.now() };
    if (!conv.entries.some((e) => e.role === 'user')) conv.title = titleFrom(text || attachments[0]?.label || 'New chat');
    conv.entries.push(user);
    // A new chat becomes the one that opens after a reload.
    session.rememberOpened(conv);
    view.postAdded(conv, user);
    view.postAttachments();
    this.start(conv, user);
  }

  /** Re-runs the last answer (also the error card's "Retry"). */
  async regenerate(messageId: string): Promise<void> {
    await this.parts.session.ensureLoaded();
    const conv = this.parts.session.active;
    if (!(await this.claim(conv))) return;
    const last = conv.entries[conv.entries.length - 1];
    if (!last || last.id !== messageId || last.role !== 'assistant') return;
    conv.entries.pop();
    this.parts.view.postRemoved(conv, [last.id]);
    this.start(conv, undefined);
  }

  /** Replaces the last user message and everything after it; the old branch is dropped, not resent. */
  async editLast(messageId: string, text: string): Promise<void> {
    const { session, view } = this.parts;
    await session.ensureLoaded();
    const conv = session.active;
    if (!(await this.claim(conv))) {
      view.post({ type: 'restoreDraft', text });
      return;
    }
    const at = conv.entries.findIndex((e) => e.id === messageId);
    const lastUser = conv.entries.map((e) => e.role).lastIndexOf('user');
    if (at === -1 || at !== lastUser || !text.trim()) return;
    const old = conv.entries[at] as UserEntry;
    const removed = conv.entries.splice(at);
    view.postRemoved(conv, removed.map((e) => e.id));
    const user: UserEntry = { id: newId(), role: 'user', text, attachments: old.attachments, createdAt: this.parts.now() };
    if (at === 0) conv.title = titleFrom(text);
    conv.entries.push(user);
    view.postAdded(conv, user);
    this.start(conv, undefined);
  }

  stop(requestId: string): void {
    if (this.turn && this.turn.requestId === requestId) this.stopTurn(this.turn, 'user');
  }

  /** Stops an answer running in this chat and waits until it has ended (the chat is being deleted). */
  async stopIn(conversationId: string): Promise<void> {
    const turn = this.turn;
    if (turn?.conversation.id !== conversationId) return;
    this.stopTurn(turn, 'user');
    await turn.done;
  }

  /** Resolves when no answer is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.turn) await this.turn.done;
  }

  resolveApproval(approvalId: string, apply: boolean): void {
    this.approvals.settle(approvalId, apply);
  }

  async review(approvalId: string): Promise<void> {
    const review = this.approvals.get(approvalId)?.request.review;
    if (!review) return;
    try {
      await review();
    } catch (err) {
      this.parts.env.log.error('Opening the review failed', err);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.turn) this.stopTurn(this.turn, 'dispose');
    this.approvals.cancelAll();
    this.batcher.dispose();
  }

  private start(conv: Conversation, sentBy: UserEntry | undefined): void {
    const { session, view, now } = this.parts;
    const entry = newAssistantEntry(now(), undefined);
    conv.entries.push(entry);
    conv.updatedAt = now();
    const turn: RunningTurn = { requestId: newId(), conversation: conv, entry, abort: new AbortController(), done: Promise.resolve() };
    this.turn = turn;
    session.setRunning(conv);
    view.postAdded(conv, entry);
    view.postBusy();
    session.markDirty(conv, true);
    turn.done = this.run(turn, sentBy).finally(() => {
      if (this.turn === turn) this.end();
    });
  }

  private async run(turn: RunningTurn, sentBy: UserEntry | undefined): Promise<void> {
    const { session, view } = this.parts;
    const { conversation: conv, entry, abort } = turn;
    const key = { requestId: turn.requestId, conversationId: conv.id, messageId: entry.id };
    // Everything but text: the text went (or goes, flushed first) as deltas.
    const update = () => {
      view.postAnswer(conv, entry, false);
      session.markDirty(conv);
    };
    const stream = (round: number, channel: 'text' | 'reasoning', text: string) => {
      this.batcher.push({ ...key, round, channel }, text);
      // Text has arrived: a retry notice is over. Pushed first, so the update's lengths include it.
      if (turn.status !== undefined) {
        turn.status = undefined;
        update();
      }
      session.markDirty(conv);
    };
    try {
      const settings = await this.settings(abort.signal);
      if (!entry.model) entry.model = settings.resolvedModel;
      await this.runner.run({
        prior: conv.entries.slice(0, -1),
        entry,
        settings,
        signal: abort.signal,
        hooks: {
          onText: (round, text) => stream(round, 'text', text),
          onReasoning: (round, text) => stream(round, 'reasoning', text),
          onChange: update,
          onRetry: (n) => {
            const secs = Math.max(1, Math.round(n.delayMs / 1000));
            turn.status =
              n.status === 429
                ? `Rate limited by Venice: retrying in ${secs} s (attempt ${n.attempt})…`
                : `Venice is not answering (${n.status || n.reason}): retrying in ${secs} s (attempt ${n.attempt})…`;
            update();
          },
          requestApproval: (call, req) => this.askApproval(turn, call, req, update),
          onToolOutput: (call, text) => {
            call.output = text;
            update();
          },
        },
      });
    } catch (err) {
      // Only model resolution can land here; the runner turns its own failures into entry state.
      if (abort.signal.aborted) entry.state = 'stopped';
      else {
        entry.state = 'error';
        entry.error = { kind: 'unexpected', message: err instanceof Error ? err.message : String(err) };
      }
    }
    if (turn.stopReason === 'dispose') {
      entry.state = 'interrupted';
      entry.error ??= { kind: 'interrupted', message: 'This answer was cut short when the extension stopped.', action: 'retry' };
    }
    if (entry.state === 'streaming') entry.state = 'done';
    turn.status = undefined;
    if (this.disposed) return;
    this.batcher.flush();
    conv.updatedAt = this.parts.now();
    await session.save(conv);
    this.end();
    // Not busy first: by the time the answer shows as finished, the input already takes the next question.
    view.postBusy();
    view.postAnswer(conv, entry, true);
    view.postConversations();
    // Nothing typed is lost: a send that got no answer at all puts the text and chips back.
    if (sentBy && (entry.state === 'error' || entry.state === 'interrupted') && isEmptyAnswer(entry) && session.active === conv) {
      view.post({ type: 'restoreDraft', text: sentBy.text });
      this.parts.context.restore(sentBy.attachments);
    }
  }

  private end(): void {
    this.turn = undefined;
    this.parts.session.setRunning(undefined);
  }

  /**
   * One answer at a time. An answer running in another chat is stopped first; one running in this
   * chat means "not now" (false). Also false when the user switched chats meanwhile.
   */
  private async claim(conv: Conversation): Promise<boolean> {
    while (this.turn) {
      if (this.turn.conversation === conv) return false;
      this.stopTurn(this.turn, 'user');
      await this.turn.done;
    }
    return this.parts.session.active === conv;
  }

  private stopTurn(turn: RunningTurn, reason: 'user' | 'dispose'): void {
    turn.stopReason ??= reason;
    turn.abort.abort();
    // Only this turn asks for approvals: whatever still waits is answered "no".
    this.approvals.cancelAll();
  }

  private askApproval(turn: RunningTurn, call: ToolCallRecord, request: ApprovalRequest, update: () => void): Promise<boolean> {
    const answer = this.approvals.request(call.id, request, turn.abort.signal);
    // Already stopped: answered "no" without showing a card.
    if (!this.approvals.pendingFor(call.id)) return answer;
    call.status = 'awaitingApproval';
    update();
    return answer;
  }

  /** A failed send with no answer is replaced by the next message (its text went back to the input). */
  private dropFailedExchange(conv: Conversation): void {
    const n = conv.entries.length;
    const last = conv.entries[n - 1];
    const before = conv.entries[n - 2];
    if (last?.role !== 'assistant' || before?.role !== 'user') return;
    if ((last.state !== 'error' && last.state !== 'interrupted') || !isEmptyAnswer(last)) return;
    conv.entries.splice(n - 2, 2);
    this.parts.view.postRemoved(conv, [before.id, last.id]);
  }

  private async settings(signal: AbortSignal): Promise<TurnSettings> {
    const s = this.parts.env.settings();
    await this.parts.models.ensure(signal);
    const resolvedModel = s.model || (await this.parts.models.defaultModel(signal));
    return { ...s, resolvedModel, modelInfo: this.parts.models.find(resolvedModel) };
  }
}
