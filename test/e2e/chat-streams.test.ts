// Issue 18, "Streams", in the real workbench: an answer that lost an unreadable piece of its stream
// carries a visible "May be incomplete" marker (its accessible name is the full sentence), and a
// context-length error inside the stream offers a larger model or a new chat instead of Retry.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { type ChatView, freshChat, recoverFromFailure } from './helpers/chat';

describe('chat streams: incomplete answers and context overflow', function () {
  this.timeout(120_000);
  let chat: ChatView;

  before(async () => {
    chat = await freshChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
  });

  it('chat streams: a truncated piece of the stream marks the answer "May be incomplete"', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    // The middle event is cut off mid-JSON (as by a broken proxy): its text is lost, the rest arrives.
    sim.enqueueChat({ steps: ['Hello ', { raw: 'data: {"choices":[{"index":0,"delta":{"content":"wo\n\n' }, 'ld, the rest arrived.'] });
    const answer = await chat.ask('say hello');
    const marker = answer.getByRole('note', { name: /^This answer may be incomplete: Venice sent one piece of it that could not be read and was skipped\.$/ });
    await marker.waitFor({ timeout: 10_000 });
    assert.equal(await marker.innerText(), 'May be incomplete');
    assert.match(await answer.locator('.markdown').innerText(), /Hello ld, the rest arrived\./);
    await vscode.screenshot('streams-incomplete-marker');

    // An answer that arrived whole has no marker.
    const clean = await chat.ask('again, whole');
    assert.equal(await clean.getByRole('note', { name: /may be incomplete/ }).count(), 0);
  });

  it('chat streams: a context-length error inside the stream offers Choose model and New chat, not Retry', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    sim.enqueueChat({
      steps: [
        'Let me look at ',
        { error: { message: "This model's maximum context length is 32768 tokens. However, your messages resulted in 40120 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
      ],
    });
    const id = await chat.send('read the whole repository');
    const answer = await chat.waitForState(id, 'error', 20_000);
    const card = answer.locator('.error-card');
    assert.match(await card.innerText(), /too long for the model's context window/);
    assert.equal(await card.getByRole('button', { name: 'Retry', exact: true }).count(), 0, 'Retry cannot help here');
    await card.getByRole('button', { name: 'Choose model', exact: true }).waitFor({ timeout: 5_000 });
    await vscode.screenshot('streams-context-overflow');
    await card.getByRole('button', { name: 'New chat', exact: true }).click();
    await chat.frame.locator('article').first().waitFor({ state: 'detached', timeout: 15_000 });
  });
});
