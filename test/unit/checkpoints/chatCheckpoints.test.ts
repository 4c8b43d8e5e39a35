// The chat's side of checkpoints, in plain Node: a tool that changes a file goes through the
// answer's recorder, the answer then shows its change list, the checkpoint is saved with the
// conversation and comes back after a reload, and "Restore files to before this answer" reaches
// the checkpoint service only once the answer has ended.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore, sha256 } from '../../../src/checkpoints/blobStore';
import type { Checkpoint } from '../../../src/checkpoints/record';
import { AnswerRecorder, type CurrentFiles } from '../../../src/checkpoints/recorder';
import { careForStorage, overCap } from '../../../src/checkpoints/retention';
import { ChatController, type CheckpointPort } from '../../../src/chat/controller';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { FakeApi, FakeEnv, FakeTools, RecordingView, textEvents, textModel, until } from '../chat/fakes';

const sha256Of = (s: string): string => sha256(new TextEncoder().encode(s));
const editCall = { type: 'toolCalls' as const, calls: [{ id: 'c1', name: 'edit_file', arguments: '{"path":"a.ts"}' }] };

class Files implements CurrentFiles {
  readonly content = new Map<string, string>();
  async read(path: string): Promise<Uint8Array | undefined> {
    const s = this.content.get(path);
    return s === undefined ? undefined : new TextEncoder().encode(s);
  }
}

