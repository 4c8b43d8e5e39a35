// Issue 3 in the real workbench, the hostile and broken cases: an answer made of XSS and beacon
// payloads renders as inert text, a missing key is fixed from the answer itself, a 429 waits and
// retries on its own, and a failing server shows its error inline with Retry.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { bodyOf, chatRequests, recoverFromFailure, type ChatView, freshChat } from './helpers/chat';
import { graceForAbsence, until } from './helpers/wait';
import { clearApiKey, closeAllEditors, resetUserSettings, setApiKey, setUserSetting } from './helpers/workbench';

/** Every payload sets window.__pwned and the document title if it ever runs. */
function hostileAnswer(capture: string): string[] {
  return [
    '# Totally normal answer\n\n',
    '<script>window.__pwned = "script"; document.title = "pwned-script";</script>\n\n',
    '<img src=x onerror="window.__pwned = \'img-onerror\'; document.title = \'pwned-img\'">\n\n',
    '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>\n\n',
    `<iframe src="${capture}/iframe"></iframe>\n\n`,
    '[js link](javascript:window.__pwned=\'js-link\') and [command link](command:workbench.action.files.newUntitledFile) ',
    'and [data link](data:text/html,<script>parent.__pwned=1</script>)\n\n',
    '<a href="javascript:window.__pwned=\'raw-anchor\'">raw anchor</a>\n\n',
    `![inline beacon](${capture}/inline.png)\n\n`,
    '![reference beacon][pixel]\n\n',
    `[pixel]: ${capture}/reference.png\n\n`,
    `<img src="${capture}/raw.png">\n\n`,
    `<style>body { background: url(${capture}/css.png) }</style>\n\n`,
    `<link rel="stylesheet" href="${capture}/style.css">\n\n`,
    `<video poster="${capture}/poster.png"></video>\n\n`,
    'The end.\n',
  ];
}

