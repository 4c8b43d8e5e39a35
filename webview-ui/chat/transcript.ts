// The conversation (role="log"): message elements by id, streamed deltas, and scrolling that follows
// the answer while the user is at the bottom.
// A long chat opens newest-first: the newest messages are drawn at once, so the end of the
// conversation shows and the input works right away; the rest of the page the host sent with the
// state (EAGER_MESSAGES) is drawn in idle time, a slice of a few ms at a time (transcriptScheduler.ts).
// Older messages are asked from the host (a page at a time, backlog.ts) and drawn only once the user
// scrolls near the top of what is drawn: then a slice every frame while they are there, and in idle
// time up to HISTORY_MESSAGES after, put in above the others in an animation frame without moving
// what is on screen. Opening a chat of 10,000 messages costs what
// opening one of 60 does, and nothing is drawn that nobody looks at.
// Layout is read once per frame, after the writes; following the end of the conversation is done
// by a ResizeObserver (after layout, before paint), so streamed text never forces an extra layout.
// Messages sit in groups that the browser skips while off-screen (messageGroups.ts).
// Over ~350 lines on purpose: following the end, the newest-first drawing and putting older messages
// in above share one scroll state and one per-frame layout read; split, each would read layout again.
import type { AnswerPatchView, MessageView, ToWebview } from '../../src/shared/protocol';
import { mergeAnswerPatch } from './answerPatch';
import { Backlog } from './backlog';
import { clear, h, icon } from './dom';
import { MessageGroups } from './messageGroups';
import { AssistantMessageElement, UserMessageElement, type MessageContext, type MessageElement } from './messageView';
import { browserSchedulerEnv, TranscriptScheduler, type SchedulerEnv, type TimeLeft } from './transcriptScheduler';

/**
 * Drawn at once when a chat opens: a screenful of a sidebar, a few more while the time allows. Each
 * one more is laid out before the first paint; the rest follow in idle time, above, off-screen.
 */
const FIRST_MIN = 10;
const FIRST_MAX = 16;
const FIRST_BUDGET_MS = 12;
/** Streamed (or caught-up) text drawn per frame, in ms; the rest follows in the next frames. */
const STREAM_BUDGET_MS = 6;
/**
 * Messages drawn without the user scrolling up to them: the newest page the host puts in the state
 * (src/chat/paging.ts NEWEST_PAGE), a few screens. Older ones are asked for and drawn when the user
 * comes near them.
 */
export const EAGER_MESSAGES = 60;
/**
 * Once the user has come near the top (they want the history), older messages go on being drawn in
 * the background, a slice at a time, up to this many in all; beyond it, only as the user comes near.
 */
export const HISTORY_MESSAGES = 2_000;
/**
 * Messages kept in the page while the user scrolls up a very long chat: beyond it, the newest groups
 * (far below) are taken out and put back when the user comes down to them (messageGroups.ts), so
 * layout, paint and style work per frame stay those of a chat this long.
 */
export const ATTACHED_MESSAGES = 2_500;
/**
 * Messages taken out together once the page holds more than the limit (a tenth of it): the heights
 * of the groups leaving are read (a forced layout) once in this many messages drawn, not every frame.
 */
const detachBatch = (max: number): number => Math.floor(max / 10);
/** Groups put back per frame while the user is near the end of what is in the page. */
const REATTACH_PER_FRAME = 2;
/** "Near" the newer messages kept out of the page: within two viewport heights below the view. */
const NEAR_BOTTOM_MARGIN = '0px 0px 200% 0px';
/** The host is asked for the next page when fewer messages than this wait to be drawn. */
const LOW_WATER = 80;
/** "Near" the part not drawn yet: within two viewport heights above the view. */
const NEAR_TOP_MARGIN = '200% 0px 0px 0px';
/** Within this many px of the end, the view follows the conversation. */
const STICK_PX = 40;

type OlderMessages = Extract<ToWebview, { type: 'olderMessages' }>;

export interface TranscriptOptions {
  /** Timing; tests drive it by hand. Default: the browser's (animation frames, idle callbacks). */
  env?: SchedulerEnv;
  /** Default EAGER_MESSAGES. */
  eagerMessages?: number;
  /** Default ATTACHED_MESSAGES. */
  attachedMessages?: number;
}

