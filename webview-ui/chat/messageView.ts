// One answer in the transcript (a question is userMessage.ts): rounds of (thinking, Markdown text,
// tool calls) plus notes, errors, sources and a footer. Streamed text is appended to
// the local copy and rendered at most once per frame, and then only the open tail of the Markdown.
// Drawing is bounded per call (a time budget): when a lot of text arrived at once (a fast model, a
// busy thread), it is drawn a piece per frame. Until all of it is drawn the answer still reads as
// streaming (data-state, aria-busy), so nothing looks finished while text is missing. Its parts that
// stand alone (tool calls, the checkpoint) live in their own files; what stays here is drawn together
// (over ~350 lines for that reason: the rounds, the per-frame budget and the footer share one state).
import type { AnswerPatchView, AssistantMessageView, CitationView, ErrorActionView, RoundView, UsageView } from '../../src/shared/protocol';
import { isAllowedLink } from '../../src/shared/protocol';
import { mergeAnswerPatch } from './answerPatch';
import { CheckpointElement } from './checkpointView';
import { clear, h, icon, iconButton, textButton } from './dom';
import { formatTokens, formatUsd } from './format';
import type { MessageContext } from './messageContext';
import { citationBaseOf } from './render/citations';
import { NO_CITATIONS, type RenderContext } from './render/markdown';
import { StreamingMarkdown } from './render/streaming';
import { refreshOutputLogs, renderToolCall } from './toolCalls';
import type { TimeLeft } from './transcriptScheduler';
import { UserMessageElement } from './userMessage';

export type { MessageContext } from './messageContext';
export { UserMessageElement } from './userMessage';

/** Streamed text is drawn in pieces of about this many characters, as many as the time budget allows. */
const DRAW_PIECE_CHARS = 600;
/**
 * Text left to draw up to this length goes in one Markdown update, whatever the budget: a frame's
 * worth of a fast stream (or the last delta, which gathered text while the previous one was on its
 * way) then shows in the next frame, instead of a piece now and the rest a frame later. Each update
 * re-renders the open tail, so one update is also cheaper than several pieces; pieces are only for
 * bursts too big for one frame.
 */
export const ONE_UPDATE_CHARS = 4_000;
/** The largest piece of a burst; pieces between DRAW_PIECE_CHARS and this are sized to the budget left. */
const MAX_PIECE_CHARS = 2_400;
/** Without a budget (a full snapshot drawn at once), drawing never stops early. */
const NO_LIMIT: TimeLeft = () => Infinity;

const STATE_LABEL: Record<AssistantMessageView['state'], string> = {
  streaming: '',
  done: '',
  stopped: 'Stopped',
  interrupted: 'Interrupted',
  error: 'Failed',
};

const ACTION_LABEL: Record<ErrorActionView, string> = {
  setApiKey: 'Set API Key',
  retry: 'Retry',
  chooseModel: 'Choose model',
  openSettings: 'Open Settings',
  newChat: 'New chat',
  compact: 'Compact conversation',
};

class RoundElement {
  readonly el: HTMLElement;
  private readonly reasoning: HTMLDetailsElement;
  private readonly reasoningSummary: HTMLElement;
  private readonly reasoningText: HTMLElement;
  readonly markdown: StreamingMarkdown;
  /** The prefix of the round's text that has been drawn. */
  private drawn = '';
  private readonly tools: HTMLElement;
  private readonly openTools = new Set<string>();
  private toolsKey = '';
  /**
   * Characters drawn per millisecond on this round's earlier pieces: a burst is drawn in pieces that
   * fill the budget left (each update re-renders the open tail, so fewer, larger pieces draw more).
   */
  private charsPerMs = 0;

