// One round of an answer: its thinking, its Markdown text and its tool calls. Text is drawn within
// a time budget, in pieces when a lot arrived at once (messageView.ts decides when to draw).
import type { RoundView } from '../../src/shared/protocol';
import { clear, h } from './dom';
import { LazyParts } from './lazyParts';
import type { MessageContext } from './messageContext';
import type { RenderContext } from './render/markdown';
import { StreamingMarkdown } from './render/streaming';
import { refreshOutputLogs, renderToolCall } from './toolCalls';
import type { TimeLeft } from './transcriptScheduler';

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

/** A round's parts in order; thinking and tool calls are created when a round has them (lazyParts.ts). */
type RoundPart = 'reasoning' | 'markdown' | 'tools';

export class RoundElement {
  readonly el: HTMLElement;
  private readonly parts: LazyParts<RoundPart>;
  readonly markdown: StreamingMarkdown;
  /** The prefix of the round's text that has been drawn. */
  private drawn = '';
  private readonly openTools = new Set<string>();
  private toolsKey = '';
  /**
   * Characters drawn per millisecond on this round's earlier pieces: a burst is drawn in pieces that
   * fill the budget left (each update re-renders the open tail, so fewer, larger pieces draw more).
   */
  private charsPerMs = 0;

  constructor(private readonly ctx: MessageContext) {
    const mdEl = h(ctx.doc, 'div', { className: 'markdown' });
    this.markdown = new StreamingMarkdown(mdEl, ctx.renderer);
    this.el = h(ctx.doc, 'div', { className: 'round' }, mdEl);
    this.parts = new LazyParts<RoundPart>(this.el, ['reasoning', 'markdown', 'tools'], { markdown: mdEl });
  }

  /** The thinking block: a summary and the text. */
  private reasoning(): HTMLDetailsElement {
    const doc = this.ctx.doc;
    return this.parts.get('reasoning', () => h(doc, 'details', { className: 'reasoning' }, h(doc, 'summary', { text: 'Thinking' }), h(doc, 'div', { className: 'reasoning-text' })));
  }

  private tools(): HTMLElement {
    return this.parts.get('tools', () => {
      const el = h(this.ctx.doc, 'div', { className: 'tool-calls' });
      el.addEventListener('toggle', (e) => this.rememberToggle(e), true);
      return el;
    });
  }

  /** Draws the text as far as the budget allows (at least one piece); true when all of it is drawn. */
  renderText(round: RoundView, rctx: RenderContext, thinkingNow: boolean, final: boolean, timeLeft: TimeLeft): boolean {
    if (round.reasoning) {
      const details = this.reasoning();
      appendOrReplace(details.lastElementChild as HTMLElement, round.reasoning);
      (details.firstElementChild as HTMLElement).textContent = thinkingNow ? 'Thinking…' : 'Thinking';
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
    const shown = this.parts.peek<HTMLElement>('tools');
    if (key === this.toolsKey && (!shown || refreshOutputLogs(shown, round.toolCalls))) return;
    this.toolsKey = key;
    if (!shown && round.toolCalls.length === 0) return;
    const tools = this.tools();
    clear(tools);
    for (const call of round.toolCalls) tools.append(renderToolCall(this.ctx.doc, call, this.openTools.has(call.id), this.ctx.post));
  }

  private rememberToggle(e: Event): void {
    const d = e.target as HTMLDetailsElement;
    const id = d.getAttribute?.('data-tool-call-id');
    if (!id) return;
    if (d.open) this.openTools.add(id);
    else this.openTools.delete(id);
  }
}

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
