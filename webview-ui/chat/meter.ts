// The header's cost and context meter for the open chat: one quiet line with the chat's tokens and
// cost (and what the prompt cache saved), a thin bar for how full the model's context window is
// (role="meter" with its numbers), and — only near the limit, while compacting, or once compacted —
// a second line with "Compact conversation", "Cancel" or "Undo compact" and the summary.
import type { MeterView, ToHost } from '../../src/shared/protocol';
import { h, textButton } from './dom';
import { formatTokens, formatUsd } from './format';

/** From this share of the window on, the bar warns and compaction is offered. */
const NEAR_FULL = 0.8;

export class Meter {
  readonly el: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly contextText: HTMLElement;
  private readonly action: HTMLElement;
  private readonly actionText: HTMLElement;
  private readonly compactButton: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly summary: HTMLDetailsElement;
  private readonly summaryText: HTMLElement;
  private conversationId = '';

  constructor(doc: Document, post: (m: ToHost) => void) {
    this.totals = h(doc, 'span', { className: 'meter-totals' });
    this.fill = h(doc, 'span', { className: 'meter-fill' });
    this.bar = h(doc, 'span', { className: 'meter-bar', role: 'meter', 'aria-label': 'Context used', 'aria-valuemin': '0' }, this.fill);
    this.contextText = h(doc, 'span', { className: 'meter-context', 'aria-hidden': 'true' });
    this.actionText = h(doc, 'span', { className: 'meter-action-text' });
    this.compactButton = textButton(doc, 'Compact conversation', 'fold', { className: 'text-button small' });
    this.compactButton.addEventListener('click', () => this.compact(post));
    this.cancelButton = textButton(doc, 'Cancel', undefined, { className: 'text-button small', 'aria-label': 'Cancel compacting' });
    this.cancelButton.addEventListener('click', () => post({ type: 'cancelCompact' }));
    this.undoButton = textButton(doc, 'Undo compact', 'discard', { className: 'text-button small' });
    this.undoButton.addEventListener('click', () => post({ type: 'undoCompact', conversationId: this.conversationId }));
    this.summaryText = h(doc, 'div', { className: 'meter-summary-text' });
    this.summary = h(doc, 'details', { className: 'meter-summary' }, h(doc, 'summary', { text: 'Summary' }), this.summaryText);
    this.action = h(doc, 'div', { className: 'meter-action', hidden: true }, this.actionText, this.compactButton, this.cancelButton, this.undoButton, this.summary);
    this.el = h(
      doc,
      'section',
      { className: 'meter', 'aria-label': 'Conversation usage', hidden: true },
      h(doc, 'div', { className: 'meter-row' }, this.totals, this.bar, this.contextText),
      this.action,
    );
  }

  /** "Compact conversation" for the open chat (also the context-overflow card's button). */
  compact(post: (m: ToHost) => void): void {
    if (this.conversationId) post({ type: 'compactConversation', conversationId: this.conversationId });
  }

  set(conversationId: string, m: MeterView | undefined): void {
    this.conversationId = conversationId;
    const empty = !m || (m.promptTokens === 0 && m.contextTokens === 0 && !m.compacted);
    this.el.hidden = empty;
    if (!m || empty) return;

    const parts = [`${formatTokens(m.promptTokens + m.completionTokens)} tokens`];
    if (m.costUsd !== undefined) parts.push(`${m.estimated ? '~' : ''}${formatUsd(m.costUsd)}`);
    else if (m.costDiem !== undefined) parts.push(`${m.costDiem.toPrecision(2)} DIEM`);
    if (m.savedUsd) parts.push(`saved ${formatUsd(m.savedUsd)}`);
    // Each figure unbroken, the line free to wrap between them: a narrow sidebar keeps every number.
    this.totals.replaceChildren(...parts.flatMap((p, i) => [...(i ? [' · '] : []), h(this.totals.ownerDocument, 'span', { className: 'meter-figure', text: p })]));
    this.totals.title = totalsDetail(m);

    const max = m.contextMax;
    const ratio = max ? Math.min(1, m.contextTokens / max) : 0;
    const pct = Math.round(ratio * 100);
    const used = `${m.contextEstimated ? '~' : ''}${formatTokens(m.contextTokens)}`;
    this.contextText.textContent = max ? `${used} / ${formatTokens(max)}` : used;
    this.bar.hidden = !max;
    this.fill.style.width = `${pct}%`;
    this.bar.classList.toggle('near-full', ratio >= NEAR_FULL);
    this.bar.setAttribute('aria-valuemax', String(max ?? 0));
    this.bar.setAttribute('aria-valuenow', String(Math.min(m.contextTokens, max ?? m.contextTokens)));
    this.bar.setAttribute('aria-valuetext', max ? `${used} of ${formatTokens(max)} tokens (${pct}%)` : `${used} tokens`);
    this.bar.title = max ? `Context: ${m.contextTokens.toLocaleString('en-US')} of ${max.toLocaleString('en-US')} tokens (${pct}%)${m.contextEstimated ? ', estimated' : ''}` : '';

    this.renderAction(m, ratio >= NEAR_FULL, pct);
  }

  private renderAction(m: MeterView, nearFull: boolean, pct: number): void {
    const offer = nearFull && m.canCompact;
    this.action.hidden = !(m.compacting || m.compacted || offer);
    this.compactButton.hidden = !offer || !!m.compacting;
    this.cancelButton.hidden = !m.compacting;
    this.undoButton.hidden = !m.compacted || !!m.compacting;
    this.summary.hidden = !m.compacted || !!m.compacting;
    if (m.compacting) this.actionText.textContent = 'Summarising older messages…';
    else if (m.compacted) this.actionText.textContent = `${m.compacted.messages} earlier message${m.compacted.messages === 1 ? '' : 's'} summarised.`;
    else this.actionText.textContent = `Context ${pct}% full.`;
    if (m.compacted && this.summaryText.textContent !== m.compacted.summary) this.summaryText.textContent = m.compacted.summary;
  }
}

function totalsDetail(m: MeterView): string {
  const lines = [`${m.promptTokens.toLocaleString('en-US')} prompt tokens, ${m.completionTokens.toLocaleString('en-US')} completion tokens in this chat`];
  if (m.cachedTokens) lines.push(`${m.cachedTokens.toLocaleString('en-US')} prompt tokens read from the cache${m.savedUsd ? ` (saved ${formatUsd(m.savedUsd)})` : ''}`);
  if (m.costUsd !== undefined) lines.push(`Cost ${formatUsd(m.costUsd)}${m.estimated ? ' (partly estimated from listed prices)' : ''}`);
  return lines.join('\n');
}