  constructor(private readonly ctx: MessageContext) {
    const doc = ctx.doc;
    this.reasoningSummary = h(doc, 'summary', { text: 'Thinking' });
    this.reasoningText = h(doc, 'div', { className: 'reasoning-text' });
    this.reasoning = h(doc, 'details', { className: 'reasoning', hidden: true }, this.reasoningSummary, this.reasoningText);
    const mdEl = h(doc, 'div', { className: 'markdown' });
    this.markdown = new StreamingMarkdown(mdEl, ctx.renderer);
    this.tools = h(doc, 'div', { className: 'tool-calls' });
    this.tools.addEventListener('toggle', (e) => this.rememberToggle(e), true);
    this.el = h(doc, 'div', { className: 'round' }, this.reasoning, mdEl, this.tools);
  }

  /** Draws the text as far as the budget allows (at least one piece); true when all of it is drawn. */
  renderText(round: RoundView, rctx: RenderContext, thinkingNow: boolean, final: boolean, timeLeft: TimeLeft): boolean {
    if (round.reasoning) {
      this.reasoning.hidden = false;
      appendOrReplace(this.reasoningText, round.reasoning);
      this.reasoningSummary.textContent = thinkingNow ? 'Thinking…' : 'Thinking';
    }
    this.markdown.setContext(rctx);
    const text = round.text;
    let at = text.startsWith(this.drawn) ? this.drawn.length : 0;
    if (at === text.length) {
      // Nothing new; an update still lets the tail get its colours when the answer has ended.
      this.markdown.update(text, final);
      return true;
    }
    let left = timeLeft();
    do {
      const from = at;
      at = pieceEnd(text, at, this.pieceChars(left));
      this.markdown.update(text.slice(0, at), final && at === text.length);
      const now = timeLeft();
      const spent = left - now;
      if (Number.isFinite(spent) && spent > 0) this.charsPerMs = this.charsPerMs ? (this.charsPerMs + (at - from) / spent) / 2 : (at - from) / spent;
      left = now;
    } while (at < text.length && left > 0);
    this.drawn = text.slice(0, at);
    return at === text.length;
  }

  /** The next piece's size: what the budget left allows at the measured speed (no budget: all of it). */
  private pieceChars(leftMs: number): number {
    if (leftMs === Infinity) return Infinity;
    return Math.min(MAX_PIECE_CHARS, Math.max(DRAW_PIECE_CHARS, Math.floor(leftMs * this.charsPerMs)));
  }

  renderTools(round: RoundView): void {
    // Tool lists are tiny, but a re-render would lose focus on the approval buttons: skip when unchanged.
    // Live command output alone changes only the output logs' text (refreshOutputLogs).
    const key = JSON.stringify(round.toolCalls, (k, v: unknown) => (k === 'output' ? undefined : v));
    if (key === this.toolsKey && refreshOutputLogs(this.tools, round.toolCalls)) return;
    this.toolsKey = key;
    clear(this.tools);
    for (const call of round.toolCalls) this.tools.append(renderToolCall(this.ctx.doc, call, this.openTools.has(call.id), this.ctx.post));
  }

  private rememberToggle(e: Event): void {
    const d = e.target as HTMLDetailsElement;
    const id = d.getAttribute?.('data-tool-call-id');
    if (!id) return;
    if (d.open) this.openTools.add(id);
    else this.openTools.delete(id);
  }
}

export class AssistantMessageElement {
  readonly el: HTMLElement;
  private view: AssistantMessageView;
  private readonly badge: HTMLElement;
  /** "May be incomplete": unreadable pieces of the stream were skipped (the full sentence is its accessible name). */
  private readonly incomplete: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly roundsEl: HTMLElement;
  private readonly rounds: RoundElement[] = [];
  private readonly waiting: HTMLElement;
  private readonly status: HTMLElement;
  private readonly error: HTMLElement;
  private readonly sources: HTMLElement;
  private readonly checkpoint: CheckpointElement;
  private readonly footer: HTMLElement;
  private readonly regenerate: HTMLButtonElement;
  private readonly readAloud: HTMLButtonElement;
  private dirty = new Set<number>();
  /** Text is still being drawn (some arrived that is not on screen yet). */
  private drawing = false;