describe('chat: hostile answers, missing key, rate limits and server errors', function () {
  this.timeout(120_000);
  let chat: ChatView;

  before(async () => {
    chat = await freshChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await setApiKey();
      chat = await recoverFromFailure(this.currentTest.title);
    }
  });

  after(async () => {
    await setApiKey();
    await resetUserSettings();
    await closeAllEditors();
    // The key prompts left toasts ("key removed", "key saved"): suites after this one start without them.
    await e2e().vscode.bridge.run(`await vscode.commands.executeCommand('notifications.clearAll'); return true`);
  });

  it('chat: an answer full of XSS payloads runs nothing, loads no remote image and contacts no other server', async () => {
    const { sim, capture, vscode } = e2e();
    const workbenchTitle = await vscode.page.title();
    const untitledBefore = await vscode.bridge.run<number>(`return vscode.workspace.textDocuments.filter((d) => d.isUntitled).length`);
    sim.enqueueChat({ steps: hostileAnswer(capture.url) });
    const answer = await chat.ask('say something nice');
    const md = answer.locator('.markdown');
    await md.getByText('The end.').waitFor({ timeout: 10_000 });

    // Shown as text, not as elements.
    assert.equal(await md.locator('script, img, svg, iframe, style, link, video, object, embed').count(), 0, 'no active or remote-loading elements');
    assert.match(await md.innerText(), /Image not loaded: inline beacon/);
    assert.match(await md.innerText(), /Image not loaded: reference beacon/);
    for (const a of await md.locator('a').all()) {
      assert.match((await a.getAttribute('href')) ?? '', /^https?:/, 'only http(s) links survive');
    }
    // The dangerous links stay visible as plain text; clicking them does nothing.
    const text = await md.innerText();
    for (const literal of ['[js link](javascript:', '[command link](command:', '[data link](data:', '<a href="javascript:']) assert.ok(text.includes(literal), `shown as text: ${literal}`);
    for (const label of ['js link', 'command link', 'data link', 'raw anchor']) await md.getByText(label).first().click();
    await graceForAbsence();
    const pwned = await chat.evaluate(() => ({ flag: (window as unknown as { __pwned?: unknown }).__pwned ?? null, title: document.title }));
    assert.deepEqual(pwned, { flag: null, title: 'Venice Chat' }, 'no payload ran in the webview');
    assert.equal(await vscode.page.title(), workbenchTitle, 'the workbench title is untouched');
    assert.equal(await vscode.bridge.run<number>(`return vscode.workspace.textDocuments.filter((d) => d.isUntitled).length`), untitledBefore, 'the command: link ran nothing');
    assert.deepEqual(capture.hits, [], 'no request reached the capture server');
  });

  it('chat: without a key the answer offers "Set API Key" inline, keeps the typed text, and works once the key is set', async () => {
    const { sim, vscode, validKey } = e2e();
    await chat.newChat();
    await clearApiKey();
    const from = sim.requests.length;
    const id = await chat.send('keyless question');
    const answer = await chat.waitForState(id, 'error', 15_000);
    const setKey = answer.getByRole('button', { name: 'Set API Key' });
    await setKey.waitFor({ timeout: 5_000 });
    assert.match(await answer.locator('.error-card').innerText(), /API key/i);
    await until('the typed text back in the input', async () => (await chat.input.inputValue()) === 'keyless question', 5_000);
    assert.equal(chatRequests(from).length, 0, 'nothing was sent without a key');

    // The button opens VS Code's own key prompt; the key typed there is used by Retry.
    await setKey.click();
    const prompt = vscode.page.locator('.quick-input-widget input[type="password"]');
    await prompt.waitFor({ state: 'visible', timeout: 10_000 });
    await prompt.fill(validKey);
    await prompt.press('Enter');
    await vscode.page.locator('.notification-toast', { hasText: 'Venice API key saved' }).first().waitFor({ timeout: 15_000 });
    assert.ok(sim.requests.slice(from).some((r) => r.headers.authorization === `Bearer ${validKey}`), 'the key was checked with Venice');

    await answer.getByRole('button', { name: 'Retry' }).click();
    const retried = await chat.nextAnswerAfter(id);
    const done = await chat.waitForState(retried, 'done');
    assert.match(await done.innerText(), /You said: keyless question/);
    assert.equal(await chat.input.inputValue(), '', 'Retry sent the message, so the restored draft is gone');
    assert.equal(await chat.questions.count(), 1, 'the question is not duplicated');
  });

  it('chat: a 429 with Retry-After shows the wait and retries by itself', async () => {
    const { sim } = e2e();
    await chat.newChat();
    const from = sim.requests.length;
    sim.enqueueChat({ fault: { kind: 'status', status: 429, body: { error: 'Rate limited' }, headers: { 'retry-after': '3' } } });
    sim.enqueueChat({ steps: ['Recovered after the wait.'] });
    const id = await chat.send('are you busy?');
    const answer = chat.message(id);
    const status = answer.locator('.status-line');
    await status.filter({ hasText: /Rate limited by Venice: retrying in 3 s/ }).waitFor({ timeout: 10_000 });
    assert.equal(await answer.getAttribute('data-state'), 'streaming', 'still working on it while waiting');

    await chat.waitForState(id, 'done', 20_000);
    assert.match(await answer.innerText(), /Recovered after the wait\./);
    assert.equal(await status.isVisible(), false, 'the wait notice is gone once the answer arrives');
    const sent = chatRequests(from);
    assert.equal(sent.length, 2, 'one retry');
    assert.deepEqual(bodyOf(sent[1]).messages, bodyOf(sent[0]).messages);
  });

  it('chat: a server error shows inline with Retry, never its HTML, and Retry answers', async () => {
    const { sim } = e2e();
    await chat.newChat();
    await setUserSetting('venice.request.maxRetries', 0);
    try {
      const from = sim.requests.length;
      sim.enqueueChat({ fault: { kind: 'status', status: 502, body: '<html><body><h1>Bad gateway</h1><script>window.__pwned=1</script></body></html>', contentType: 'text/html' } });
      const id = await chat.send('hello?');
      const answer = await chat.waitForState(id, 'error', 20_000);
      const card = answer.locator('.error-card');
      assert.equal(await card.getAttribute('role'), 'alert');
      const message = await until('the error message', async () => (await card.textContent())?.trim(), 5_000);
      assert.match(message, /502|unavailable|not answering|server/i);
      assert.doesNotMatch(message, /<html>|<script>|Bad gateway<\/h1>/);
      assert.equal(await answer.locator('.state-badge').innerText(), 'Failed');
      assert.equal(chatRequests(from).length, 1);

      await answer.getByRole('button', { name: 'Retry' }).click();
      const retried = await chat.nextAnswerAfter(id);
      assert.match(await (await chat.waitForState(retried, 'done')).innerText(), /You said: hello\?/);
      assert.equal(await chat.answers.count(), 1, 'the failed answer was replaced');
    } finally {
      await setUserSetting('venice.request.maxRetries', undefined);
    }
  });
});
