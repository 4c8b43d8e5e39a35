// The completion trace the benchmark reads: nothing is taken while nobody listens, and a listener
// gets each completion's steps once, in order, with the first time of each step.
import * as assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CompletionTrace, TRACE_CHANNEL, type TraceRecord } from '../../../src/completions/trace';

describe('completions: trace for the benchmark', () => {
  it('is off while nobody subscribes', () => {
    assert.equal(CompletionTrace.start(), undefined);
  });

  it('publishes one record per completion with its steps in order', () => {
    const got: TraceRecord[] = [];
    const listener = (m: unknown) => got.push(m as TraceRecord);
    subscribe(TRACE_CHANNEL, listener);
    try {
      const t = CompletionTrace.start();
      assert.ok(t);
      t.mark('debounced');
      t.mark('send');
      const between = performance.timeOrigin + performance.now();
      while (performance.timeOrigin + performance.now() < between + 2) {
        // a later second mark of the same step
      }
      t.mark('send');
      t.end('shown', 'oo(x);');
      assert.equal(got.length, 1);
      const [r] = got;
      assert.equal(r.outcome, 'shown');
      assert.equal(r.text, 'oo(x);');
      assert.ok((r.marks.send ?? Infinity) <= between, 'a step keeps its first time');
      const order = ['called', 'debounced', 'send', 'returned'] as const;
      for (let i = 1; i < order.length; i++) assert.ok((r.marks[order[i]] ?? 0) >= (r.marks[order[i - 1]] ?? Infinity), `${order[i]} after ${order[i - 1]}`);
      assert.ok(Math.abs((r.marks.called ?? 0) - Date.now()) < 1_000, 'wall-clock times');
    } finally {
      unsubscribe(TRACE_CHANNEL, listener);
    }
    assert.equal(CompletionTrace.start(), undefined, 'off again once the listener left');
  });
});
