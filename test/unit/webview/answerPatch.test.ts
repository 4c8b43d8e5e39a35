import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatController } from '../../../src/chat/controller';
import { nodeStorageFs } from '../../../src/chat/storageFs';
import { ConversationStore } from '../../../src/chat/store';
import { answerDigest } from '../../../src/shared/answerDigest';
import { parseToHost, type AnswerPatchView, type AssistantMessageView, type ToWebview } from '../../../src/shared/protocol';
import { mergeAnswerPatch } from '../../../webview-ui/chat/answerPatch';
import { FakeApi, FakeEnv, FakeTools, textModel, until } from '../chat/fakes';
import { answer, harness, state, user, type Harness } from './appHarness';

const patchOf = (v: AssistantMessageView): AnswerPatchView => ({
  ...v,
  rounds: v.rounds.map((r) => ({ textLength: r.text.length, reasoningLength: r.reasoning.length, toolCalls: r.toolCalls })),
});

describe('answer patches: the webview keeps its streamed text and checks it', () => {
  it('keeps the local text, takes everything else from the patch, and adds new rounds empty', () => {
    const local = answer('a1', 'Hello', { state: 'streaming' });
    const host = answer('a1', 'Hello', { state: 'streaming', usage: { promptTokens: 3, completionTokens: 1 }, notes: ['note'] });
    host.rounds.push({ text: '', reasoning: '', toolCalls: [] });
    const merged = mergeAnswerPatch(local, patchOf(host));
    assert.equal(merged.inSync, true);
    assert.deepEqual(merged.view, host);
  });

  it('is out of sync when a round is shorter or longer than the host says', () => {
    const host = answer('a1', 'Hello world', { state: 'streaming' });
    assert.equal(mergeAnswerPatch(answer('a1', 'Hello', { state: 'streaming' }), patchOf(host)).inSync, false, 'short');
    assert.equal(mergeAnswerPatch(answer('a1', 'Hello worldworld', { state: 'streaming' }), patchOf(host)).inSync, false, 'long');
    const twoRounds = answer('a1', 'Hello world', { rounds: [host.rounds[0], { text: 'x', reasoning: '', toolCalls: [] }] });
    assert.equal(mergeAnswerPatch(twoRounds, patchOf(host)).inSync, false, 'a round the host does not have');
  });

  it('the final digest catches text of the right length that is not the host\'s', () => {
    const host = answer('a1', 'Hello world');
    const digest = answerDigest(host.rounds);
    assert.equal(mergeAnswerPatch(answer('a1', 'Hello world'), patchOf(host), digest).inSync, true);
    assert.equal(mergeAnswerPatch(answer('a1', 'Hello wordl'), patchOf(host), digest).inSync, false);
    // Text that slid from one round (or channel) to the next changes the digest too.
    const split = (a: string, b: string) => [{ text: a, reasoning: '' }, { text: b, reasoning: '' }];
    assert.notEqual(answerDigest(split('ab', 'c')), answerDigest(split('a', 'bc')));
    assert.notEqual(answerDigest([{ text: 'ab', reasoning: '' }]), answerDigest([{ text: 'a', reasoning: 'b' }]));
  });

  it('the app draws a patch with its streamed text, and asks once for the whole message when text is missing', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Q'), answer('a1', '', { state: 'streaming' })] }) });
    h.send({ type: 'busy', busy: { requestId: 'req1', conversationId: 'conv1', messageId: 'a1' } });
    h.send({ type: 'delta', requestId: 'req1', conversationId: 'conv1', messageId: 'a1', round: 0, channel: 'text', text: 'Streamed **text**' });
    const host = answer('a1', 'Streamed **text**', { state: 'streaming', usage: { promptTokens: 1200, completionTokens: 34 } });
    h.send({ type: 'answerUpdated', conversationId: 'conv1', message: patchOf(host) });
    h.frame();
    const article = h.doc.querySelector('article[data-message-id="a1"]') as HTMLElement;
    assert.equal(article.querySelector('.markdown strong')?.textContent, 'text');
    assert.match(article.querySelector('.usage')?.textContent ?? '', /1\.2k in · 34 out/);
    assert.deepEqual(h.posted.filter((m) => m.type === 'resendMessage'), [], 'in sync: nothing asked');

    // The host has more text than arrived here (a delta went missing).
    const ahead = answer('a1', 'Streamed **text** and more', { state: 'done' });
    h.send({ type: 'answerUpdated', conversationId: 'conv1', message: patchOf(ahead), digest: answerDigest(ahead.rounds) });
    h.send({ type: 'answerUpdated', conversationId: 'conv1', message: patchOf(ahead), digest: answerDigest(ahead.rounds) });
    assert.deepEqual(h.posted.filter((m) => m.type === 'resendMessage'), [{ type: 'resendMessage', conversationId: 'conv1', messageId: 'a1' }], 'asked once');
    h.send({ type: 'messageUpdated', conversationId: 'conv1', message: ahead });
    h.frame();
    assert.match(article.querySelector('.markdown')?.textContent ?? '', /and more/);
    assert.equal(article.getAttribute('data-state'), 'done');
  });
});

