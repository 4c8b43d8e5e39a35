// The chat header's meter as the webview draws it: a quiet totals line, the context bar's numbers for
// screen readers, the compact offer only near the limit, and the compacted line with Undo.
import * as assert from 'node:assert/strict';
import type { MeterView } from '../../../src/shared/protocol';
import { harness, state } from './appHarness';

const base: MeterView = { promptTokens: 1_200, completionTokens: 300, cachedTokens: 800, costUsd: 0.0042, savedUsd: 0.0011, contextTokens: 45_000, contextMax: 200_000, canCompact: true };

describe('chat webview: cost and context meter', () => {
  it('shows totals and the context bar (role="meter" with its numbers); far from the limit it offers nothing', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ meter: base }) });
    const region = h.doc.querySelector('[aria-label="Conversation usage"]');
    assert.ok(region && !region.closest('[hidden]'));
    assert.equal(region.querySelector('.meter-totals')?.textContent, '1.5k tokens · $0.0042 · saved $0.0011');
    const bar = h.byRole('meter', 'Context used');
    assert.ok(bar);
    assert.deepEqual(['aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'].map((a) => bar.getAttribute(a)), ['0', '200000', '45000', '45k of 200k tokens (23%)']);
    assert.equal(region.querySelector('.meter-context')?.textContent, '45k / 200k');
    assert.equal(h.byRole('button', 'Compact conversation'), undefined);
  });

  it('near the limit the bar warns and offers Compact conversation for the open chat; while compacting, Cancel', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ meter: { ...base, contextTokens: 170_000 } }) });
    assert.ok(h.byRole('meter', 'Context used')?.classList.contains('near-full'));
    const compact = h.byRole('button', 'Compact conversation');
    assert.ok(compact);
    compact.click();
    assert.deepEqual(h.posted.at(-1), { type: 'compactConversation', conversationId: 'conv1' });
    h.send({ type: 'meter', conversationId: 'conv1', meter: { ...base, contextTokens: 170_000, canCompact: false, compacting: true } });
    assert.equal(h.byRole('button', 'Compact conversation'), undefined);
    h.byRole('button', 'Cancel compacting')?.click();
    assert.deepEqual(h.posted.at(-1), { type: 'cancelCompact' });
  });

  it('a compacted chat says so, shows the summary on request and offers Undo compact; an empty chat hides the meter', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ meter: { ...base, contextEstimated: true, contextTokens: 900, compacted: { messages: 6, summary: 'Notes so far.' } } }) });
    assert.match(h.doc.querySelector('.meter-action')?.textContent ?? '', /^6 earlier messages summarised\./);
    assert.equal(h.doc.querySelector('.meter-summary-text')?.textContent, 'Notes so far.');
    assert.equal(h.doc.querySelector('.meter-context')?.textContent, '~900 / 200k', '"~" marks an estimate');
    h.byRole('button', 'Undo compact')?.click();
    assert.deepEqual(h.posted.at(-1), { type: 'undoCompact', conversationId: 'conv1' });
    h.send({ type: 'meter', conversationId: 'conv1', meter: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, contextTokens: 0, canCompact: false } });
    assert.ok(h.doc.querySelector('[aria-label="Conversation usage"]')?.hasAttribute('hidden'));
    // A meter for another chat (the user switched meanwhile) is not drawn.
    h.send({ type: 'meter', conversationId: 'other', meter: base });
    assert.ok(h.doc.querySelector('[aria-label="Conversation usage"]')?.hasAttribute('hidden'));
  });
});
