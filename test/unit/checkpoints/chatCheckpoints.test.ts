// The chat's side of checkpoints, in plain Node: a tool that changes a file goes through the
// answer's recorder, the answer then shows its change list, the checkpoint is saved with the
// conversation and comes back after a reload, and "Restore files to before this answer" reaches
// the checkpoint service only once the answer has ended.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from '../../../src/checkpoints/blobStore';
import type { Checkpoint } from '../../../src/checkpoints/record';
import { AnswerRecorder, type CurrentFiles } from '../../../src/checkpoints/recorder';
import { ChatController, type CheckpointPort } from '../../../src/chat/controller';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { FakeApi, FakeEnv, FakeTools, RecordingView, textEvents, textModel, until } from '../chat/fakes';

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
});