  /** Draws within `timeLeft`; when `drawing` is then true, flush() draws the rest. */
  constructor(
    private readonly ctx: MessageContext,
    view: AssistantMessageView,
    timeLeft: TimeLeft = NO_LIMIT,
  ) {
    const doc = ctx.doc;
    this.view = view;
    this.badge = h(doc, 'span', { className: 'state-badge' });
    this.incomplete = h(doc, 'span', { className: 'incomplete-marker', role: 'note', hidden: true }, icon(doc, 'warning'), h(doc, 'span', { text: 'May be incomplete' }));
    this.notes = h(doc, 'div', { className: 'notes' });
    this.roundsEl = h(doc, 'div', { className: 'rounds' });
    this.waiting = h(doc, 'div', { className: 'waiting', role: 'status' }, icon(doc, 'loading', 'codicon-modifier-spin'), h(doc, 'span', { text: 'Waiting for Venice…' }));
    this.status = h(doc, 'div', { className: 'status-line', role: 'status' });
    this.error = h(doc, 'div', { className: 'error-card', role: 'alert' });
    this.sources = h(doc, 'section', { className: 'sources', 'aria-label': 'Sources' });
    this.checkpoint = new CheckpointElement(doc, () => this.view.id, ctx.post);
    this.footer = h(doc, 'span', { className: 'usage' });
    this.readAloud = iconButton(doc, 'Read aloud', 'unmute');
    this.readAloud.addEventListener('click', () => ctx.post({ type: 'readAloud', messageId: this.view.id }));
    this.regenerate = iconButton(doc, 'Regenerate', 'refresh', { className: 'icon-button only-last' });
    this.regenerate.addEventListener('click', () => ctx.post({ type: 'regenerate', messageId: this.view.id }));
    this.el = h(
      doc,
      'article',
      { className: 'message assistant', 'aria-label': 'Venice', 'data-message-id': view.id },
      h(doc, 'div', { className: 'message-header' }, icon(doc, 'sparkle'), h(doc, 'span', { className: 'author', text: 'Venice' }), this.badge, this.incomplete),
      this.notes,
      this.roundsEl,
      this.waiting,
      this.status,
      this.error,
      this.sources,
      this.checkpoint.el,
      h(doc, 'div', { className: 'message-footer' }, this.footer, h(doc, 'span', { className: 'spacer' }), this.readAloud, this.regenerate),
    );
    this.update(view, timeLeft);
  }

  get id(): string {
    return this.view.id;
  }

  /** Text is left to draw (flush() draws more). */
  get isDrawing(): boolean {
    return this.drawing;
  }

  /**
   * A full snapshot from the host (structure changed): cheap parts are redrawn, Markdown only where
   * its text changed, within `timeLeft`. Returns true when all is drawn; otherwise call flush() again.
   */
  update(view: AssistantMessageView, timeLeft: TimeLeft = NO_LIMIT): boolean {
    this.view = view;
    this.dirty = new Set(view.rounds.map((_, i) => i));
    this.renderChrome();
    return this.flush(timeLeft);
  }

  /**
   * A patch from the host (all but the text, which came as deltas), drawn like update(). `drawn`: all
   * is drawn; `inSync`: the text here is the host's (else the whole message should be asked for).
   */
  patch(patch: AnswerPatchView, digest: string | undefined, timeLeft: TimeLeft = NO_LIMIT): { drawn: boolean; inSync: boolean } {
    const merged = mergeAnswerPatch(this.view, patch, digest);
    return { drawn: this.update(merged.view, timeLeft), inSync: merged.inSync };
  }

  /** Streamed text: appended to the local copy; rendered on the next flush(). */
  appendDelta(round: number, channel: 'text' | 'reasoning', text: string): boolean {
    const r = this.view.rounds[round];
    if (!r) return false;
    if (channel === 'text') r.text += text;
    else r.reasoning += text;
    this.dirty.add(round);
    return true;
  }