export class Transcript {
  readonly el: HTMLElement;
  private readonly notesEl: HTMLElement;
  private readonly olderEl: HTMLElement;
  /** Marks the end of what is in the page: near it, newer messages kept out are put back. */
  private readonly newerEl: HTMLElement;
  private nearBottom = false;
  private readonly list: HTMLElement;
  private readonly groups: MessageGroups;
  private readonly byId = new Map<string, MessageElement>();
  /** Every message of the chat this view has (drawn or waiting), oldest first, and its role. */
  private order: string[] = [];
  private readonly roles = new Map<string, MessageView['role']>();
  private readonly backlog = new Backlog();
  /** Drawn off the document, newest first; inserted above the others in the next frame. */
  private built: MessageElement[] = [];
  /** Answers with text left to draw. */
  private readonly drawing = new Set<AssistantMessageElement>();
  private readonly scheduler: TranscriptScheduler;
  private readonly resizeObserver: ResizeObserver | undefined;
  private lastUser: string | undefined;
  private lastAssistant: string | undefined;
  private stick = true;
  /** A new state wants the view at its end in the next frame (the ResizeObserver may see no change). */
  private endWanted = false;
  /** Where to return to once enough is drawn: the distance of the view's top from the end. */
  private restoreFromEnd: number | undefined;
  /** Messages drawn without the user scrolling up (see EAGER_MESSAGES). */
  private readonly eager: number;
  private readonly attachedMax: number;
  /** The user came near the top of this chat: draw on up to HISTORY_MESSAGES. */
  private historyWanted = false;
  private readonly frameJob = () => this.onFrame();
  private readonly drawOlder = (timeLeft: TimeLeft) => this.drawOlderSlice(timeLeft);

  constructor(
    private readonly ctx: MessageContext,
    requestFrame: (cb: () => void) => void,
    opts: TranscriptOptions = {},
  ) {
    const doc = ctx.doc;
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    this.scheduler = new TranscriptScheduler(opts.env ?? browserSchedulerEnv(win, requestFrame));
    // Without an IntersectionObserver nothing tells when the user comes near the top: draw them all.
    this.eager = opts.eagerMessages ?? (win?.IntersectionObserver ? EAGER_MESSAGES : Infinity);
    this.attachedMax = opts.attachedMessages ?? ATTACHED_MESSAGES;
    this.notesEl = h(doc, 'div', { className: 'conversation-notes' });
    this.olderEl = h(doc, 'div', { className: 'older-messages', hidden: true }, h(doc, 'span', { text: 'Loading earlier messages…' }));
    this.list = h(doc, 'div', { className: 'messages' });
    this.groups = new MessageGroups(doc, this.list);
    this.newerEl = h(doc, 'div', { className: 'newer-messages', 'aria-hidden': 'true' });
    this.el = h(doc, 'div', { className: 'transcript', role: 'log', 'aria-label': 'Conversation', tabindex: '0' }, this.notesEl, this.olderEl, this.list, this.newerEl);
    this.el.addEventListener('scroll', () => {
      // The end of what is in the page is not the end of the chat while newer messages are kept out.
      this.stick = !this.groups.hasDetached && this.el.scrollHeight - this.el.scrollTop - this.el.clientHeight < STICK_PX;
    });
    // Once the user scrolls, the old reading position no longer applies.
    for (const type of ['wheel', 'keydown', 'pointerdown', 'touchstart']) this.el.addEventListener(type, () => (this.restoreFromEnd = undefined), { passive: true });
    if (win?.ResizeObserver) {
      // Runs after layout: following the end costs no extra layout, whatever changed the height
      // (streamed text, messages drawn above, off-screen messages getting their real size).
      this.resizeObserver = new win.ResizeObserver(() => this.scrollIfFollowing());
      this.resizeObserver.observe(this.list);
      this.resizeObserver.observe(this.el);
    }
    if (win?.IntersectionObserver) {
      // Near the part not drawn yet: draw it every frame (and again, if it paused at EAGER_MESSAGES).
      const near = (entries: IntersectionObserverEntry[]) => {
        this.scheduler.setHurry(entries.some((e) => e.isIntersecting));
        if (this.scheduler.hurrying) this.historyWanted = true;
        if (this.scheduler.hurrying) this.afterNewMessages();
      };
      const nearTop = new win.IntersectionObserver(near, { root: this.el, rootMargin: NEAR_TOP_MARGIN });
      nearTop.observe(this.olderEl);
      const nearBottom = new win.IntersectionObserver(
        (entries) => {
          this.nearBottom = entries.some((e) => e.isIntersecting);
          if (this.nearBottom && this.groups.hasDetached) this.scheduler.inFrame(this.frameJob);
        },
        { root: this.el, rootMargin: NEAR_BOTTOM_MARGIN },
      );
      nearBottom.observe(this.newerEl);
    }
  }

