import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssistantEntry, Conversation, UserEntry } from '../../../src/chat/model';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { MemoryFs } from './fakes';

let n = 0;
function conversation(title: string, updatedAt = 1_000 + n): Conversation {
  n++;
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const user: UserEntry = { id: `u${n}`, role: 'user', text: title, attachments: [], createdAt: updatedAt };
  const answer: AssistantEntry = {
    id: `a${n}`,
    role: 'assistant',
    createdAt: updatedAt,
    state: 'done',
    model: 'm',
    rounds: [{ text: `answer to ${title}`, reasoning: '', toolCalls: [] }],
    citations: [],
    notes: [],
  };
  return { version: 1, id, title, createdAt: updatedAt, updatedAt, entries: [user, answer] };
}

describe('conversation store', () => {
  let dir: string;
  let warnings: string[];
  const open = (limits?: ConstructorParameters<typeof ConversationStore>[2]['limits']) =>
    new ConversationStore(dir, nodeStorageFs, { warn: (m) => warnings.push(m), now: () => Date.UTC(2026, 10, 25, 12, 0, 0), limits });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-store-'));
    warnings = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips conversations and the active chat across instances (a reload)', async () => {
    const a = conversation('first');
    const b = conversation('second');
    const s1 = open();
    await s1.save(a);
    await s1.save(b);
    await s1.setActive(a.id);
    const s2 = open();
    await s2.open();
    assert.deepEqual(s2.list().map((c) => c.title), ['second', 'first'], 'newest first');
    assert.equal(s2.activeId(), a.id);
    assert.deepEqual(await s2.load(a.id), a);
    assert.deepEqual(warnings, []);
  });

  it('writes every file to a temp name first and renames it over the target', async () => {
    const fs = new MemoryFs();
    const store = new ConversationStore('/store', fs, { warn: () => undefined });
    const c = conversation('atomic');
    await store.save(c);
    const target = `/store/conv-${c.id}.json`;
    const writes = fs.ops.filter((o) => o.startsWith('write '));
    assert.ok(writes.length >= 2, 'conversation and index written');
    for (const w of writes) assert.match(w, /\.json\.tmp-[0-9a-f]+$/, `${w} goes to a temp file`);
    const tmpWrite = writes.find((w) => w.includes(`conv-${c.id}.json.tmp-`));
    const rename = fs.ops.find((o) => o.startsWith('rename ') && o.endsWith(`-> ${target}`));
    assert.ok(tmpWrite && rename, 'temp write then rename to the real name');
    assert.ok(fs.ops.indexOf(tmpWrite) < fs.ops.indexOf(rename));
    assert.ok(![...fs.files.keys()].some((k) => k.includes('.tmp-')), 'no temp files left');
  });

  it('keeps the previous file intact when the rename fails, and reports the failure', async () => {
    const fs = new MemoryFs();
    const store = new ConversationStore('/store', fs, { warn: () => undefined });
    const c = conversation('v1');
    await store.save(c);
    const target = `/store/conv-${c.id}.json`;
    const before = fs.files.get(target);
    fs.failRenameTo = (to) => to === target;
    c.title = 'v2';
    await assert.rejects(store.save(c), /disk full/);
    assert.equal(fs.files.get(target), before, 'old content still there');
    assert.ok(![...fs.files.keys()].some((k) => k.includes('.tmp-')), 'temp file cleaned up');
    fs.failRenameTo = undefined;
    await store.save(c);
    assert.match(fs.files.get(target) ?? '', /"title":"v2"/, 'later writes still work');
  });

  it('moves a corrupt conversation aside, warns, and never overwrites it', async () => {
    const c = conversation('precious');
    await open().save(c);
    const file = join(dir, `conv-${c.id}.json`);
    writeFileSync(file, '{"version":1,"id":"truncated...');
    const store = open();
    assert.equal(await store.load(c.id), undefined);
    const moved = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    assert.equal(moved.length, 1);
    assert.match(moved[0], new RegExp(`^conv-${c.id}\\.corrupt-2026-11-25T12-00-00-000Z\\.json$`));
    assert.equal(readFileSync(join(dir, moved[0]), 'utf8'), '{"version":1,"id":"truncated...', 'content preserved byte for byte');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /"precious" could not be read/);
    assert.ok(warnings[0].includes(moved[0]), 'the warning says where the file went');
    assert.deepEqual(store.list(), [], 'no longer listed');
  });

  it('treats valid JSON with the wrong shape as corrupt too', async () => {
    const c = conversation('shape');
    await open().save(c);
    writeFileSync(join(dir, `conv-${c.id}.json`), JSON.stringify({ version: 1, id: c.id, title: 5, entries: 'nope' }));
    assert.equal(await open().load(c.id), undefined);
    assert.equal(warnings.length, 1);
  });

  it('rebuilds a corrupt index from the conversation files and keeps the bad index aside', async () => {
    const a = conversation('alpha');
    const b = conversation('beta');
    const s1 = open();
    await s1.save(a);
    await s1.save(b);
    writeFileSync(join(dir, 'index.json'), 'not json at all');
    const s2 = open();
    await s2.open();
    assert.deepEqual(s2.list().map((c) => c.title).sort(), ['alpha', 'beta']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /chat list could not be read/);
    assert.ok(readdirSync(dir).some((f) => /^index\.corrupt-.*\.json$/.test(f)));
    await s2.flushed();
    assert.doesNotThrow(() => JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')), 'a fresh index was written');
  });

  it('finds conversations missing from the index (another window, a crash between writes)', async () => {
    const a = conversation('listed');
    const s1 = open();
    await s1.save(a);
    const stray = conversation('stray');
    writeFileSync(join(dir, `conv-${stray.id}.json`), JSON.stringify(stray));
    const s2 = open();
    await s2.open();
    assert.deepEqual(s2.list().map((c) => c.title).sort(), ['listed', 'stray']);
  });

  it('loads an answer that was still streaming as interrupted, with its partial text', async () => {
    const c = conversation('reload me');
    const answer = c.entries[1] as AssistantEntry;
    answer.state = 'streaming';
    answer.rounds = [
      { text: 'partial', reasoning: '', toolCalls: [{ id: 't1', name: 'edit_file', arguments: '{}', status: 'awaitingApproval' }] },
    ];
    await open().save(c);
    const loaded = await open().load(c.id);
    const a = loaded?.entries[1] as AssistantEntry;
    assert.equal(a.state, 'interrupted');
    assert.equal(a.rounds[0].text, 'partial');
    assert.equal(a.rounds[0].toolCalls[0].status, 'interrupted');
    assert.equal(a.error?.action, 'retry');
    assert.match(a.error?.message ?? '', /cut short/);
  });

  it('caps the number of chats, removing the oldest (never the active one) and saying so', async () => {
    const store = open({ maxConversations: 2 });
    const oldest = conversation('oldest', 1);
    await store.save(oldest);
    await store.setActive(oldest.id);
    await store.save(conversation('middle', 2));
    await store.save(conversation('newest', 3));
    assert.deepEqual(store.list().map((c) => c.title), ['newest', 'oldest']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /removed the 1 oldest chat/);
  });

  it('shrinks a conversation over the size cap: bulky old content first, then the oldest messages, counted', async () => {
    const store = open({ maxConversationChars: 3_000 });
    const c = conversation('big');
    for (let i = 0; i < 6; i++) {
      const more = conversation(`q${i}`);
      c.entries.push(...more.entries);
    }
    (c.entries[0] as UserEntry).attachments.push({ id: 'att', kind: 'file', label: 'big.txt', content: 'z'.repeat(20_000), lines: 1, bytes: 20_000 });
    await store.save(c);
    const raw = readFileSync(join(dir, `conv-${c.id}.json`), 'utf8');
    assert.ok(raw.length <= 3_000, `file is ${raw.length} chars`);
    const loaded = await open().load(c.id);
    assert.ok(loaded);
    assert.equal(loaded.entries[loaded.entries.length - 1].id, c.entries[c.entries.length - 1].id, 'newest kept');
    assert.equal(loaded.droppedForStorage, c.entries.length - loaded.entries.length);
    assert.equal(loaded.entries[0].role, 'user');
    assert.equal(c.entries.length, 14, 'the in-memory chat is untouched');
  });

  it('removes a conversation and clears it as the active one', async () => {
    const c = conversation('bye');
    const store = open();
    await store.save(c);
    await store.setActive(c.id);
    await store.remove(c.id);
    assert.deepEqual(store.list(), []);
    assert.equal(store.activeId(), undefined);
    assert.ok(!readdirSync(dir).some((f) => f.startsWith('conv-')));
  });
});