  /** Draws what changed, within `timeLeft` (at least one piece of text); true when all is drawn. */
  flush(timeLeft: TimeLeft = NO_LIMIT): boolean {
    if (this.dirty.size === 0) return true;
    const cited = this.view.citations.length > 0;
    const rctx: RenderContext = cited ? { citations: this.view.citations, citationBase: citationBaseOf(this.view.rounds.map((r) => r.text).join('\n')) } : NO_CITATIONS;
    const streaming = this.view.state === 'streaming';
    const last = this.view.rounds.length - 1;
    let complete = true;
    this.view.rounds.forEach((round, i) => {
      let el = this.rounds[i];
      if (!el) {
        el = new RoundElement(this.ctx);
        this.rounds[i] = el;
        this.roundsEl.append(el.el);
      }
      if (!this.dirty.has(i) && !cited) return;
      // Rounds are drawn in order: once the budget is spent, later rounds wait for the next call.
      if (!complete) return;
      // An earlier round is over even while the answer streams: its code may get its colours.
      const final = !streaming || i < last;
      if (el.renderText(round, rctx, streaming && i === last && round.text === '', final, timeLeft)) this.dirty.delete(i);
      else complete = false;
      el.renderTools(round);
    });
    while (this.rounds.length > this.view.rounds.length) this.rounds.pop()?.el.remove();
    if (complete) this.dirty.clear();
    this.waiting.hidden = !(streaming && !this.view.status && this.view.rounds.every((r) => !r.text && !r.reasoning && r.toolCalls.length === 0));
    this.readAloud.hidden = !this.view.rounds.some((r) => /\S/.test(r.text));
    if (this.drawing === complete) {
      this.drawing = !complete;
      this.renderState();
    }
    return complete;
  }

  /** The answer's state as shown: still streaming while text is left to draw. */
  private renderState(): void {
    const state = this.drawing ? 'streaming' : this.view.state;
    this.el.setAttribute('data-state', state);
    this.el.setAttribute('aria-busy', state === 'streaming' ? 'true' : 'false');
    this.badge.textContent = STATE_LABEL[state];
    this.badge.hidden = !STATE_LABEL[state];
  }

  private renderChrome(): void {
    const doc = this.ctx.doc;
    const v = this.view;
    this.renderState();

    this.incomplete.hidden = !v.incomplete;
    this.incomplete.title = v.incomplete ?? '';
    if (v.incomplete) this.incomplete.setAttribute('aria-label', v.incomplete);
    else this.incomplete.removeAttribute('aria-label');

    clear(this.notes);
    for (const n of v.notes) this.notes.append(h(doc, 'div', { className: 'note', role: 'note' }, icon(doc, 'info'), h(doc, 'span', { text: n })));

    this.status.textContent = v.status ?? '';
    this.status.hidden = !v.status;

    clear(this.error);
    this.error.hidden = !v.error;
    if (v.error) this.renderError(v.error.message, v.error.action, v.error.kind);

    this.renderSources(v.citations);
    this.checkpoint.render(v.checkpoint, v.state === 'streaming');

    const parts: string[] = [];
    if (v.model) parts.push(v.model);
    if (v.usage) {
      parts.push(`${formatTokens(v.usage.promptTokens)} in`, `${formatTokens(v.usage.completionTokens)} out`);
      if (v.usage.cachedTokens) parts.push(`${formatTokens(v.usage.cachedTokens)} cached`);
      // "~": priced from the model's listed prices (Venice's answer had no cost).
      if (v.usage.costUsd !== undefined) parts.push(`${v.usage.costEstimated ? '~' : ''}${formatUsd(v.usage.costUsd)}`);
      else if (v.usage.costDiem !== undefined) parts.push(`${v.usage.costDiem.toPrecision(2)} DIEM`);
    }
    // Each figure is kept whole; a narrow sidebar wraps between them instead of cutting the cost off.
    this.footer.replaceChildren(...parts.flatMap((p, i) => [...(i ? [' · '] : []), h(this.ctx.doc, 'span', { className: 'usage-figure', text: p })]));
    this.footer.title = v.usage ? usageDetail(v.usage) : '';
  }

