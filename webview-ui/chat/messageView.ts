// One answer in the transcript (a question is userMessage.ts): rounds of (thinking, Markdown text,
// tool calls; roundView.ts) plus notes, errors, sources and a footer. Streamed text is appended to
// the local copy and rendered at most once per frame, and then only the open tail of the Markdown.
// Drawing is bounded per call (a time budget): when a lot of text arrived at once (a fast model, a
// busy thread), it is drawn a piece per frame. Until all of it is drawn the answer still reads as
// streaming (data-state, aria-busy), so nothing looks finished while text is missing. The parts
// most answers never show (state badge, notes, error card, sources, checkpoint…) are created when
// first needed (lazyParts.ts).
import type { AnswerPatchView, AssistantMessageView, CitationView, ErrorActionView, UsageView } from '../../src/shared/protocol';
import { isAllowedLink } from '../../src/shared/protocol';
import { mergeAnswerPatch } from './answerPatch';
import { CheckpointElement } from './checkpointView';
import { clear, h, icon, iconButton, textButton } from './dom';
import { formatTokens, formatUsd } from './format';
import { LazyParts } from './lazyParts';
import type { MessageContext } from './messageContext';
import { citationBaseOf } from './render/citations';
import { NO_CITATIONS, type RenderContext } from './render/markdown';
import { RoundElement } from './roundView';
import type { TimeLeft } from './transcriptScheduler';
import { UserMessageElement } from './userMessage';

export type { MessageContext } from './messageContext';
export { UserMessageElement } from './userMessage';
export { ONE_UPDATE_CHARS } from './roundView';

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

/** An answer's parts in order, and its header's; all but the fixed ones are created when first needed. */
type AnswerPart = 'header' | 'notes' | 'rounds' | 'waiting' | 'status' | 'error' | 'sources' | 'checkpoint' | 'footer';
type HeaderPart = 'icon' | 'author' | 'badge' | 'incomplete';

export class AssistantMessageElement {
  readonly el: HTMLElement;
  private view: AssistantMessageView;
  private readonly parts: LazyParts<AnswerPart>;
  private readonly headerParts: LazyParts<HeaderPart>;
  private readonly roundsEl: HTMLElement;
  private readonly rounds: RoundElement[] = [];
  private checkpoint: CheckpointElement | undefined;
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
    this.roundsEl = h(doc, 'div', { className: 'rounds' });
    this.footer = h(doc, 'span', { className: 'usage' });
    this.readAloud = iconButton(doc, 'Read aloud', 'unmute');
    this.readAloud.addEventListener('click', () => ctx.post({ type: 'readAloud', messageId: this.view.id }));
    this.regenerate = iconButton(doc, 'Regenerate', 'refresh', { className: 'icon-button only-last' });
    this.regenerate.addEventListener('click', () => ctx.post({ type: 'regenerate', messageId: this.view.id }));
    const sparkle = icon(doc, 'sparkle');
    const author = h(doc, 'span', { className: 'author', text: 'Venice' });
    const header = h(doc, 'div', { className: 'message-header' }, sparkle, author);
    const footer = h(doc, 'div', { className: 'message-footer' }, this.footer, h(doc, 'span', { className: 'spacer' }), this.readAloud, this.regenerate);
    this.el = h(doc, 'article', { className: 'message assistant', 'aria-label': 'Venice', 'data-message-id': view.id }, header, this.roundsEl, footer);
    this.headerParts = new LazyParts<HeaderPart>(header, ['icon', 'author', 'badge', 'incomplete'], { icon: sparkle, author });
    this.parts = new LazyParts<AnswerPart>(this.el, ['header', 'notes', 'rounds', 'waiting', 'status', 'error', 'sources', 'checkpoint', 'footer'], { header, rounds: this.roundsEl, footer });
    if (view.state === 'streaming') {
      // A live answer's status regions are in the page before anything is said in them, so screen
      // readers announce what is; a stored answer gets them only if it is ever regenerated.
      this.parts.get('waiting', this.makeWaiting);
      this.parts.get('status', this.makeStatus);
    }
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
    const waiting = streaming && !this.view.status && this.view.rounds.every((r) => !r.text && !r.reasoning && r.toolCalls.length === 0);
    const waitingEl = this.parts.getIf('waiting', waiting, this.makeWaiting);
    if (waitingEl) waitingEl.hidden = !waiting;
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
    const label = STATE_LABEL[state];
    const badge = this.headerParts.getIf('badge', !!label, () => h(this.ctx.doc, 'span', { className: 'state-badge' }));
    if (!badge) return;
    badge.textContent = label;
    badge.hidden = !label;
  }

  private readonly makeWaiting = (): HTMLElement => {
    const doc = this.ctx.doc;
    return h(doc, 'div', { className: 'waiting', role: 'status' }, icon(doc, 'loading', 'codicon-modifier-spin'), h(doc, 'span', { text: 'Waiting for Venice…' }));
  };

  private readonly makeStatus = (): HTMLElement => h(this.ctx.doc, 'div', { className: 'status-line', role: 'status' });

  private renderChrome(): void {
    const doc = this.ctx.doc;
    const v = this.view;
    this.renderState();

    // "May be incomplete": unreadable pieces of the stream were skipped (the full sentence is its accessible name).
    const incomplete = this.headerParts.getIf('incomplete', !!v.incomplete, () => h(doc, 'span', { className: 'incomplete-marker', role: 'note' }, icon(doc, 'warning'), h(doc, 'span', { text: 'May be incomplete' })));
    if (incomplete) {
      incomplete.hidden = !v.incomplete;
      incomplete.title = v.incomplete ?? '';
      if (v.incomplete) incomplete.setAttribute('aria-label', v.incomplete);
      else incomplete.removeAttribute('aria-label');
    }

    const notes = this.parts.getIf('notes', v.notes.length > 0, () => h(doc, 'div', { className: 'notes' }));
    if (notes) {
      clear(notes);
      for (const n of v.notes) notes.append(h(doc, 'div', { className: 'note', role: 'note' }, icon(doc, 'info'), h(doc, 'span', { text: n })));
    }

    const status = this.parts.getIf('status', !!v.status, this.makeStatus);
    if (status) {
      status.textContent = v.status ?? '';
      status.hidden = !v.status;
    }

    const error = this.parts.getIf('error', !!v.error, () => h(doc, 'div', { className: 'error-card', role: 'alert' }));
    if (error) {
      clear(error);
      error.hidden = !v.error;
      if (v.error) this.renderError(error, v.error.message, v.error.action, v.error.kind);
    }

    this.renderSources(v.citations);
    if (v.checkpoint?.files.length || this.checkpoint) {
      const checkpoint = (this.checkpoint ??= new CheckpointElement(doc, () => this.view.id, this.ctx.post));
      this.parts.get('checkpoint', () => checkpoint.el);
      checkpoint.render(v.checkpoint, v.state === 'streaming');
    }

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

  private renderError(card: HTMLElement, message: string, action: ErrorActionView | undefined, kind: string): void {
    const doc = this.ctx.doc;
    card.append(h(doc, 'div', { className: 'error-text' }, icon(doc, 'error'), h(doc, 'span', { text: message })));
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
    card.append(row);
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
    const sources = this.parts.getIf('sources', citations.length > 0, () => h(doc, 'section', { className: 'sources', 'aria-label': 'Sources' }));
    if (!sources) return;
    clear(sources);
    sources.hidden = citations.length === 0;
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
    sources.append(h(doc, 'h4', { text: 'Sources' }), list);
  }
}

export type MessageElement = UserMessageElement | AssistantMessageElement;

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
