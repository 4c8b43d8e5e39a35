import * as assert from 'node:assert/strict';
import { parseFromPlayer, parseToPlayer, type FromPlayer } from '../../../src/shared/playerProtocol';
import { PlayerController, type MediaLike, type PlayerViewState } from '../../../webview-ui/audio/controller';

/** A media element whose play() the test resolves or rejects. */
class FakeMedia implements MediaLike {
  src = '';
  paused = true;
  plays: string[] = [];
  refuse: string | undefined;
  async play(): Promise<void> {
    this.plays.push(this.src);
    if (this.refuse) {
      const err = new Error('refused');
      err.name = this.refuse;
      throw err;
    }
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
  removeAttribute(name: string): void {
    if (name === 'src') this.src = '';
  }
  load(): void {}
}

function setup() {
  const media = new FakeMedia();
  const posted: FromPlayer[] = [];
  const views: PlayerViewState[] = [];
  const live = new Set<string>();
  let n = 0;
  const controller = new PlayerController({
    media,
    createUrl: () => {
      const url = `blob:vscode-webview://player/${++n}`;
      live.add(url);
      return url;
    },
    revokeUrl: (url) => live.delete(url),
    post: (m) => posted.push(m),
    render: (v) => views.push(v),
  });
  return { media, posted, views, live, controller };
}

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
const data = new Uint8Array([0xff, 0xfb, 0x90, 0x00]);

describe('audio player webview: queue and playback', () => {
  it('plays parts in order from blob: URLs, reports each, and revokes every URL', async () => {
    const { media, posted, views, live, controller } = setup();
    controller.handle({ type: 'start', session: 3, total: 2, title: 'Hello' });
    controller.handle({ type: 'part', session: 3, index: 0, mime: 'audio/mpeg', data });
    await flush();
    assert.equal(media.src, 'blob:vscode-webview://player/1');
    assert.deepEqual(posted, [{ type: 'part', session: 3, index: 0, state: 'playing' }]);
    assert.equal(views.at(-1)?.state, 'playing');
    assert.equal(views.at(-1)?.message, 'Reading part 1 of 2');

    controller.handle({ type: 'part', session: 3, index: 1, mime: 'audio/mpeg', data });
    controller.handle({ type: 'end', session: 3, total: 2 });
    assert.equal(media.plays.length, 1, 'part 2 waits for part 1 to end');
    controller.mediaEnded();
    await flush();
    assert.equal(media.src, 'blob:vscode-webview://player/2');
    controller.mediaEnded();
    assert.deepEqual(
      posted.map((p) => (p.type === 'part' ? `${p.index}:${p.state}` : p.type)),
      ['0:playing', '0:ended', '1:playing', '1:ended'],
    );
    assert.equal(views.at(-1)?.state, 'ended');
    assert.equal(live.size, 0, 'all blob URLs revoked');
  });

  it('ignores audio of an older session', async () => {
    const { media, controller } = setup();
    controller.handle({ type: 'start', session: 2, total: 1, title: '' });
    controller.handle({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data });
    await flush();
    assert.equal(media.plays.length, 0);
  });

  it('shows Play when the browser blocks autoplay, and plays on the user\'s click', async () => {
    const { media, posted, views, controller } = setup();
    media.refuse = 'NotAllowedError';
    controller.handle({ type: 'start', session: 1, total: 1, title: '' });
    controller.handle({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data });
    await flush();
    assert.deepEqual(posted, [{ type: 'part', session: 1, index: 0, state: 'blocked' }]);
    assert.equal(views.at(-1)?.state, 'blocked');
    media.refuse = undefined;
    controller.userPlay();
    await flush();
    assert.deepEqual(posted.at(-1), { type: 'part', session: 1, index: 0, state: 'playing' });
  });

  it('Stop from the host or the user pauses, drops the queue and revokes URLs', async () => {
    const { media, posted, live, controller, views } = setup();
    controller.handle({ type: 'start', session: 1, total: 3, title: '' });
    controller.handle({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data });
    controller.handle({ type: 'part', session: 1, index: 1, mime: 'audio/mpeg', data });
    await flush();
    controller.userStop();
    assert.equal(media.paused, true);
    assert.equal(media.src, '');
    assert.equal(live.size, 0);
    assert.deepEqual(posted.at(-1), { type: 'stop', session: 1 });
    assert.equal(views.at(-1)?.state, 'stopped');
    controller.handle({ type: 'stop', session: 1, reason: 'error' });
    assert.equal(views.at(-1)?.state, 'error');
  });

  it('reports a part the element cannot decode', async () => {
    const { posted, controller } = setup();
    controller.handle({ type: 'start', session: 1, total: 1, title: '' });
    controller.handle({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data });
    await flush();
    controller.mediaError('the audio format is not supported');
    assert.deepEqual(posted.at(-1), { type: 'part', session: 1, index: 0, state: 'error', message: 'the audio format is not supported' });
  });
});

describe('audio player protocol: validation both ways', () => {
  it('accepts only well-formed messages from the player', () => {
    assert.deepEqual(parseFromPlayer({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromPlayer({ type: 'part', session: 1, index: 0, state: 'ended' }), { type: 'part', session: 1, index: 0, state: 'ended' });
    for (const bad of [null, 'ready', [], { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'part', session: 1, index: -1, state: 'ended' }, { type: 'part', session: 1, index: 0, state: 'hacked' }, { type: 'stop' }]) {
      assert.equal(parseFromPlayer(bad), undefined, JSON.stringify(bad));
    }
    const long = parseFromPlayer({ type: 'part', session: 1, index: 0, state: 'error', message: 'x'.repeat(10_000) });
    assert.equal(long?.type === 'part' ? long.message?.length : 0, 300);
  });

  it('accepts audio bytes (Uint8Array or ArrayBuffer) with an audio MIME type only', () => {
    const ok = parseToPlayer({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data: new Uint8Array([1]).buffer });
    assert.ok(ok?.type === 'part' && ok.data instanceof Uint8Array);
    assert.equal(parseToPlayer({ type: 'part', session: 1, index: 0, mime: 'text/html', data: new Uint8Array([1]) }), undefined);
    assert.equal(parseToPlayer({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data: 'AAAA' }), undefined);
    assert.equal(parseToPlayer({ type: 'part', session: 1, index: 0, mime: 'audio/mpeg', data: new Uint8Array(0) }), undefined);
  });
});