  get isEmpty(): boolean {
    return this.order.length === 0 && this.backlog.olderOnHost === 0;
  }

  /** Where the user is reading (distance of the view's top from the end), or undefined while following the end. */
  get readingPosition(): number | undefined {
    // The newest messages kept out of the page count too: the position is from the chat's real end.
    return this.stick ? undefined : this.el.scrollHeight + this.groups.detachedHeight - this.el.scrollTop;
  }

  /**
   * A new state: `messages` are the newest of the chat and `olderCount` more are on the host.
   * `fromEnd` returns to a reading position (readingPosition) once enough is drawn.
   */
  setMessages(conversationId: string, messages: readonly MessageView[], notes: readonly string[], olderCount = 0, fromEnd?: number): void {
    this.scheduler.setBackground(undefined);
    this.historyWanted = false;
    this.groups.clear();
    this.byId.clear();
    this.roles.clear();
    this.built = [];
    this.drawing.clear();
    this.order = messages.map((m) => m.id);
    for (const m of messages) this.roles.set(m.id, m.role);
    this.backlog.reset(conversationId, messages, olderCount);
    clear(this.notesEl);
    for (const n of notes) this.notesEl.append(h(this.ctx.doc, 'div', { className: 'note', role: 'note' }, icon(this.ctx.doc, 'info'), h(this.ctx.doc, 'span', { text: n })));
    this.lastUser = undefined;
    this.lastAssistant = undefined;
    this.findLast();
    this.stick = fromEnd === undefined;
    this.restoreFromEnd = fromEnd;

    // The newest messages now, so the end of the chat shows in the first paint.
    const timeLeft = this.budget(FIRST_BUDGET_MS);
    const first: MessageElement[] = [];
    while (this.backlog.waitingCount > 0 && (first.length < FIRST_MIN || (first.length < FIRST_MAX && timeLeft() > 0))) {
      first.push(this.create(this.backlog.takeNewest() as MessageView, timeLeft));
    }
    this.groups.prepend(first.reverse().map((e) => e.el));
    this.afterNewMessages();
    // To the end in the next frame, not now: reading the height here would lay the page out in
    // this task, and the rest of the state (composer, header) would make it lay out again.
    if (this.stick && !this.resizeObserver) this.scrollToEnd();
    else {
      this.endWanted = this.stick;
      this.scheduler.inFrame(this.frameJob);
    }
  }

  /** A page of older messages from the host (dropped unless it answers this view's request). */
  addOlder(msg: OlderMessages): void {
    const accepted = this.backlog.receive(msg.conversationId, msg.beforeId, msg.messages, msg.olderCount);
    if (!accepted) return;
    this.order = [...accepted.map((m) => m.id), ...this.order];
    for (const m of accepted) this.roles.set(m.id, m.role);
    this.afterNewMessages();
  }

  add(m: MessageView): void {
    if (this.roles.has(m.id)) return this.update(m);
    this.order.push(m.id);
    this.roles.set(m.id, m.role);
    this.findLast();
    this.groups.append(this.create(m).el);
    // The user's own message always brings the view to the end.
    if (m.role === 'user') this.stick = true;
    this.followLater();
  }

  update(m: MessageView): void {
    const el = this.byId.get(m.id);
    if (!el) {
      this.backlog.replace(m);
      return;
    }
    if (m.role === 'user' && el instanceof UserMessageElement) el.update(m);
    else if (m.role === 'assistant' && el instanceof AssistantMessageElement) this.track(el, el.update(m, this.budget(STREAM_BUDGET_MS)));
    this.followLater();
  }

