import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../../src/chat/controller';
import type { Attachment } from '../../../src/chat/model';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import type { AssistantMessageView } from '../../../src/shared/protocol';
import { VeniceError } from '../../../src/venice/errors';
import { FakeApi, FakeEnv, FakeTools, RecordingView, textEvents, textModel, until } from './fakes';

function attachment(label: string): Attachment {
  return { id: `att-${label.replace(/\W/g, '')}`, kind: 'selection', label, path: 'src/a.ts', content: 'const x = 1;', lines: 1, bytes: 12 };
}

describe('chat controller', () => {
  let dir: string;
  let api: FakeApi;
  let tools: FakeTools;
  let env: FakeEnv;
  let view: RecordingView;
  let controller: ChatController;

  const make = (opts: { persistMs?: number } = {}) => {
    const store = new ConversationStore(dir, nodeStorageFs, { warn: (m) => env.warnings.push(m) });
    return new ChatController(api.asApi(), tools, store, env, view, { batchMs: 1, persistMs: opts.persistMs ?? 1_000 });
  };
  // What the webview shows of the latest answer (rebuilt from deltas, patches and whole messages).
  const lastAnswer = (): AssistantMessageView => {
    const last = view.lastAnswer();
    assert.ok(last);
    return last;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-ctl-'));
    api = new FakeApi();
    api.models = [textModel('model-a', { availableContextTokens: 100_000 }), textModel('model-b')];
    tools = new FakeTools();
    env = new FakeEnv();
    view = new RecordingView();
    controller = make();
  });
  afterEach(async () => {
    controller.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a message: posts the question, streams batched deltas with the request id, ends done, and saves it', async () => {
    api.scripts.push({ events: textEvents('Hel', 'lo', '!') });
    await controller.onReady();
    assert.equal(view.of('state').length, 1, 'full state on ready');
    await controller.send('Say hello', []);
    await controller.idle();

    const added = view.of('messageAdded');
    assert.deepEqual(added.map((m) => m.message.role), ['user', 'assistant']);
    const busy = view.of('busy');
    assert.ok(busy[0].busy);
    const requestId = busy[0].busy.requestId;
    const deltas = view.of('delta');
    assert.ok(deltas.length >= 1);
    assert.ok(deltas.every((d) => d.requestId === requestId && d.channel === 'text'));
    assert.equal(deltas.map((d) => d.text).join(''), 'Hello!');
    assert.equal(busy[busy.length - 1].busy, null);
    const final = lastAnswer();
    assert.equal(final.state, 'done');
    assert.equal(final.rounds[0].text, 'Hello!');
    assert.equal(api.requests[0].model, 'model-a');

    const files = readdirSync(dir).filter((f) => f.startsWith('conv-'));
    assert.equal(files.length, 1);
    const saved = JSON.parse(readFileSync(join(dir, files[0]), 'utf8'));
    assert.equal(saved.title, 'Say hello');
    assert.equal(saved.entries[1].state, 'done');
  });

  it('resolves the default model from the "default" trait when the setting is empty', async () => {
    env.settingsValue.model = '';
    api.traits = { default: 'model-b' };
    await controller.send('hi', []);
    await controller.idle();
    assert.equal(api.requests[0].model, 'model-b');
  });

  it('flushes an answer in progress to disk, and a reload shows it as interrupted with the partial text', async () => {
    controller.dispose();
    controller = make({ persistMs: 5 });
    api.scripts.push({ events: [{ type: 'text', text: 'Partial answer' }], hang: true });
    await controller.send('Long question', []);
    const file = () => readdirSync(dir).find((f) => f.startsWith('conv-') && f.endsWith('.json') && !f.includes('.tmp-'));
    await until(() => {
      const f = file();
      return !!f && readFileSync(join(dir, f), 'utf8').includes('Partial answer');
    });
    const onDisk = JSON.parse(readFileSync(join(dir, file() ?? ''), 'utf8'));
    assert.equal(onDisk.entries[1].state, 'streaming', 'marked as in progress on disk');

    // A new extension host reads the same folder (the old one "crashed": it is never disposed).
    const view2 = new RecordingView();
    const store2 = new ConversationStore(dir, nodeStorageFs, { warn: () => undefined });
    const reloaded = new ChatController(api.asApi(), tools, store2, env, view2);
    await reloaded.onReady();
    const state = view2.of('state')[0].state;
    const answer = state.messages[1] as AssistantMessageView;
    assert.equal(answer.state, 'interrupted');
    assert.equal(answer.rounds[0].text, 'Partial answer');
    assert.equal(answer.error?.action, 'retry');
    reloaded.dispose();
  });

  it('preload() reads the stored chat while the webview loads, so ready answers from memory', async () => {
    api.scripts.push({ events: textEvents('Stored answer') });
    await controller.send('Stored question', []);
    await controller.idle();
    controller.dispose();

    // A new window: count what the store reads from disk, and when.
    const reads: string[] = [];
    const countingFs = { ...nodeStorageFs, readFile: (p: string) => (reads.push(p), nodeStorageFs.readFile(p)) };
    const view2 = new RecordingView();
    const reopened = new ChatController(api.asApi(), tools, new ConversationStore(dir, countingFs, { warn: () => undefined }), env, view2);
    reopened.preload();
    await until(() => reads.some((p) => /conv-[^/]*\.json$/.test(p)));
    assert.equal(view2.of('state').length, 0, 'nothing is posted before the webview is ready');
    const readsBeforeReady = reads.length;
    await reopened.onReady();
    assert.equal(reads.length, readsBeforeReady, 'ready reuses what preload read');
    const state = view2.of('state')[0].state;
    assert.deepEqual(
      state.messages.map((m) => m.role),
      ['user', 'assistant'],
    );
    reopened.dispose();
  });

  it('Stop aborts at once and keeps the partial answer, marked stopped', async () => {
    api.scripts.push({ events: [{ type: 'text', text: 'Some text' }], hang: true });
    await controller.send('q', []);
    await until(() => view.of('delta').length > 0);
    const requestId = view.of('busy')[0].busy?.requestId ?? '';
    controller.stop('not-the-current-request');
    assert.ok(view.of('busy').at(-1)?.busy, 'a stop for another request id does nothing');
    controller.stop(requestId);
    await controller.idle();
    const final = lastAnswer();
    assert.equal(final.state, 'stopped');
    assert.equal(final.rounds[0].text, 'Some text');
  });

  it('a failed send puts the text and context back, and the next send replaces the failed exchange', async () => {
    api.scripts.push({ events: [], thenThrow: new VeniceError({ kind: 'noKey', message: 'Set your Venice API key first.', action: 'setApiKey' }) });
    const att = attachment('a.ts:1-1');
    controller.addAttachment(att);
    await controller.send('My question', [att.id]);
    await controller.idle();
    const final = lastAnswer();
    assert.equal(final.state, 'error');
    assert.equal(final.error?.action, 'setApiKey');
    assert.deepEqual(view.of('restoreDraft').map((m) => m.text), ['My question']);
    assert.deepEqual(view.of('attachments').at(-1)?.attachments.map((a) => a.id), [att.id], 'the chip is back');

    view.clear();
    await controller.send('My question', [att.id]);
    await controller.idle();
    assert.equal(view.of('messagesRemoved').length, 1, 'the failed exchange left the transcript');
    const state = await controller.getStateAfterLoad();
    assert.deepEqual(state.messages.map((m) => m.role), ['user', 'assistant']);
    const sent = api.requests.at(-1)?.messages ?? [];
    assert.equal(sent.filter((m) => m.role === 'user').length, 1, 'the question is not sent twice');
  });

  it('regenerates the last answer without sending the old one', async () => {
    api.scripts.push({ events: textEvents('First try') }, { events: textEvents('Second try') });
    await controller.send('q', []);
    await controller.idle();
    const first = lastAnswer();
    await controller.regenerate(first.id);
    await controller.idle();
    assert.deepEqual(view.of('messagesRemoved').at(-1)?.messageIds, [first.id]);
    assert.equal(lastAnswer().rounds[0].text, 'Second try');
    assert.ok(!JSON.stringify(api.requests[1].messages).includes('First try'));
    const state = await controller.getStateAfterLoad();
    assert.equal(state.messages.length, 2);
  });

  it('edits the last question and resends; the old branch is dropped', async () => {
    api.scripts.push({ events: textEvents('Answer one') }, { events: textEvents('Answer two') });
    await controller.send('Original question', []);
    await controller.idle();
    const userId = view.of('messageAdded')[0].message.id;
    await controller.editLast(userId, 'Better question');
    await controller.idle();
    const sent = JSON.stringify(api.requests[1].messages);
    assert.ok(sent.includes('Better question'));
    assert.ok(!sent.includes('Original question') && !sent.includes('Answer one'));
    const state = await controller.getStateAfterLoad();
    assert.deepEqual(state.messages.map((m) => (m.role === 'user' ? m.text : m.rounds[0]?.text)), ['Better question', 'Answer two']);
  });

  it('shows an approval card and resolves it from the view; Stop rejects a pending approval', async () => {
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [{ id: 'c1', name: 'insert_text', arguments: '{"text":"x"}' }] }, { type: 'finish', reason: 'tool_calls' }] }, { events: textEvents('Inserted.') });
    const decisions: boolean[] = [];
    tools.handler = async (_c, ctx) => {
      const ok = await ctx.requestApproval({ toolCallId: 'c1', toolName: 'insert_text', title: 'Insert 1 line at a.ts:3', detail: 'x', warning: 'Sensitive file' });
      decisions.push(ok);
      return { ok, content: ok ? 'inserted' : 'rejected', summary: ok ? 'inserted' : 'rejected', rejected: !ok };
    };
    await controller.send('insert', []);
    await until(() => !!lastAnswer().rounds[0]?.toolCalls[0]?.approval);
    const card = lastAnswer().rounds[0].toolCalls[0];
    assert.equal(card.status, 'awaitingApproval');
    assert.equal(card.approval?.title, 'Insert 1 line at a.ts:3');
    assert.equal(card.approval?.warning, 'Sensitive file');
    controller.resolveApproval(card.approval?.approvalId ?? '', true);
    await controller.idle();
    assert.deepEqual(decisions, [true]);
    assert.equal(lastAnswer().rounds[0].toolCalls[0].status, 'done');

    // Second turn: stop while the card is showing.
    api.scripts.push({ events: [{ type: 'toolCalls', calls: [{ id: 'c2', name: 'insert_text', arguments: '{}' }] }, { type: 'finish', reason: 'tool_calls' }] });
    await controller.send('again', []);
    await until(() => !!lastAnswer().rounds[0]?.toolCalls[0]?.approval);
    controller.stop(view.of('busy').at(-1)?.busy?.requestId ?? '');
    await controller.idle();
    assert.deepEqual(decisions, [true, false]);
    assert.equal(lastAnswer().state, 'stopped');
  });

  it('shows a rate-limit wait while the client retries, and clears it when text arrives', async () => {
    api.scripts.push({
      before: (opts) => opts?.onRetry?.({ attempt: 1, delayMs: 5_000, status: 429, reason: 'rate limited' }),
      events: textEvents('Finally.'),
    });
    await controller.send('q', []);
    await controller.idle();
    const statuses = view.of('answerUpdated').map((m) => m.message.status);
    assert.ok(statuses.includes('Rate limited by Venice: retrying in 5 s (attempt 1)…'), JSON.stringify(statuses));
    assert.equal(lastAnswer().status, undefined);
    assert.equal(lastAnswer().rounds[0].text, 'Finally.');
  });

  // Issue 14 replaced "refuse and give the text back" with the message queue (test/unit/chat/queue.test.ts):
  // a second send into a chat that is still answering is not sent now, and not lost.
  it('does not send a second message into a chat that is still answering; it waits, queued, and goes out after Stop', async () => {
    api.scripts.push({ events: [], hang: true });
    await controller.send('first', []);
    await controller.send('second', []);
    assert.equal(api.requests.length <= 1, true);
    assert.deepEqual(view.of('queue').at(-1)?.queued.map((q) => q.text), ['second']);
    controller.stop(view.of('busy')[0].busy?.requestId ?? '');
    await controller.idle();
    assert.equal(api.requests.length, 2);
  });

  it('finds code blocks in its own copy of the answer for the editor buttons', async () => {
    api.scripts.push({ events: textEvents('Try:\n\n```ts\nconst a = 1;\n```\n\n- item\n\n      indented code\n') });
    await controller.send('code please', []);
    await controller.idle();
    const id = lastAnswer().id;
    assert.deepEqual(controller.codeBlock(id, 0), { code: 'const a = 1;\n', language: 'ts' });
    assert.equal(controller.codeBlock(id, 5), undefined);
    assert.equal(controller.codeBlock('unknown', 0), undefined);
  });

  it('saves the picked model as the user setting, and ignores ids that are not in the list', async () => {
    await controller.onReady();
    await until(() => view.of('models').some((m) => m.models.models.length === 2));
    await controller.selectModel('model-b');
    assert.deepEqual(env.savedModels, ['model-b']);
    assert.equal(view.of('models').at(-1)?.models.selected, 'model-b');
    await controller.selectModel('<img src=x onerror=alert(1)>');
    assert.deepEqual(env.savedModels, ['model-b']);
    await controller.selectModel('');
    assert.deepEqual(env.savedModels, ['model-b', '']);
  });

  it('starts new chats, switches between them, and deletes one', async () => {
    await controller.send('first chat', []);
    await controller.idle();
    const firstId = (await controller.getStateAfterLoad()).activeId;
    const secondId = await controller.newChat();
    assert.notEqual(secondId, firstId);
    assert.equal((await controller.getStateAfterLoad()).messages.length, 0);
    await controller.send('second chat', []);
    await controller.idle();
    await controller.switchTo(firstId);
    let state = await controller.getStateAfterLoad();
    assert.equal(state.activeId, firstId);
    assert.equal((state.messages[0] as { text: string }).text, 'first chat');
    assert.deepEqual(state.conversations.map((c) => c.title).sort(), ['first chat', 'second chat']);
    await controller.remove(firstId);
    state = await controller.getStateAfterLoad();
    assert.deepEqual(state.conversations.map((c) => c.title), ['second chat']);
    assert.equal(state.activeId, secondId, 'the remaining chat becomes active');
  });
});
