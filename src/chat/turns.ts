// Runs the chat's answers, one at a time: claims the turn (stopping an answer running in another
// chat), adds the question, runs the TurnRunner, streams its text to the view in per-frame deltas,
// asks for tool approvals, and when it ends saves the chat and puts a failed question back into the
// composer. What the view is told goes through the view adapter: deltas for text, patches without
// text for everything else, so an answer's text crosses to the webview once. A message sent while
// an answer streams in the same chat is queued (queue.ts) and goes out when that answer ends;
// images pass the planner's vision gate before anything is sent. No `vscode` import.
// Longer than ~350 lines on purpose: sending, queueing, regenerating, stopping and approvals all
// read and change the one running turn and its approval broker; the queue's own rules already live
// in queue.ts, and splitting the rest would have to expose that shared turn state.
import { ApprovalBroker } from '../llm/approvals';
import { imageRefusal } from '../llm/planner';
import type { ApprovalView } from '../shared/protocol';
import type { ApprovalRequest, ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import type { ChatModels } from './chatModels';
import { DeltaBatcher, type Timers } from './deltaBatcher';
import type { PendingImages } from './imageAttach';
import { isEmptyAnswer, newAssistantEntry, newId, titleFrom, type Attachment, type ChatImage, type Conversation, type ToolCallRecord, type UserEntry } from './model';
import type { PendingContext } from './pendingContext';
import { dequeue, enqueue, peekQueued } from './queue';
import type { ChatEnvironment, CheckpointPort } from './ports';
import type { TurnSettings } from '../llm/planner';
import type { ChatSession } from './session';
import { TurnRunner } from './turnRunner';
import type { ChatViewAdapter, LiveAnswer, LiveTurns } from './viewAdapter';

interface RunningTurn extends LiveAnswer {
  abort: AbortController;
  /** Why it was aborted: the user's Stop, or the extension shutting down. */
  stopReason?: 'user' | 'dispose';
  status?: string;
  /** The answer has ended and was shown as such; the chat is still being saved (`done` settles after). */
  over?: boolean;
  done: Promise<void>;
}

export interface TurnParts {
  session: ChatSession;
  view: ChatViewAdapter;
  models: ChatModels;
  context: PendingContext;
  images: PendingImages;
  env: ChatEnvironment;
  now: () => number;
  /** Keeps what each answer's tools changed, for "Restore files to before this answer". */
  checkpoints?: CheckpointPort;
  /** An answer with a checkpoint was saved (checkpoint storage may have grown). */
  onCheckpointSaved?(): void;
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
  /** Failed questions left in the transcript (their text did not go back to the input): never dropped by the next send. */
  private readonly keptFailed = new WeakSet<UserEntry>();
  private draining = false;
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
    // An answer that has ended is no longer live, even while its chat is still being written.
    return this.turn?.over ? undefined : this.turn;
  }

  approvalFor(toolCallId: string): ApprovalView | undefined {
    const a = this.approvals.pendingFor(toolCallId);
    return a && { approvalId: a.approvalId, title: a.request.title, detail: a.request.detail, warning: a.request.warning, canReview: !!a.request.review };
  }

  flushStream(): void {
    this.batcher.flush();
  }

  async send(text: string, attachmentIds: readonly string[], imageIds: readonly string[] = []): Promise<void> {
    const { session, view, context, images } = this.parts;
    await session.ensureLoaded();
    const conv = session.active;
    // An answer is streaming in this chat: the message waits for it to end.
    if (this.turn?.conversation === conv && !this.turn.over) return this.queue(conv, text, attachmentIds, imageIds);
    const withImages = images.list.filter((i) => imageIds.includes(i.id)).length;
    if (withImages && (await this.refuseImages(withImages))) {
      // Nothing was taken: the chips stay, the text goes back to the input.
      view.post({ type: 'restoreDraft', text });
      return;
    }
    if (!(await this.claim(conv))) {
      view.post({ type: 'restoreDraft', text });
      return;
    }
    const attachments = context.take(attachmentIds);
    const taken = images.take(imageIds);
    if (!text.trim() && attachments.length === 0 && taken.length === 0) return;
    this.dropFailedExchange(conv);
    this.ask(conv, { text, attachments, images: taken });
  }

  /** The active chat's next queued message goes out, when no answer is running. Safe to call any time. */
  async drain(): Promise<void> {
    const { session, view } = this.parts;
    if (this.turn || this.draining || this.disposed) return;
    this.draining = true;
    try {
      await session.ensureLoaded();
      const conv = session.active;
      const next = peekQueued(conv);
      if (!next || this.turn) return;
      // A queued image the model cannot read stays queued (shown, removable) until the model changes.
      if (next.images.length && (await this.refuseImages(next.images.length))) return;
      if (this.turn || session.active !== conv || !dequeue(conv, next.id)) return;
      view.postQueue(conv);
      this.ask(conv, next);
    } finally {
      this.draining = false;
    }
  }

  /** The user took a queued message back ("Remove queued message"). */
  async removeQueued(messageId: string): Promise<void> {
    const { session, view } = this.parts;
    await session.ensureLoaded();
    const conv = session.active;
    if (!dequeue(conv, messageId)) return;
    view.postQueue(conv);
    session.markDirty(conv, true);
  }

  private queue(conv: Conversation, text: string, attachmentIds: readonly string[], imageIds: readonly string[]): void {
    const { session, view, context, images } = this.parts;
    const attachments = context.take(attachmentIds);
    const taken = images.take(imageIds);
    if (!text.trim() && attachments.length === 0 && taken.length === 0) return;
    enqueue(conv, { id: newId(), text, attachments, images: taken, createdAt: this.parts.now() });
    view.postAttachments();
    view.postQueue(conv);
    // Saved at once: a window reload right now must not lose it.
    session.markDirty(conv, true);
  }

  /** Adds the question and starts its answer (the chat is claimed). */
  private ask(conv: Conversation, m: { text: string; attachments: Attachment[]; images: ChatImage[] }): void {
    const { session, view } = this.parts;
    const user: UserEntry = { id: newId(), role: 'user', text: m.text, attachments: m.attachments, createdAt: this.parts.now() };
    if (m.images.length) user.images = m.images;
    if (!conv.entries.some((e) => e.role === 'user')) conv.title = titleFrom(m.text || m.attachments[0]?.label || m.images[0]?.name || 'New chat');
    conv.entries.push(user);
    // A new chat becomes the one that opens after a reload.
    session.rememberOpened(conv);
    view.postAdded(conv, user);
    view.postAttachments();
    this.start(conv, user);
  }

  /** True (and the composer says why, with a switch to a vision model) when the chosen model cannot take these images. */
  private async refuseImages(count: number): Promise<boolean> {
    let refusal: string | undefined;
    try {
      refusal = imageRefusal(await this.settings(new AbortController().signal), count);
    } catch (err) {
      refusal = `Could not check whether the model reads images (${err instanceof Error ? err.message : String(err)}); nothing was sent.`;
    }
    if (!refusal) return false;
    // Offer a vision model that is not about to be retired, when there is one.
    const withVision = this.parts.models.view('').models.filter((m) => m.capabilities.includes('vision'));
    const vision = withVision.find((m) => !m.deprecated) ?? withVision[0];
    this.parts.view.post({ type: 'composerNotice', notice: { text: refusal, visionModel: vision && { id: vision.id, name: vision.name } } });
    return true;
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
    // The chat is going away: its queued messages must not start when this answer ends.
    delete turn.conversation.queued;
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
    // No compacting while the chat answers.
    view.postMeter();
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
    const files = this.parts.checkpoints?.recorder(entry, update);
    try {
      const settings = await this.settings(abort.signal);
      if (!entry.model) entry.model = settings.resolvedModel;
      await this.runner.run({
        prior: conv.entries.slice(0, -1),
        compaction: conv.compaction,
        entry,
        settings,
        signal: abort.signal,
        files,
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
    // The stream is over: its last text goes now, before any of the bookkeeping below.
    this.batcher.flush();
    if (turn.stopReason === 'dispose') {
      entry.state = 'interrupted';
      entry.error ??= { kind: 'interrupted', message: 'This answer was cut short when the extension stopped.', action: 'retry' };
    }
    if (entry.state === 'streaming') entry.state = 'done';
    turn.status = undefined;
    if (this.disposed) return;
    // What the answer left in each file it changed: a later difference is a change by hand.
    await files?.finish().catch((err: unknown) => this.parts.env.log.error('Noting the files an answer left failed', err));
    conv.updatedAt = this.parts.now();
    // The answer is shown as finished before the chat is written (the whole chat as JSON, then the
    // disk: tens of milliseconds on a busy machine), and whatever goes wrong in showing it, the chat
    // is still saved. Until the save is done, a new answer waits for it (claim, send).
    turn.over = true;
    try {
      // Not busy first: by the time the answer shows as finished, the input already takes the next question.
      view.postBusy();
      view.postAnswer(conv, entry, true);
    } catch (err) {
      this.parts.env.log.error('Showing the finished answer failed', err);
    }
    await session.save(conv);
    if (entry.checkpoint) this.parts.onCheckpointSaved?.();
    this.end();
    view.postConversations();
    if (session.active === conv) view.postMeter();
    // Nothing typed is lost: a send that got no answer at all puts the text and chips back, unless
    // queued messages go out next: then it stays in the transcript with its error card (and Retry).
    if (sentBy && (entry.state === 'error' || entry.state === 'interrupted') && isEmptyAnswer(entry) && session.active === conv) {
      if (conv.queued?.length) this.keptFailed.add(sentBy);
      else {
        view.post({ type: 'restoreDraft', text: sentBy.text });
        this.parts.context.restore(sentBy.attachments);
        if (sentBy.images) this.parts.images.restore(sentBy.images);
      }
    }
    // However it ended (done, Stop, error, a rejected tool), the next queued message goes out now.
    await this.drain();
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
      // An answer that has ended is only being saved: wait for it, whichever chat it is in.
      if (this.turn.over) {
        await this.turn.done;
        continue;
      }
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
    if (this.keptFailed.has(before)) return;
    conv.entries.splice(n - 2, 2);
    this.parts.view.postRemoved(conv, [before.id, last.id]);
  }

  /** The settings the next answer would run with (also what a compaction's summary is written with). */
  turnSettings(signal: AbortSignal): Promise<TurnSettings> {
    return this.settings(signal);
  }

  private async settings(signal: AbortSignal): Promise<TurnSettings> {
    const s = this.parts.env.settings();
    await this.parts.models.ensure(signal);
    const resolvedModel = s.model || (await this.parts.models.defaultModel(signal));
    return { ...s, resolvedModel, modelInfo: this.parts.models.find(resolvedModel) };
  }
}
