import * as assert from 'node:assert/strict';
import { cutToTokens, fitAttachments } from '../../../src/chat/contextBudget';
import type { Attachment } from '../../../src/chat/model';
import { estimateTextTokens } from '../../../src/llm/tokens';

function piece(id: string, kind: Attachment['kind'], content: string): Attachment {
  return { id, kind, label: id, content, lines: content.split('\n').length, bytes: content.length };
}

describe('chat/contextBudget', () => {
  const small = piece('small', 'selection', 'const a = 1;\n'.repeat(10));
  const big = piece('big', 'file', Array.from({ length: 4000 }, (_, i) => `line ${i} of the big file`).join('\n'));
  const log = piece('log', 'terminal', Array.from({ length: 4000 }, (_, i) => `output ${i}`).join('\n'));

  it('leaves everything alone when it fits', () => {
    const r = fitAttachments([small, big], 1_000_000);
    assert.deepEqual(r.notes, []);
    assert.equal(r.attachments[1].content, big.content);
  });

  it('cuts the largest pieces first, keeps small ones whole, and says what was cut', () => {
    const budget = 3_000;
    const r = fitAttachments([small, big, log], budget);
    const total = r.attachments.reduce((n, a) => n + estimateTextTokens(a.content), 0);
    assert.ok(total <= budget, `${total} tokens > ${budget}`);
    assert.equal(r.attachments[0].content, small.content, 'the small piece is whole');
    assert.equal(r.notes.length, 2);
    assert.match(r.notes[0], /^Attached context "big" was cut from ~[\d,]+ to ~[\d,]+ tokens/);
    // A file keeps its start, terminal output its end (where the error usually is).
    assert.ok(r.attachments[1].content.startsWith('line 0 of the big file'));
    assert.match(r.attachments[1].content, /cut to fit the model’s context window\]$/);
    assert.ok(r.attachments[2].content.endsWith('output 3999'));
    assert.ok(!r.attachments[2].content.includes('output 0\n'));
    // The stored pieces are untouched.
    assert.ok(big.content.endsWith('line 3999 of the big file'));
  });

  it('cutToTokens never exceeds the budget', () => {
    for (const budget of [0, 10, 100, 999]) {
      assert.ok(estimateTextTokens(cutToTokens(big.content, budget, 'start')) <= Math.max(budget, estimateTextTokens('\n[… cut to fit the model’s context window]')));
    }
  });
});