  /**
   * A patch for an answer (all but its text). 'mismatch': the copy here misses text the host has, so
   * the whole message should be asked for; 'absent': the message is not in this view.
   */
  patch(p: AnswerPatchView, digest?: string): 'ok' | 'mismatch' | 'absent' {
    const el = this.byId.get(p.id);
    if (el instanceof AssistantMessageElement) {
      const { drawn, inSync } = el.patch(p, digest, this.budget(STREAM_BUDGET_MS));
      this.track(el, drawn);
      this.followLater();
      return inSync ? 'ok' : 'mismatch';
    }
    const waiting = this.backlog.get(p.id);
    if (waiting?.role !== 'assistant') return waiting ? 'mismatch' : 'absent';
    const merged = mergeAnswerPatch(waiting, p, digest);
    this.backlog.replace(merged.view);
    return merged.inSync ? 'ok' : 'mismatch';
  }

  remove(ids: readonly string[]): void {
    const gone = new Set(ids);
    for (const id of ids) {
      const el = this.byId.get(id);
      if (el) this.groups.remove(el.el);
      if (el instanceof AssistantMessageElement) this.drawing.delete(el);
      this.byId.delete(id);
      this.roles.delete(id);
    }
    this.built = this.built.filter((e) => !gone.has(e.id));
    this.backlog.remove(ids);
    this.order = this.order.filter((id) => !gone.has(id));
    this.findLast();
  }

  /** Appends streamed text; it is drawn in the next frame. False when the message is not shown here. */
  delta(messageId: string, round: number, channel: 'text' | 'reasoning', text: string): boolean {
    const el = this.byId.get(messageId);
    if (!(el instanceof AssistantMessageElement) || !el.appendDelta(round, channel, text)) return false;
    this.track(el, false);
    return true;
  }

  /** Colours the code drawn before the highlighter had loaded (on the page and drawn off it). */
  colourPlainCode(): void {
    this.ctx.renderer.colourPlainCode(this.el);
    for (const m of this.built) this.ctx.renderer.colourPlainCode(m.el);
  }

  scrollIfFollowing(): void {
    if (this.stick) this.scrollToEnd();
  }

  private scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  /** After something grew: without a ResizeObserver, follow the end in the next frame. */
  private followLater(): void {
    if (this.stick && !this.resizeObserver) this.scheduler.inFrame(this.frameJob);
  }

  private budget(ms: number): TimeLeft {
    const end = this.scheduler.now() + ms;
    return () => end - this.scheduler.now();
  }

  /** An answer with text left to draw is drawn on in the next frames. */
  private track(el: AssistantMessageElement, done: boolean): void {
    if (done) {
      this.drawing.delete(el);
      return;
    }
    this.drawing.add(el);
    this.scheduler.inFrame(this.frameJob);
  }

  /** Older messages may be drawn now: fewer than EAGER_MESSAGES are, or the user is near the top. */
  private mayDrawOlder(): boolean {
    return this.byId.size < this.drawUpTo() || this.scheduler.hurrying;
  }

  /** Messages are waiting to be drawn or on the host: ask for the next page and draw in the background. */
  private afterNewMessages(): void {
    this.requestOlder();
    if (this.backlog.waitingCount > 0 && this.mayDrawOlder()) this.scheduler.setBackground(this.drawOlder);
    this.olderEl.hidden = this.backlog.complete && this.built.length === 0;
  }

  /** How many messages may be drawn without the user near the top. */
  private drawUpTo(): number {
    return this.historyWanted ? Math.max(this.eager, HISTORY_MESSAGES) : this.eager;
  }

  /** Older messages are wanted: the user is near the top, or fewer than EAGER_MESSAGES are drawn or waiting. */
  private wantOlder(): boolean {
    return this.scheduler.hurrying || this.byId.size + this.backlog.waitingCount < this.drawUpTo();
  }

  private requestOlder(): void {
    if (!this.wantOlder()) return;
    const request = this.backlog.nextRequest(this.order[0], LOW_WATER);
    if (request) this.ctx.post(request);
  }

  /** One slice of background work: draws waiting messages, newest first, off the document. */
  private drawOlderSlice(timeLeft: TimeLeft): boolean {
    let drawn = 0;
    while (this.backlog.waitingCount > 0 && this.mayDrawOlder() && (drawn === 0 || timeLeft() > 0)) {
      this.built.push(this.create(this.backlog.takeNewest() as MessageView, timeLeft));
      drawn++;
    }
    if (drawn > 0) this.scheduler.inFrame(this.frameJob);
    this.requestOlder();
    return this.backlog.waitingCount > 0 && this.mayDrawOlder();
  }

