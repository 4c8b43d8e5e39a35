import * as assert from 'node:assert/strict';
import { DeltaBatcher, MAX_HOLD_MS, STREAM_INTERVAL_MS, type DeltaMessage, type Timers } from '../../../src/chat/deltaBatcher';

class ManualTimers implements Timers {
  pending: Array<{ fn: () => void; ms: number; id: number }> = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.pending.push({ fn, ms, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.pending = this.pending.filter((p) => p.id !== h);
  }
  fire() {
    const list = this.pending;
    this.pending = [];
    for (const p of list) p.fn();
  }
}

const key = { requestId: 'r1', conversationId: 'c1', messageId: 'm1', round: 0, channel: 'text' as const };

describe('delta batching', () => {
  it('posts the first text on the next macrotask, coalescing what arrives before it runs', () => {
    const timers = new ManualTimers();
    const posted: DeltaMessage[] = [];
    const b = new DeltaBatcher((m) => posted.push(m), 16, timers, () => 1_000);
    for (const t of ['He', 'll', 'o', ' wor', 'ld']) b.push(key, t);
    assert.equal(posted.length, 0, 'nothing is posted synchronously');
    assert.equal(timers.pending.length, 1, 'one timer for all of it');
    assert.equal(timers.pending[0].ms, 0, 'no waiting after a quiet spell');
    timers.fire();
    assert.deepEqual(posted, [{ type: 'delta', ...key, text: 'Hello world' }]);
  });

  it('while text keeps coming, posts at most once per frame (the rest waits for the frame to pass)', () => {
    const timers = new ManualTimers();
    const posted: DeltaMessage[] = [];
    let now = 1_000;
    const b = new DeltaBatcher((m) => posted.push(m), 16, timers, () => now);
    b.push(key, 'a');
    timers.fire();
    now += 5;
    b.push(key, 'b');
    b.push(key, 'c');
    assert.equal(timers.pending[0].ms, 11, 'held until 16 ms after the last message');
    now += 11;
    timers.fire();
    assert.deepEqual(posted.map((p) => p.text), ['a', 'bc']);
    now += 40;
    b.push(key, 'd');
    assert.equal(timers.pending[0].ms, 0, 'a frame has passed: posted on the next macrotask');
  });

  it('by default, while text keeps coming, posts at most once per two frames; the end of the stream is not held', () => {
    const timers = new ManualTimers();
    const posted: DeltaMessage[] = [];
    let now = 1_000;
    const b = new DeltaBatcher((m) => posted.push(m), undefined, timers, () => now);
    b.push(key, 'a');
    timers.fire();
    now += 16;
    b.push(key, 'b');
    assert.equal(STREAM_INTERVAL_MS, 32);
    assert.equal(timers.pending[0].ms, 16, 'one frame after the last message it still waits another frame');
    now += 16;
    timers.fire();
    b.push(key, 'c');
    b.flush();
    assert.deepEqual(posted.map((p) => p.text), ['a', 'b', 'c'], 'flushed at the end without waiting');
  });

  it('keeps arrival order across channels and rounds', () => {
    const timers = new ManualTimers();
    const posted: DeltaMessage[] = [];
    const b = new DeltaBatcher((m) => posted.push(m), 24, timers);
    b.push({ ...key, channel: 'reasoning' }, 'think ');
    b.push({ ...key, channel: 'reasoning' }, 'more');
    b.push(key, 'answer');
    b.push({ ...key, round: 1 }, 'second');
    timers.fire();
    assert.deepEqual(
      posted.map((p) => [p.channel, p.round, p.text]),
      [
        ['reasoning', 0, 'think more'],
        ['text', 0, 'answer'],
        ['text', 1, 'second'],
      ],
    );
  });

  it('flush() posts at once and cancels the timer; dispose() drops pending text and posts nothing later', () => {
    const timers = new ManualTimers();
    const posted: DeltaMessage[] = [];
    const b = new DeltaBatcher((m) => posted.push(m), 24, timers);
    b.push(key, 'a');
    b.flush();
    assert.equal(posted.length, 1);
    assert.equal(timers.pending.length, 0);
    b.push(key, 'b');
    b.dispose();
    timers.fire();
    b.push(key, 'c');
    assert.equal(posted.length, 1);
  });

  it('ignores empty text', () => {
    const timers = new ManualTimers();
    const posted: DeltaMessage[] = [];
    const b = new DeltaBatcher((m) => posted.push(m), 24, timers);
    b.push(key, '');
    assert.equal(timers.pending.length, 0);
    b.flush();
    assert.equal(posted.length, 0);
  });
});

describe('delta batching on a busy channel (paced by acknowledgements)', () => {
  /** A post whose acknowledgement the test gives by hand. */
  function ackingPost() {
    const posted: DeltaMessage[] = [];
    const acks: Array<() => void> = [];
    const post = (m: DeltaMessage) => {
      posted.push(m);
      return new Promise<void>((resolve) => acks.push(resolve));
    };
    return { posted, acks, post };
  }
  const settle = () => new Promise((r) => setImmediate(r));

  it('while a delta is not acknowledged, text gathers into one message, posted when the acknowledgement comes', async () => {
    const timers = new ManualTimers();
    const { posted, acks, post } = ackingPost();
    let now = 1_000;
    const b = new DeltaBatcher(post, 16, timers, () => now);
    b.push(key, 'a');
    timers.fire();
    assert.deepEqual(posted.map((p) => p.text), ['a']);
    for (const t of ['b', 'c', 'd']) {
      now += 20; // frames pass, but the channel has not taken 'a' yet
      b.push(key, t);
    }
    assert.equal(posted.length, 1, 'nothing more is posted before the acknowledgement');
    assert.deepEqual(timers.pending.map((p) => p.ms), [MAX_HOLD_MS], 'only the fallback waits');
    acks[0]();
    await settle();
    assert.equal(timers.pending.length, 1);
    assert.equal(timers.pending[0].ms, 0, 'a frame has passed: posted on the next macrotask');
    timers.fire();
    assert.deepEqual(posted.map((p) => p.text), ['a', 'bcd'], 'one larger message instead of three queued ones');
  });

  it('on an idle channel (acknowledged within the frame) it posts as often as before: once per frame', async () => {
    const timers = new ManualTimers();
    const { acks, post } = ackingPost();
    let now = 1_000;
    const b = new DeltaBatcher(post, 16, timers, () => now);
    b.push(key, 'a');
    timers.fire();
    now += 4;
    acks[0]();
    await settle();
    b.push(key, 'b');
    assert.equal(timers.pending[0].ms, 12, 'the frame interval, not the acknowledgement, sets the pace');
  });

  it('an acknowledgement that never comes holds text back at most MAX_HOLD_MS, and flush() never waits for one', () => {
    const timers = new ManualTimers();
    const { posted, post } = ackingPost();
    const b = new DeltaBatcher(post, 16, timers, () => 1_000);
    b.push(key, 'a');
    timers.fire();
    b.push(key, 'b');
    assert.equal(timers.pending[0].ms, MAX_HOLD_MS);
    timers.fire();
    assert.deepEqual(posted.map((p) => p.text), ['a', 'b']);
    b.push(key, 'c');
    b.flush();
    assert.deepEqual(posted.map((p) => p.text), ['a', 'b', 'c'], 'a message that must come after the text gets it posted first');
  });
});
