import * as assert from 'node:assert/strict';
import { ChatController } from '../../../src/chat/controller';
import { NEWEST_PAGE, OLDER_PAGE, newestPage, pageBefore } from '../../../src/chat/paging';
import { ConversationStore } from '../../../src/chat/store';
import { parseToHost } from '../../../src/shared/protocol';
import { FakeApi, FakeEnv, FakeTools, longConversation, MemoryFs, RecordingView } from './fakes';

describe('chat paging: a long chat reaches the webview a page at a time', () => {
  it('pages are contiguous slices that end where they should', () => {
    const items = Array.from({ length: 450 }, (_, i) => ({ id: `m${i}` }));
    const newest = newestPage(items);
    assert.equal(newest.items.length, NEWEST_PAGE);
    assert.equal(newest.items[0].id, `m${450 - NEWEST_PAGE}`);
    assert.equal(newest.olderCount, 450 - NEWEST_PAGE);
    const seen = [...newest.items];
    let page = newest;
    while (page.olderCount > 0) {
      const next = pageBefore(items, page.items[0].id);
      assert.ok(next);
      assert.ok(next.items.length <= OLDER_PAGE);
      seen.unshift(...next.items);
      page = next;
    }
    assert.deepEqual(seen, items, 'every item exactly once, in order');
    assert.equal(pageBefore(items, 'nope'), undefined);
    assert.deepEqual(newestPage([{ id: 'x' }]), { items: [{ id: 'x' }], olderCount: 0 });
  });

  it('the page carries the newest messages; its first ready then posts no state (no round trip), a later one does', async () => {
    const fs = new MemoryFs();
    const env = new FakeEnv();
    const store = new ConversationStore('/chat', fs, { warn: (m) => env.warnings.push(m) });
    await store.save(longConversation('long2', 500));
    await store.setActive('long2');
    const view = new RecordingView();
    const controller = new ChatController(new FakeApi().asApi(), new FakeTools(), store, env, view);
    try {
      await controller.whenLoaded();
      const page = controller.pageState();
      assert.equal(page.activeId, 'long2');
      assert.equal(page.messages.length, NEWEST_PAGE);
      assert.equal(page.olderCount, 500 - NEWEST_PAGE);
      await controller.onReady(true);
      assert.equal(view.of('state').length, 0, 'the page had the state: nothing to send');
      await controller.onReady();
      const sent = view.of('state')[0].state;
      assert.deepEqual([sent.activeId, sent.messages, sent.olderCount], JSON.parse(JSON.stringify([page.activeId, page.messages, page.olderCount])), 'a later ready (document recreated) gets the state as a message');
    } finally {
      controller.dispose();
    }
  });

  it('the state carries the newest messages; loadOlder answers with the ones before, only for the open chat', async () => {
    const fs = new MemoryFs();
    const env = new FakeEnv();
    const store = new ConversationStore('/chat', fs, { warn: (m) => env.warnings.push(m) });
    const conv = longConversation('long1', 1_000);
    await store.save(conv);
    await store.setActive('long1');
    const view = new RecordingView();
    const controller = new ChatController(new FakeApi().asApi(), new FakeTools(), store, env, view);
    try {
      await controller.onReady();
      const state = view.of('state')[0].state;
      assert.equal(state.activeId, 'long1');
      assert.equal(state.messages.length, NEWEST_PAGE);
      assert.equal(state.messages.at(-1)?.id, 'a999');
      assert.equal(state.olderCount, 1_000 - NEWEST_PAGE);

      await controller.loadOlder('long1', state.messages[0].id);
      const page = view.of('olderMessages')[0];
      assert.equal(page.beforeId, state.messages[0].id);
      assert.equal(page.messages.length, OLDER_PAGE);
      assert.equal(page.messages.at(-1)?.id, `a${1_000 - NEWEST_PAGE - 1}`);
      assert.equal(page.olderCount, 1_000 - NEWEST_PAGE - OLDER_PAGE);

      view.clear();
      await controller.loadOlder('some-other-chat', 'u100');
      await controller.loadOlder('long1', 'no-such-message');
      assert.deepEqual(view.posts, [], 'nothing for another chat or a message that is gone');

      // The host keeps the whole chat: export and history still have all of it.
      assert.equal((await controller.conversation('long1'))?.entries.length, 1_000);
    } finally {
      controller.dispose();
    }
  });

  it('the webview can only ask with well-formed ids', () => {
    assert.deepEqual(parseToHost({ type: 'loadOlder', conversationId: 'c1', beforeId: 'u-1_x' }), { type: 'loadOlder', conversationId: 'c1', beforeId: 'u-1_x' });
    for (const bad of [
      { type: 'loadOlder', conversationId: 'c1' },
      { type: 'loadOlder', beforeId: 'u1' },
      { type: 'loadOlder', conversationId: '../etc', beforeId: 'u1' },
      { type: 'loadOlder', conversationId: 'c1', beforeId: 7 },
      { type: 'loadOlder', conversationId: 'c1', beforeId: 'x'.repeat(65) },
    ]) {
      assert.equal(parseToHost(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(Object.keys(parseToHost({ type: 'loadOlder', conversationId: 'c1', beforeId: 'u1', extra: 'dropped' }) ?? {}).sort(), ['beforeId', 'conversationId', 'type']);
  });
});
