import * as assert from 'node:assert/strict';
import { ChatController } from '../../../src/chat/controller';
import type { Conversation } from '../../../src/chat/model';
import { NEWEST_PAGE } from '../../../src/chat/paging';
import { ConversationStore } from '../../../src/chat/store';
import { FakeApi, FakeEnv, FakeTools, longConversation, MemoryFs, RecordingView } from './fakes';

// The newest-page file beside each conversation (src/chat/store.ts): a long chat's view opens from it
// without reading the whole chat, and anything that makes it doubtful leads back to the whole file.
const CONV = (id: string) => `/chat/conv-${id}.json`;
const PAGE = (id: string) => `/chat/pages/${id}.json`;
const INDEX = '/chat/index.json';

function setup() {
  const fs = new MemoryFs();
  const warnings: string[] = [];
  const logs: string[] = [];
  const store = () => new ConversationStore('/chat', fs, { warn: (m) => warnings.push(m), log: (m) => logs.push(m) });
  return { fs, warnings, logs, store };
}

async function saved(fs: MemoryFs, conv: Conversation, store: ConversationStore): Promise<void> {
  await store.save(conv);
  await store.setActive(conv.id);
  assert.ok(fs.files.has(PAGE(conv.id)), 'the page file is written with the conversation');
}

/** The entries as a reader sees them (no `undefined` keys). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('chat store: the newest-page file', () => {
  it('a reopened store reads the newest page alone: the same messages, and how many come before', async () => {
    const { fs, warnings, store } = setup();
    const conv = longConversation('long', 500);
    await saved(fs, conv, store());
    const reopened = store();
    const page = await reopened.loadPage('long');
    assert.ok(page, 'the page is current');
    assert.equal(page.olderCount, 500 - NEWEST_PAGE);
    assert.deepEqual(page.conversation.entries, plain(conv.entries.slice(-NEWEST_PAGE)));
    assert.equal(page.conversation.title, conv.title);
    assert.ok(fs.files.get(PAGE('long'))!.length * 5 < fs.files.get(CONV('long'))!.length, 'a fraction of the whole file');
    assert.deepEqual(await reopened.load('long'), plain(conv), 'the whole chat is unchanged');
    assert.deepEqual(warnings, []);
  });

  it('a short chat has a page with every message and nothing before', async () => {
    const { fs, store } = setup();
    await saved(fs, longConversation('short', 7), store());
    const page = await store().loadPage('short');
    assert.equal(page?.olderCount, 0);
    assert.equal(page?.conversation.entries.length, 7);
  });

  it('a page from a save whose index write did not happen (a crash, another window) is not trusted', async () => {
    const { fs, store } = setup();
    const conv = longConversation('crash', 300);
    const s = store();
    await saved(fs, conv, s);
    const indexBefore = fs.files.get(INDEX)!;
    conv.entries.push(...longConversation('crash', 2).entries.map((e) => ({ ...e, id: `${e.id}-new` })));
    await s.save(conv);
    fs.files.set(INDEX, indexBefore); // the crash: page and conversation written, the index not
    const reopened = store();
    assert.equal(await reopened.loadPage('crash'), undefined, 'page and index revisions differ');
    assert.equal((await reopened.load('crash'))?.entries.length, 302, 'the whole file has the newer chat');
  });

  it('a page that is older than its conversation (the conversation written, then the process died) is not trusted', async () => {
    const { fs, store } = setup();
    const conv = longConversation('old', 200);
    await saved(fs, conv, store());
    const oldPage = fs.files.get(PAGE('old'))!;
    const s = store();
    conv.title = 'Renamed';
    await s.save(conv);
    fs.files.set(PAGE('old'), oldPage);
    assert.equal(await store().loadPage('old'), undefined);
  });

  it('an index without revisions (written by a version that knows no pages) means no page', async () => {
    const { fs, store } = setup();
    await saved(fs, longConversation('legacy', 100), store());
    const index = JSON.parse(fs.files.get(INDEX)!) as { conversations: Array<{ revision?: string }> };
    for (const c of index.conversations) delete c.revision;
    fs.files.set(INDEX, JSON.stringify(index));
    assert.equal(await store().loadPage('legacy'), undefined);
  });

  it('a missing, unreadable or wrongly shaped page is ignored (logged, not quarantined, no warning); the whole file still reads', async () => {
    for (const bad of [undefined, '{ not json', JSON.stringify({ version: 1, id: 'x' }), '[]']) {
      const { fs, warnings, logs, store } = setup();
      const conv = longConversation('bad', 120);
      await saved(fs, conv, store());
      if (bad === undefined) fs.files.delete(PAGE('bad'));
      else fs.files.set(PAGE('bad'), bad);
      const reopened = store();
      assert.equal(await reopened.loadPage('bad'), undefined, `page ${String(bad)}`);
      assert.deepEqual(await reopened.load('bad'), plain(conv));
      assert.deepEqual(warnings, []);
      assert.ok(![...fs.files.keys()].some((k) => k.includes('corrupt')), 'a cache file is not moved aside');
      if (bad !== undefined) assert.equal(logs.length, 1);
    }
  });

  it('a page naming another chat is not used for this one', async () => {
    const { fs, store } = setup();
    await saved(fs, longConversation('one', 80), store());
    await saved(fs, longConversation('two', 80), store());
    fs.files.set(PAGE('one'), fs.files.get(PAGE('two'))!);
    assert.equal(await store().loadPage('one'), undefined);
  });

  it('removing a chat removes its page; a page left without its chat is cleared when the store opens', async () => {
    const { fs, store } = setup();
    const s = store();
    await saved(fs, longConversation('gone', 10), s);
    await s.remove('gone');
    assert.equal(fs.files.has(PAGE('gone')), false);
    fs.files.set(PAGE('orphan'), '{}');
    await store().open();
    assert.equal(fs.files.has(PAGE('orphan')), false);
  });
});

describe('chat view: opening a long chat from its newest page', () => {
  async function opened(prepare: (fs: MemoryFs) => void = () => undefined) {
    const { fs, store } = setup();
    const conv = longConversation('chat', 1_000);
    await saved(fs, conv, store());
    prepare(fs);
    const reads: string[] = [];
    const read = fs.readFile.bind(fs);
    fs.readFile = (p: string) => (reads.push(p), read(p));
    const view = new RecordingView();
    const controller = new ChatController(new FakeApi().asApi(), new FakeTools(), store(), new FakeEnv(), view);
    return { conv, fs, reads, view, controller };
  }

  it('builds the page state from the newest page without reading the whole chat; it equals the state of the whole chat', async () => {
    const { reads, view, controller } = await opened();
    try {
      await controller.whenLoaded();
      const page = controller.pageState();
      assert.ok(!reads.includes(CONV('chat')), 'the whole file is not read to build the page');
      assert.equal(page.meter, undefined, 'the meter needs every message: it follows');
      await controller.onReady(true);
      assert.ok(reads.includes(CONV('chat')), 'the whole chat is read before anything needs it');
      assert.equal(view.of('state').length, 0, 'the page was current: no state again');
      const meter = view.of('meter');
      assert.ok(meter.length >= 1, 'the meter follows');
      assert.ok(meter.every((m) => m.conversationId === 'chat'));
      await controller.onReady();
      const whole = view.of('state')[0].state;
      assert.deepEqual(plain([page.activeId, page.messages, page.olderCount, page.conversations]), [whole.activeId, whole.messages, whole.olderCount, whole.conversations]);
      assert.deepEqual(whole.meter, meter.at(-1)?.meter);
    } finally {
      controller.dispose();
    }
  });

  it('older messages and export wait for the whole chat', async () => {
    const { conv, view, controller } = await opened();
    try {
      await controller.whenLoaded();
      const page = controller.pageState();
      // No ready yet: the webview asks for older messages right away.
      await controller.loadOlder('chat', page.messages[0].id);
      const older = view.of('olderMessages')[0];
      assert.equal(older.messages.at(-1)?.id, conv.entries[1_000 - NEWEST_PAGE - 1].id);
      assert.equal((await controller.conversation('chat'))?.entries.length, 1_000);
    } finally {
      controller.dispose();
    }
  });

  it('a page that turns out not to match the chat as read is replaced by the whole chat’s state on ready', async () => {
    // The conversation file rewritten by a version that knows no revisions, its index write lost: the page looks current.
    const { controller, view } = await opened((fs) => {
      const newer = longConversation('chat', 1_004);
      fs.files.set(CONV('chat'), JSON.stringify(newer));
    });
    try {
      await controller.whenLoaded();
      const page = controller.pageState();
      assert.equal(page.messages.at(-1)?.id, 'a999', 'drawn from the page');
      await controller.onReady(true);
      const state = view.of('state');
      assert.equal(state.length, 1, 'the state of the chat as read replaces the page');
      assert.equal(state[0].state.messages.at(-1)?.id, 'a1003');
      assert.equal(state[0].state.olderCount, 1_004 - NEWEST_PAGE);
    } finally {
      controller.dispose();
    }
  });

  it('without a usable page the page state waits for the whole chat, meter included', async () => {
    const { controller, reads } = await opened((fs) => fs.files.delete(PAGE('chat')));
    try {
      await controller.whenLoaded();
      const page = controller.pageState();
      assert.ok(reads.includes(CONV('chat')));
      assert.equal(page.messages.at(-1)?.id, 'a999');
      assert.ok(page.meter, 'built from the whole chat');
    } finally {
      controller.dispose();
    }
  });
});
