// The chat view draws the stored chat from the page the host builds (src/shared/initialState.ts),
// not after a ready → state round trip. A webview view's document is destroyed when it is hidden
// and rebuilt from that same page when it is shown again: what the view shows then must be the
// conversation as it is now, never the page's older copy.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { freshChat, openChat, recoverFromFailure, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';

/** The first line of every message in the transcript. */
async function texts(chat: ChatView): Promise<string[]> {
  return chat.evaluate(() => Array.from(document.querySelectorAll('article[data-message-id]')).map((a) => ((a.querySelector('.user-text, .markdown') as HTMLElement | null)?.innerText ?? '').trim().split('\n')[0]));
}

async function hideChat(): Promise<void> {
  // The Explorer takes the side bar: the Venice view is hidden and its document destroyed.
  await e2e().vscode.bridge.run(`return vscode.commands.executeCommand('workbench.view.explorer')`);
}

describe('chat: opening the view from its page', function () {
  this.timeout(180_000);
  let chat: ChatView;

  before(async () => {
    chat = await freshChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
  });

  it('chat: an answer that ends while the view is hidden shows whole when it is shown again, and hiding again changes nothing', async () => {
    const { sim } = e2e();
    await chat.newChat();
    await chat.ask('first question');
    sim.enqueueChat({ steps: ['Started, ', { content: 'finished while hidden.', delayMs: 3_000 }] });
    const id = await chat.send('second question');
    await hideChat();
    // The answer ends meanwhile; nothing reaches the hidden view.
    await new Promise((r) => setTimeout(r, 4_000));
    chat = await openChat();
    await chat.waitForState(id, 'done');
    const expected = ['first question', 'You said: first question', 'second question', 'Started, finished while hidden.'];
    await until('the current conversation', async () => JSON.stringify(await texts(chat)) === JSON.stringify(expected), 20_000).catch(async () => assert.deepEqual(await texts(chat), expected));

    await hideChat();
    chat = await openChat();
    await until('the conversation again', async () => (await texts(chat)).length === 4, 20_000);
    assert.deepEqual(await texts(chat), expected, 'the same conversation, once');
    await chat.ask('third question');
    assert.equal((await texts(chat)).length, 6, 'and it goes on');
  });
});