describe('checkpoints in the chat: recorded by the tools, shown, saved, restorable', () => {
  let dir: string;
  let api: FakeApi;
  let tools: FakeTools;
  let view: RecordingView;
  let files: Files;
  let blobs: BlobStore;
  let restores: Checkpoint[];
  let controllers: ChatController[];
  let cap: number;

  function make(): ChatController {
    const port: CheckpointPort = {
      recorder: (holder, changed) => new AnswerRecorder(blobs, files, holder, changed),
      restore: async (cp) => {
        restores.push(cp);
        cp.restored = { at: 1, states: cp.files.map(() => ({ exists: false })) };
        return true;
      },
      undoRestore: async () => false,
      openDiff: async () => undefined,
      // The real care, with the clock two hours on so the blobs just written are past the sweep's grace.
      collect: (all) => careForStorage(blobs, all, { maxTotalBytes: cap, now: Date.now() + 2 * 3600_000 }),
      needsCare: () => overCap(blobs, cap),
    };
    const store = new ConversationStore(join(dir, 'chat'), nodeStorageFs, { warn: () => undefined });
    const c = new ChatController(api.asApi(), tools, store, new FakeEnv(), view, { batchMs: 1, checkpoints: port });
    controllers.push(c);
    return c;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-cp-'));
    api = new FakeApi();
    api.models = [textModel('model-a', { availableContextTokens: 100_000 })];
    tools = new FakeTools();
    view = new RecordingView();
    files = new Files();
    blobs = new BlobStore(join(dir, 'blobs'));
    restores = [];
    controllers = [];
    cap = 200 * 1024 * 1024;
  });
  afterEach(() => {
    for (const c of controllers) c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an answer whose tool changed a file shows it in its change list, and the checkpoint survives a reload', async () => {
    files.content.set('/w/a.ts', 'before');
    tools.handler = async (_call, ctx) => {
      await ctx.files?.recordBefore([{ path: '/w/a.ts', label: 'a.ts' }]);
      files.content.set('/w/a.ts', 'after');
      return { ok: true, content: 'Edited a.ts', summary: 'Edited a.ts' };
    };
    api.scripts.push({ events: [editCall, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('Done.') });
    const first = make();
    await first.send('fix a.ts', []);
    await first.idle();
    assert.deepEqual(view.lastAnswer()?.checkpoint, { files: [{ label: 'a.ts', change: 'modified' }], restored: false });

    const [file] = readdirSync(join(dir, 'chat')).filter((f) => f.startsWith('conv-'));
    const stored = JSON.parse(readFileSync(join(dir, 'chat', file), 'utf8')) as { entries: Array<{ checkpoint?: Checkpoint }> };
    const cp = stored.entries[1].checkpoint;
    assert.equal(cp?.files[0].path, '/w/a.ts');
    assert.ok(cp?.files[0].before.exists && cp.files[0].after?.exists, 'before and after are both noted');
    assert.notEqual(cp.files[0].before.exists && cp.files[0].before.sha256, cp.files[0].after?.exists && cp.files[0].after.sha256);

    first.dispose();
    view.clear();
    const second = make();
    await second.onReady();
    const answer = view.of('state')[0].state.messages[1];
    assert.equal(answer.role === 'assistant' && answer.checkpoint?.files[0].label, 'a.ts');
    await second.restoreFiles(answer.id, false);
    assert.equal(restores.length, 1);
    assert.equal(restores[0].files[0].path, '/w/a.ts', 'the restore got the stored checkpoint');
    assert.equal(view.of('messageUpdated').at(-1)?.message.role === 'assistant' && view.lastAnswer()?.checkpoint?.restored, true, 'the answer now offers "Undo restore"');
  });

  it('an answer whose tools changed nothing has no change list, and a restore is refused while the answer runs', async () => {
    const c = make();
    api.scripts.push({ events: textEvents('Just talk.') });
    await c.send('hello', []);
    await c.idle();
    assert.equal(view.lastAnswer()?.checkpoint, undefined);

    let release!: () => void;
    tools.handler = async (_call, ctx) => {
      await ctx.files?.recordBefore([{ path: '/w/b.ts', label: 'b.ts' }]);
      await new Promise<void>((r) => (release = r));
      return { ok: true, content: 'created', summary: 'created' };
    };
    api.scripts.push({ events: [editCall, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('Created.') });
    await c.send('create b.ts', []);
    await until(() => view.lastAnswer()?.checkpoint?.files.length === 1);
    const id = view.lastAnswer()?.id ?? '';
    await c.restoreFiles(id, false);
    assert.equal(restores.length, 0, 'not while its tools may still change files');
    release();
    await c.idle();
    assert.equal(view.lastAnswer()?.checkpoint?.files[0].change, 'created');
    await c.restoreFiles(id, false);
    assert.equal(restores.length, 1);
  });

  describe('storage care', () => {
    const blobNames = () => readdirSync(join(dir, 'blobs'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
    const storedCheckpoint = (conversationId: string): Checkpoint | undefined => {
      const stored = JSON.parse(readFileSync(join(dir, 'chat', `conv-${conversationId}.json`), 'utf8')) as { entries: Array<{ checkpoint?: Checkpoint }> };
      return stored.entries.find((e) => e.checkpoint)?.checkpoint;
    };

    /** One chat whose answer edits `path` from `before`; returns the chat's id. */
    async function chatEditing(c: ChatController, path: string, before: string): Promise<string> {
      files.content.set(path, before);
      tools.handler = async (_call, ctx) => {
        await ctx.files?.recordBefore([{ path, label: path.slice(3) }]);
        files.content.set(path, `${before} edited`);
        return { ok: true, content: 'Edited', summary: 'Edited' };
      };
      api.scripts.push({ events: [editCall, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('Done.') });
      await c.newChat();
      await c.send(`edit ${path}`, []);
      await c.idle();
      return c.getState().activeId;
    }

    it('deleting a chat deletes the kept content only it needed; content another chat shares stays', async () => {
      const c = make();
      const first = await chatEditing(c, '/w/only-first.ts', 'first chat content');
      await chatEditing(c, '/w/shared.ts', 'shared content');
      await chatEditing(c, '/w/shared-too.ts', 'shared content');
      assert.equal(blobNames().length, 2, 'the shared content is stored once');
      await c.careForCheckpoints();
      assert.equal(blobNames().length, 2, 'nothing is deleted while every chat needs it');

      await c.remove(first);
      await c.careForCheckpoints();
      assert.deepEqual(blobNames(), [sha256Of('shared content')], "the deleted chat's content is gone, the shared one stays");
    });

    it('above the cap the oldest checkpoints are dropped first and their answers say "no longer available"', async () => {
      cap = 1500;
      const c = make();
      const oldest = await chatEditing(c, '/w/old.ts', 'o'.repeat(1000));
      const newest = await chatEditing(c, '/w/new.ts', 'n'.repeat(1000));
      await c.careForCheckpoints();
      assert.equal(storedCheckpoint(oldest)?.expired, true, 'the oldest is dropped');
      assert.equal(storedCheckpoint(newest)?.expired, undefined, 'the newest still fits');
      assert.deepEqual(blobNames(), [sha256Of('n'.repeat(1000))]);

      await c.switchTo(oldest);
      const shown = view.of('state').at(-1)?.state.messages.find((m) => m.role === 'assistant' && m.checkpoint);
      assert.equal(shown?.role === 'assistant' && shown.checkpoint?.expired, true, 'the view is told it can no longer be restored');
    });

    it('the open chat\'s dropped checkpoint is redrawn at once', async () => {
      cap = 1500;
      const c = make();
      await chatEditing(c, '/w/a.ts', 'a'.repeat(1000));
      // The same chat gets a second, newer answer that pushes storage over the cap.
      files.content.set('/w/b.ts', 'b'.repeat(1000));
      tools.handler = async (_call, ctx) => {
        await ctx.files?.recordBefore([{ path: '/w/b.ts', label: 'b.ts' }]);
        return { ok: true, content: 'Edited', summary: 'Edited' };
      };
      api.scripts.push({ events: [editCall, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('Done.') });
      await c.send('edit b', []);
      await c.idle();
      view.clear();
      await c.careForCheckpoints();
      const redrawn = view.of('messageUpdated').map((m) => m.message).filter((m) => m.role === 'assistant');
      assert.equal(redrawn.length, 1);
      assert.equal(redrawn[0].role === 'assistant' && redrawn[0].checkpoint?.expired, true);
    });
  });
});
