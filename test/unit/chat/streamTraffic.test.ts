import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../../src/chat/controller';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { answerDigest } from '../../../src/shared/answerDigest';
import type { StreamEvent } from '../../../src/venice/types';
import { FakeApi, FakeEnv, FakeTools, RecordingView, textModel } from './fakes';

const MARK = '§round';

/** One model response: `pieces` lines of text, a usage report every ten (each one changes the answer), then tool calls or the end. */
function roundEvents(round: number, pieces: number, toolCall?: string): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (let i = 0; i < pieces; i++) {
    events.push({ type: 'text', text: `Line ${i} ${MARK}${round}: ${'lorem ipsum '.repeat(15)}\n` });
    if (i % 10 === 9) events.push({ type: 'usage', usage: { prompt_tokens: 100, completion_tokens: i, total_tokens: 100 + i } });
  }
  if (toolCall) {
    events.push({ type: 'toolCalls', calls: [{ id: toolCall, name: 'read_file', arguments: '{"path":"src/a.ts"}' }] });
    events.push({ type: 'finish', reason: 'tool_calls' });
  } else events.push({ type: 'finish', reason: 'stop' });
  return events;
}

describe('chat streaming traffic: an answer\'s text crosses to the webview once', () => {
  let dir: string;
  let api: FakeApi;
  let view: RecordingView;
  let controller: ChatController;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-traffic-'));
    api = new FakeApi();
    api.models = [textModel('model-a', { availableContextTokens: 1_000_000 })];
    view = new RecordingView();
    const store = new ConversationStore(dir, nodeStorageFs, { warn: () => undefined });
    controller = new ChatController(api.asApi(), new FakeTools(), store, new FakeEnv(), view, { batchMs: 1 });
  });
  afterEach(() => {
    controller.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a long answer with tool rounds posts its text in deltas only, plus a bounded overhead', async () => {
    api.scripts.push({ events: roundEvents(0, 100, 'call-1') }, { events: roundEvents(1, 100, 'call-2') }, { events: roundEvents(2, 100) });
    await controller.send('Explain the code', []);
    await controller.idle();

    const answer = (await controller.getStateAfterLoad()).messages[1];
    assert.ok(answer.role === 'assistant');
    assert.equal(answer.rounds.length, 3);
    const textChars = answer.rounds.reduce((n, r) => n + r.text.length, 0);
    assert.ok(textChars > 50_000, `a long answer (${textChars} characters)`);

    // Every change but text (rounds, usage every ten lines, tool status, the end) was posted…
    const patches = view.of('answerUpdated');
    assert.ok(patches.length >= 30, `${patches.length} updates`);
    // …and none of them, nor anything else but the deltas, carried any of the text.
    const carriers = view.posts.filter((p) => p.type !== 'delta' && JSON.stringify(p).includes(MARK));
    assert.deepEqual(carriers.map((p) => p.type), [], 'only deltas carry the answer text');
    assert.equal(view.of('messageUpdated').length, 0, 'no whole message unless the webview asks');

    const posted = view.posts.reduce((n, p) => n + JSON.stringify(p).length, 0);
    // With a snapshot per change the 30+ updates would carry the text again and again (well over 1 M characters).
    assert.ok(posted < textChars + 40_000, `posted ${posted} characters for ${textChars} characters of text`);

    // The last update lets the webview check its copy: the host's lengths and digest.
    const last = patches[patches.length - 1];
    assert.equal(last.message.state, 'done');
    assert.deepEqual(
      last.message.rounds.map((r) => r.textLength),
      answer.rounds.map((r) => r.text.length),
    );
    assert.equal(last.digest, answerDigest(answer.rounds));
    assert.ok(patches.slice(0, -1).every((p) => p.digest === undefined), 'only the last update carries a digest');
    // What a webview assembles from these posts is exactly the host's answer.
    assert.ok(JSON.stringify(view.lastAnswer()) === JSON.stringify(answer), 'the assembled answer equals the host\'s');
  });

  it('every update during the answer states exactly the text posted before it', async () => {
    api.scripts.push({ events: roundEvents(0, 30, 'call-1') }, { events: roundEvents(1, 30) });
    api.scripts[0].before = (opts) => opts?.onRetry?.({ attempt: 1, delayMs: 2_000, status: 429, reason: 'rate limited' });
    await controller.send('q', []);
    await controller.idle();
    const posted = new Map<number, number>();
    for (const p of view.posts) {
      if (p.type === 'delta' && p.channel === 'text') posted.set(p.round, (posted.get(p.round) ?? 0) + p.text.length);
      if (p.type === 'answerUpdated') {
        assert.deepEqual(
          p.message.rounds.map((r) => r.textLength),
          p.message.rounds.map((_, i) => posted.get(i) ?? 0),
          'lengths match the deltas so far (no false alarm in the webview)',
        );
      }
    }
  });

  it('sends the whole message when the webview asks for it, after any text still held back', async () => {
    api.scripts.push({ events: [{ type: 'text', text: 'Partial' }], hang: true });
    await controller.send('q', []);
    const busy = view.of('busy')[0].busy;
    assert.ok(busy);
    while (!view.of('delta').length) await new Promise((r) => setTimeout(r, 1));
    controller.resend(busy.conversationId, busy.messageId);
    const whole = view.of('messageUpdated');
    assert.equal(whole.length, 1);
    assert.equal(whole[0].message.role === 'assistant' && whole[0].message.rounds[0].text, 'Partial');
    controller.resend('other-conversation', busy.messageId);
    controller.resend(busy.conversationId, 'unknown-message');
    assert.equal(view.of('messageUpdated').length, 1, 'nothing for a message that is not in that chat');
    controller.stop(busy.requestId);
    await controller.idle();
  });
});
