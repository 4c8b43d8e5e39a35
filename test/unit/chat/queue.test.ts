// Issue 14 §5, the host side of the message queue: a message sent while an answer streams in the
// same chat waits ("You (queued)"), can be removed, is saved with the chat, and goes out in order
// when the answer ends however it ends (done, Stop, error, a rejected tool); never dropped silently.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../../src/chat/controller';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import type { ChatCompletionRequest } from '../../../src/venice/types';
import { VeniceError } from '../../../src/venice/errors';
import { approvalAsker, FakeApi, FakeEnv, FakeTools, RecordingView, textEvents, textModel, until } from './fakes';

/** The text of the last user message of a request. */
function lastUserText(req: ChatCompletionRequest | undefined): string {
  const users = (req?.messages ?? []).filter((m) => m.role === 'user');
  const c = users.at(-1)?.content;
  return typeof c === 'string' ? c : '';
}

describe('chat: the message queue (issue 14)', () => {
  let dir: string;
  let api: FakeApi;
  let tools: FakeTools;
  let env: FakeEnv;
  let view: RecordingView;
  let controller: ChatController;

  const make = () => new ChatController(api.asApi(), tools, new ConversationStore(dir, nodeStorageFs, { warn: (m) => env.warnings.push(m) }), env, view, { batchMs: 1, persistMs: 1_000 });
  const busyId = () => view.of('busy').at(-1)?.busy?.requestId ?? '';
  const queuedTexts = () => view.of('queue').at(-1)?.queued.map((q) => q.text);
  const sentTexts = () => api.requests.map(lastUserText);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-queue-'));
    api = new FakeApi();
    api.models = [textModel('model-a')];
    tools = new FakeTools();
    env = new FakeEnv();
    view = new RecordingView();
    controller = make();
  });
  afterEach(async () => {
    controller.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues messages sent while an answer streams and sends them in order after Stop, each after the previous answer', async () => {
    api.scripts.push({ events: textEvents('Working…'), hang: true });
    await controller.send('first', []);
    await until(() => api.requests.length === 1);
    await controller.send('second', []);
    await controller.send('third', []);
    assert.deepEqual(queuedTexts(), ['second', 'third']);
    assert.equal(api.requests.length, 1, 'nothing more was sent while the answer streams');

    controller.stop(busyId());
    await controller.idle();
    assert.deepEqual(sentTexts(), ['first', 'second', 'third']);
    assert.deepEqual(queuedTexts(), []);
    // "second" went out with the stopped answer in its history, "third" after second's answer.
    const third = api.requests[2].messages.map((m) => (m.role === 'user' ? m.content : m.role));
    assert.deepEqual(third, ['first', 'assistant', 'second', 'assistant', 'third']);
  });

  it('sends the queue when the answer ends on its own, and after an error (the failed question stays, with its error card)', async () => {
    api.scripts.push({ events: textEvents('partial'), thenThrow: new VeniceError({ kind: 'server', message: 'Venice had a problem.' }) });
    api.scripts.push({ events: [], thenThrow: new VeniceError({ kind: 'server', message: 'Venice had a problem.' }) });
    // Held back until "q2" and "q3" are queued.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = api.streamChat;
    let calls = 0;
    api.streamChat = (req, opts) => {
      calls++;
      if (calls === 1) {
        const inner = original(req, opts);
        return (async function* () {
          await gate;
          yield* inner;
        })();
      }
      return original(req, opts);
    };
    await controller.send('q1', []);
    await controller.send('q2', []);
    await controller.send('q3', []);
    release();
    await controller.idle();
    assert.deepEqual(sentTexts(), ['q1', 'q2', 'q3']);
    // q2 failed with no answer at all while q3 waited: it was not put back into the input (where q3's
    // send could not be seen) but kept in the transcript, and q3's send did not remove it.
    assert.deepEqual(view.of('restoreDraft').map((m) => m.text), []);
    const saved = readdirSync(dir).filter((f) => f.startsWith('conv-'));
    await until(() => JSON.parse(readFileSync(join(dir, saved[0]), 'utf8')).entries.length === 6);
    const entries = JSON.parse(readFileSync(join(dir, saved[0]), 'utf8')).entries as Array<{ role: string; text?: string; state?: string }>;
    assert.deepEqual(entries.map((e) => e.text ?? e.state), ['q1', 'error', 'q2', 'error', 'q3', 'done']);
  });

  it('sends the queue after a rejected tool ends the answer', async () => {
    tools.handler = async (_call, ctx) => {
      const ok = await ctx.requestApproval({ ...approvalAsker().request, toolCallId: 'c1' });
      return { ok, content: ok ? 'inserted' : 'The user rejected this change.', summary: ok ? 'inserted' : 'rejected', rejected: !ok };
    };
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [{ id: 'c1', name: 'insert_text', arguments: '{"text":"x"}' }] }, { type: 'finish', reason: 'tool_calls' }] });
    api.scripts.push({ events: textEvents('Okay, I will not change it.') });
    await controller.send('edit it', []);
    await until(() => view.of('answerUpdated').some((m) => m.message.rounds.some((r) => r.toolCalls.some((c) => c.approval))));
    await controller.send('then explain', []);
    assert.deepEqual(queuedTexts(), ['then explain']);
    const approval = view.of('answerUpdated').flatMap((m) => m.message.rounds.flatMap((r) => r.toolCalls)).find((c) => c.approval)?.approval;
    controller.resolveApproval(approval?.approvalId ?? '', false);
    await controller.idle();
    assert.deepEqual(sentTexts().at(-1), 'then explain');
  });

  it('removes a queued message when asked; the rest still go out', async () => {
    api.scripts.push({ events: [], hang: true });
    await controller.send('first', []);
    await controller.send('keep me', []);
    await controller.send('remove me', []);
    const removeId = view.of('queue').at(-1)?.queued[1].id ?? '';
    await controller.removeQueued(removeId);
    assert.deepEqual(queuedTexts(), ['keep me']);
    controller.stop(busyId());
    await controller.idle();
    assert.deepEqual(sentTexts(), ['first', 'keep me']);
  });

  it('is saved with the chat at once: after a window reload the queue is shown and goes out when the chat view opens', async () => {
    api.scripts.push({ events: [], hang: true });
    await controller.send('before the reload', []);
    await controller.send('queued across the reload', []);
    await controller.getStateAfterLoad();
    // Saved = the chat's file holds the queue and the index (written last) names it, with that file's revision, as the open chat.
    await until(() => {
      const file = readdirSync(dir).map((f) => (f.startsWith('conv-') ? readFileSync(join(dir, f), 'utf8') : '')).find((t) => t.includes('queued across the reload'));
      if (!file) return false;
      const { id, revision } = JSON.parse(file) as { id: string; revision?: string };
      const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { activeId?: string; conversations: Array<{ id: string; revision?: string }> };
      return index.activeId === id && index.conversations.some((c) => c.id === id && c.revision === revision);
    });
    // The window goes away mid-answer (dispose: nothing more is sent from this process).
    controller.dispose();
    assert.equal(api.requests.length, 1);

    view = new RecordingView();
    controller = make();
    await controller.onReady();
    const state = view.of('state')[0].state;
    assert.deepEqual(state.queued?.map((q) => q.text), ['queued across the reload']);
    await until(() => api.requests.length === 2);
    await controller.idle();
    assert.equal(lastUserText(api.requests[1]), 'queued across the reload');
    assert.deepEqual(queuedTexts(), []);
  });

  it('takes the context chips with the queued message (they leave the composer) and sends them with it', async () => {
    api.scripts.push({ events: [], hang: true });
    await controller.send('first', []);
    controller.addAttachment({ id: 'att-1', kind: 'selection', label: 'a.ts:1-1', path: 'a.ts', content: 'const x = 1;', lines: 1, bytes: 12 });
    await controller.send('look at this', ['att-1']);
    assert.deepEqual(view.of('attachments').at(-1)?.attachments, []);
    assert.deepEqual(view.of('queue').at(-1)?.queued[0].attachments.map((a) => a.label), ['a.ts:1-1']);
    controller.stop(busyId());
    await controller.idle();
    assert.match(lastUserText(api.requests[1]), /look at this[\s\S]*const x = 1;/);
  });

  it('a message sent when nothing streams goes out at once, not into the queue', async () => {
    api.scripts.push({ events: textEvents('hi') });
    await controller.send('hello', []);
    await controller.idle();
    assert.equal(view.of('queue').length, 0);
    assert.deepEqual(sentTexts(), ['hello']);
  });
});
