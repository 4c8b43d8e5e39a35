import * as assert from 'node:assert/strict';
import { ReadingSession, type AudioPart, type PlayerPort, type SessionOutcome } from '../../../src/speech/session';

/** A player that records what it was sent. */
class FakePlayer implements PlayerPort {
  log: string[] = [];
  start(session: number, total: number): void {
    this.log.push(`start ${session} ${total}`);
  }
  part(_session: number, index: number): void {
    this.log.push(`part ${index}`);
  }
  end(_session: number, total: number): void {
    this.log.push(`end ${total}`);
  }
  stop(_session: number, reason: string): void {
    this.log.push(`stop ${reason}`);
  }
}

/** Fetches that resolve only when the test says so, recording the order they were asked. */
class Fetches {
  asked: number[] = [];
  aborted: number[] = [];
  private pending = new Map<number, { resolve: (a: AudioPart) => void; reject: (e: unknown) => void }>();
  fetch = (index: number, _text: string, signal: AbortSignal): Promise<AudioPart> => {
    this.asked.push(index);
    return new Promise((resolve, reject) => {
      this.pending.set(index, {
        resolve: (a) => {
          this.pending.delete(index);
          resolve(a);
        },
        reject,
      });
      signal.addEventListener('abort', () => {
        if (!this.pending.delete(index)) return; // already answered
        this.aborted.push(index);
        reject(new Error('aborted'));
      });
    });
  };
  deliver(index: number): void {
    this.pending.get(index)?.resolve({ mime: 'audio/mpeg', data: new Uint8Array([0xff, 0xfb, index]) });
  }
  fail(index: number, err: unknown): void {
    this.pending.get(index)?.reject(err);
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('speech/session: fetch part N+1 while part N plays', () => {
  it('sends part 1 as soon as it arrives and fetches the next only once the previous plays', async () => {
    const player = new FakePlayer();
    const f = new Fetches();
    const progress: string[] = [];
    const s = new ReadingSession(7, ['a', 'b', 'c'], f.fetch, player, { onProgress: (i, t, st) => progress.push(`${st} ${i + 1}/${t}`) });
    s.begin();
    await tick();
    assert.deepEqual(f.asked, [0], 'only the first part is asked for');
    f.deliver(0);
    await tick();
    assert.deepEqual(player.log, ['start 7 3', 'part 0']);
    assert.deepEqual(f.asked, [0], 'nothing more until part 1 plays');

    s.onPlayer(0, 'playing');
    assert.equal(await s.started, 'playing');
    await tick();
    assert.deepEqual(f.asked, [0, 1]);
    f.deliver(1);
    await tick();
    assert.deepEqual(f.asked, [0, 1], 'part 3 waits for part 2 to play');
    s.onPlayer(0, 'ended');
    s.onPlayer(1, 'playing');
    await tick();
    f.deliver(2);
    await tick();
    assert.deepEqual(player.log, ['start 7 3', 'part 0', 'part 1', 'part 2', 'end 3']);
    s.onPlayer(1, 'ended');
    s.onPlayer(2, 'playing');
    s.onPlayer(2, 'ended');
    assert.equal(await s.finished, 'finished');
    assert.deepEqual(progress, ['preparing 1/3', 'playing 1/3', 'playing 2/3', 'playing 3/3']);
  });

  it('stop() aborts the fetch under way, tells the player, and fetches nothing more', async () => {
    const player = new FakePlayer();
    const f = new Fetches();
    const s = new ReadingSession(1, ['a', 'b'], f.fetch, player);
    s.begin();
    f.deliver(0);
    await tick();
    s.onPlayer(0, 'playing');
    await tick();
    s.stop('stopped by the user');
    await tick();
    assert.deepEqual(f.aborted, [1]);
    assert.equal(await s.finished, 'stopped');
    assert.deepEqual(player.log.slice(-1), ['stop stopped by the user']);
    s.onPlayer(0, 'ended'); // late events are ignored
    assert.deepEqual(f.asked, [0, 1]);
  });

  it('a failed first part ends the reading at once and reports the error', async () => {
    const player = new FakePlayer();
    const f = new Fetches();
    const errors: string[] = [];
    let finished: SessionOutcome | undefined;
    const s = new ReadingSession(1, ['a', 'b'], f.fetch, player, { onError: (e, i) => errors.push(`${i}: ${(e as Error).message}`), onFinish: (o) => (finished = o) });
    s.begin();
    f.fail(0, new Error('Venice did not accept your API key.'));
    assert.equal(await s.started, 'failed');
    assert.equal(finished, 'failed');
    assert.deepEqual(errors, ['0: Venice did not accept your API key.']);
    assert.deepEqual(player.log, ['start 1 2', 'stop error']);
  });

  it('a failed later part lets the parts already sent finish, then ends', async () => {
    const player = new FakePlayer();
    const f = new Fetches();
    const errors: number[] = [];
    const s = new ReadingSession(1, ['a', 'b', 'c'], f.fetch, player, { onError: (_e, i) => errors.push(i) });
    s.begin();
    f.deliver(0);
    await tick();
    s.onPlayer(0, 'playing');
    await tick();
    f.fail(1, new Error('rate limited'));
    await tick();
    assert.deepEqual(errors, [1]);
    assert.deepEqual(player.log, ['start 1 3', 'part 0', 'end 1']);
    s.onPlayer(0, 'ended');
    assert.equal(await s.finished, 'failed');
    assert.deepEqual(f.asked, [0, 1]);
  });

  it('waits for the user when the browser blocks autoplay, fetching nothing more meanwhile', async () => {
    const f = new Fetches();
    const s = new ReadingSession(1, ['a', 'b'], f.fetch, new FakePlayer(), { onProgress: () => undefined });
    s.begin();
    f.deliver(0);
    await tick();
    s.onPlayer(0, 'blocked');
    assert.equal(await s.started, 'blocked');
    await tick();
    assert.deepEqual(f.asked, [0]);
    s.onPlayer(0, 'playing');
    await tick();
    assert.deepEqual(f.asked, [0, 1]);
    s.stop();
  });

  it('gives up when the player never starts (e.g. the view is gone)', async () => {
    const f = new Fetches();
    const player = new FakePlayer();
    const errors: string[] = [];
    const s = new ReadingSession(1, ['a'], f.fetch, player, { onError: (e) => errors.push((e as Error).message) }, { startTimeoutMs: 20 });
    s.begin();
    f.deliver(0);
    assert.equal(await s.finished, 'failed');
    assert.match(errors[0] ?? '', /did not start playing/);
    assert.equal(player.log.at(-1), 'stop timeout');
  });

  it('a playback error stops the reading', async () => {
    const f = new Fetches();
    const errors: string[] = [];
    const s = new ReadingSession(1, ['a', 'b'], f.fetch, new FakePlayer(), { onError: (e) => errors.push((e as Error).message) });
    s.begin();
    f.deliver(0);
    await tick();
    s.onPlayer(0, 'error', 'the audio format is not supported');
    assert.equal(await s.finished, 'failed');
    assert.deepEqual(errors, ['The player could not play part 1: the audio format is not supported']);
  });
});