/** The host's controller talking to the real webview app, with a hook that can lose or spoil a delta on the way. */
function wire(h: Harness, spoil: (m: Extract<ToWebview, { type: 'delta' }>, n: number) => ToWebview | undefined) {
  let deltas = 0;
  return {
    post(m: ToWebview) {
      const out = m.type === 'delta' ? spoil(m, deltas++) : m;
      if (out) h.send(out);
    },
  };
}

describe('answer patches between the real host and the real webview', () => {
  let dir: string;
  let api: FakeApi;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-chat-wire-'));
    api = new FakeApi();
    api.models = [textModel('model-a')];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(spoil: Parameters<typeof wire>[1]) {
    const h = harness();
    const store = new ConversationStore(dir, nodeStorageFs, { warn: () => undefined });
    const controller = new ChatController(api.asApi(), new FakeTools(), store, new FakeEnv(), wire(h, spoil), { batchMs: 1 });
    // Text, then a usage report (an update in the middle of the answer), then more text.
    api.scripts.push({
      events: [
        { type: 'text', text: 'First part. ' },
        { type: 'usage', usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } },
        { type: 'text', text: 'Second part.' },
        { type: 'finish', reason: 'stop' },
      ],
    });
    await controller.onReady();
    await controller.send('q', []);
    // The webview's requests reach the host the way the router hands them over.
    let handled = 0;
    const deliver = () => {
      for (; handled < h.posted.length; handled++) {
        const m = parseToHost(JSON.parse(JSON.stringify(h.posted[handled])));
        if (m?.type === 'resendMessage') controller.resend(m.conversationId, m.messageId);
      }
    };
    await until(() => {
      deliver();
      h.frame();
      return view(h)?.getAttribute('data-state') === 'done';
    });
    await controller.idle();
    deliver();
    for (let i = 0; i < 10; i++) h.frame();
    controller.dispose();
    return { h, resends: h.posted.filter((m) => m.type === 'resendMessage').length, text: (view(h)?.querySelector('.markdown')?.textContent ?? '').trim() };
  }
  const view = (h: Harness) => h.doc.querySelectorAll<HTMLElement>('article[aria-label="Venice"]')[0];

  it('a clean stream needs no whole message', async () => {
    const r = await run((m) => m);
    assert.equal(r.resends, 0);
    assert.equal(r.text, 'First part. Second part.');
  });

  it('a lost delta is noticed at the next update and the whole message repairs it', async () => {
    const r = await run((m, n) => (n === 0 ? undefined : m));
    assert.equal(r.resends, 1);
    assert.equal(r.text, 'First part. Second part.');
  });

  it('spoiled text of the right length is caught by the digest at the end', async () => {
    const r = await run((m, n) => (n === 1 ? { ...m, text: m.text.replace('Second', 'Sekond') } : m));
    assert.equal(r.resends, 1);
    assert.equal(r.text, 'First part. Second part.');
  });
});