  private renderError(message: string, action: ErrorActionView | undefined, kind: string): void {
    const doc = this.ctx.doc;
    this.error.append(h(doc, 'div', { className: 'error-text' }, icon(doc, 'error'), h(doc, 'span', { text: message })));
    const row = h(doc, 'div', { className: 'button-row' });
    // Sending the same conversation again cannot fit a full context window: offer to compact it
    // (older turns summarised) or a fresh chat instead of Retry.
    const fallbacks: ErrorActionView[] = kind === 'contextLength' ? ['compact', 'newChat'] : ['retry'];
    const actions: ErrorActionView[] = action && !fallbacks.includes(action) ? [action, ...fallbacks] : fallbacks;
    for (const a of actions) {
      const b = textButton(doc, ACTION_LABEL[a], undefined, { className: a === actions[0] ? 'text-button primary' : 'text-button' });
      b.addEventListener('click', () => this.runAction(a));
      row.append(b);
    }
    this.error.append(row);
  }

  private runAction(a: ErrorActionView): void {
    if (a === 'retry') {
      this.ctx.retried();
      this.ctx.post({ type: 'regenerate', messageId: this.view.id });
    } else if (a === 'chooseModel') this.ctx.chooseModel();
    else if (a === 'newChat') this.ctx.post({ type: 'newChat' });
    else if (a === 'compact') this.ctx.compact?.();
    else this.ctx.post({ type: 'errorAction', action: a });
  }

  private renderSources(citations: readonly CitationView[]): void {
    const doc = this.ctx.doc;
    clear(this.sources);
    this.sources.hidden = citations.length === 0;
    if (citations.length === 0) return;
    const list = h(doc, 'ol', { className: 'source-list' });
    for (const c of citations) {
      const site = hostOf(c.url);
      const title = isAllowedLink(c.url) ? h(doc, 'a', { href: c.url, title: c.url, text: c.title || c.url }) : h(doc, 'span', { text: c.title });
      list.append(
        h(
          doc,
          'li',
          {},
          title,
          site ? h(doc, 'span', { className: 'source-site', text: site }) : undefined,
          c.date ? h(doc, 'span', { className: 'source-date', text: c.date.slice(0, 10) }) : undefined,
          c.snippet ? h(doc, 'div', { className: 'source-snippet', text: c.snippet }) : undefined,
        ),
      );
    }
    this.sources.append(h(doc, 'h4', { text: 'Sources' }), list);
  }
}

export type MessageElement = UserMessageElement | AssistantMessageElement;

/** Where the next piece of text to draw ends: about DRAW_PIECE_CHARS on, at a line end when there is one. */
function pieceEnd(text: string, from: number, chars: number): number {
  const limit = from + chars;
  if (limit >= text.length || text.length - from <= ONE_UPDATE_CHARS) return text.length;
  const nl = text.lastIndexOf('\n', limit);
  return nl >= from ? nl + 1 : limit;
}

/** Streamed thinking only grows: append the new part instead of replacing the whole text. */
function appendOrReplace(el: HTMLElement, text: string): void {
  const node = el.firstChild;
  if (node && node.nodeType === 3 && !node.nextSibling) {
    const current = (node as Text).data;
    if (current === text) return;
    if (text.startsWith(current)) {
      (node as Text).appendData(text.slice(current.length));
      return;
    }
  }
  el.textContent = text;
}

/** The footer's tooltip: the exact figures behind its short line. */
function usageDetail(u: UsageView): string {
  const lines = [`${u.promptTokens} prompt tokens, ${u.completionTokens} completion tokens`];
  if (u.cachedTokens) lines.push(`${u.cachedTokens} prompt tokens read from the cache${u.savedUsd ? `, saving ${formatUsd(u.savedUsd)}` : ''}`);
  if (u.costEstimated) lines.push('Cost estimated from the model\'s listed prices');
  return lines.join('\n');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