  /** Per frame: insert what was drawn above, draw streamed text, then read layout once. */
  private onFrame(): void {
    const inserting = this.built.length > 0;
    // Read before writing (layout is clean at the start of a frame). The anchor is the last group:
    // it comes after everything put in above, and it is never inside a group the browser skips, so
    // its position is real (a message in a skipped group would move without anything on screen moving).
    const anchor = inserting && !this.stick ? this.groups.lastGroup : null;
    const anchorTop = anchor ? anchor.getBoundingClientRect().top : 0;
    if (inserting) {
      // `built` is newest first.
      this.groups.prepend(this.built.reverse().map((e) => e.el));
      this.built = [];
      this.olderEl.hidden = this.backlog.complete;
    }
    const timeLeft = this.budget(STREAM_BUDGET_MS);
    for (const el of this.drawing) if (el.flush(timeLeft)) this.drawing.delete(el);
    if (this.drawing.size > 0) this.scheduler.inFrame(this.frameJob);
    // One read after all writes. Messages put in above must not move what the user is reading
    // (the browser's scroll anchoring may have done it already; then nothing moved).
    if (this.stick) {
      if (!this.resizeObserver || this.endWanted) this.scrollToEnd();
    } else if (anchor) {
      const moved = anchor.getBoundingClientRect().top - anchorTop;
      if (moved !== 0) this.el.scrollTop += moved;
    }
    this.endWanted = false;
    this.returnToReadingPosition();
    this.windowNewest(inserting);
  }

  /**
   * After older messages went in above, the newest groups beyond ATTACHED_MESSAGES leave the page;
   * while the user is near its end, they come back a few per frame. Both happen below what is on
   * screen, after this frame's layout reads, so nothing the user sees moves.
   */
  private windowNewest(inserted: boolean): void {
    if (this.nearBottom && this.groups.hasDetached) {
      for (const g of this.groups.reattach(REATTACH_PER_FRAME)) this.ctx.renderer.colourPlainCode(g);
      if (this.groups.hasDetached) this.scheduler.inFrame(this.frameJob);
    } else if (inserted && !this.stick && !this.nearBottom && this.restoreFromEnd === undefined) {
      // Not while returning to a reading position: that is measured from the end with every message in.
      this.groups.detachNewest(this.attachedMax, detachBatch(this.attachedMax));
    }
  }

  private returnToReadingPosition(): void {
    if (this.restoreFromEnd === undefined) return;
    const top = this.el.scrollHeight - this.restoreFromEnd;
    const allDrawn = this.backlog.complete && this.built.length === 0;
    // Until enough is drawn, stay at the top of what is there (which also draws faster: "near top").
    this.el.scrollTop = Math.max(0, top);
    if (top >= 0 || allDrawn) this.restoreFromEnd = undefined;
    else this.scheduler.inFrame(this.frameJob);
  }

  private create(m: MessageView, timeLeft?: TimeLeft): MessageElement {
    let el: MessageElement;
    if (m.role === 'user') el = new UserMessageElement(this.ctx, m);
    else {
      const answer = new AssistantMessageElement(this.ctx, m, timeLeft);
      if (answer.isDrawing) this.track(answer, false);
      el = answer;
    }
    if (m.id === this.lastUser || m.id === this.lastAssistant) el.el.setAttribute('data-last', '');
    this.byId.set(m.id, el);
    return el;
  }

  /** Only the last question can be edited and only the last answer regenerated. */
  private findLast(): void {
    let user: string | undefined;
    let assistant: string | undefined;
    for (let i = this.order.length - 1; i >= 0 && (!user || !assistant); i--) {
      const id = this.order[i];
      if (this.roles.get(id) === 'user') user ??= id;
      else assistant ??= id;
    }
    if (user !== this.lastUser) {
      this.mark(this.lastUser, false);
      this.lastUser = user;
      this.mark(user, true);
    }
    if (assistant !== this.lastAssistant) {
      this.mark(this.lastAssistant, false);
      this.lastAssistant = assistant;
      this.mark(assistant, true);
    }
  }

  private mark(id: string | undefined, last: boolean): void {
    if (id) this.byId.get(id)?.el.toggleAttribute('data-last', last);
  }
}
