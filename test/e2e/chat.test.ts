// Issue 3 in the real workbench: the chat view streams and renders answers, Stop, Regenerate, Edit,
// the Model select, the code block buttons acting on the real editor, and both themes. Every turn
// is scripted on the simulator and checked against the request bodies it received.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { e2e } from './context';
import { bodyOf, chatRequests, openChat, recoverFromFailure, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import {
  activeEditorText,
  closeAllEditors,
  openEditor,
  resetUserSettings,
  scratchFolder,
  setApiKey,
  setUserSetting,
  undoOnceIn,
  userSetting,
  widenSidebar,
} from './helpers/workbench';

const RICH_ANSWER = [
  { reasoning: 'The user wants a summary with code. ' },
  '# Release notes\n\n',
  'Venice **0.1** brings:\n\n',
  '- streaming answers\n',
  '- tools with approval\n\n',
  '| Feature | State |\n|:--|--:|\n| Chat | done |\n| Tools | done |\n\n',
  '> Private by design^1^.\n\n',
  '```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```\n',
];

describe('chat: streaming, Stop, Regenerate, Edit, Model and code blocks in the chat view', function () {
  this.timeout(120_000);
  let chat: ChatView;
  let files: ReturnType<typeof scratchFolder>;

  before(async () => {
    await setApiKey();
    await resetUserSettings();
    await closeAllEditors();
    files = scratchFolder('chat-e2e-view');
    chat = await openChat();
    await chat.newChat();
  });

  afterEach(async function () {
    // A test that failed halfway may leave a script queued or an answer running: start clean.
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
    await closeAllEditors();
  });

  after(async () => {
    await resetUserSettings();
    await closeAllEditors();
    files.remove();
  });

  it('chat: streams an answer and renders the heading, list, and highlighted code block', async () => {
    const { sim } = e2e();
    const from = sim.requests.length;
    sim.enqueueChat({
      steps: ['# Streaming works\n\n', 'A list:\n\n- first item\n', '- second item\n\n', '```ts\nconst answer: number = 42;\n```\n'],
      delayMs: 600,
    });
    const id = await chat.send('show me markdown');
    const answer = chat.message(id);
    // Seen while streaming: the heading is there before the answer is complete, and Stop replaces Send.
    await answer.locator('h1', { hasText: 'Streaming works' }).waitFor({ timeout: 15_000 });
    assert.equal(await answer.getAttribute('data-state'), 'streaming');
    assert.equal(await chat.button('Stop').isVisible(), true, 'Stop is offered while streaming');
    console.log(`      [screenshot] ${await e2e().vscode.screenshot('chat-streaming-midway')}`);
    await chat.waitForState(id, 'done');
    console.log(`      [screenshot] ${await e2e().vscode.screenshot('chat-streaming-done')}`);

    assert.deepEqual(await answer.locator('.markdown li').allInnerTexts(), ['first item', 'second item']);
    const code = answer.locator('pre code');
    assert.equal((await code.innerText()).trim(), 'const answer: number = 42;');
    assert.ok((await code.locator('.hljs-keyword').count()) >= 1, 'the TypeScript keyword is highlighted');
    assert.equal(await chat.button('Send').isVisible(), true, 'Send is back when the answer is done');
    // The question and this answer are the last ones (only they can be edited / regenerated).
    assert.equal(await chat.questions.last().getAttribute('data-last'), '');
    assert.equal(await answer.getAttribute('data-last'), '');

    const sent = chatRequests(from);
    assert.equal(sent.length, 1);
    const body = bodyOf(sent[0]);
    assert.equal(body.stream, true);
    assert.deepEqual(body.messages.at(-1), { role: 'user', content: 'show me markdown' });
  });

  it('chat: Stop keeps the partial answer, marks it stopped, and closes the connection', async () => {
    const { sim } = e2e();
    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['Partial words before the stop ', { hang: true }] });
    const id = await chat.send('please take your time');
    const answer = chat.message(id);
    await answer.getByText('Partial words before the stop').waitFor({ timeout: 15_000 });
    await chat.button('Stop').click();
    await chat.waitForState(id, 'stopped', 10_000);

    assert.match(await answer.locator('.markdown').innerText(), /Partial words before the stop/);
    assert.equal(await answer.locator('.state-badge').innerText(), 'Stopped');
    const req = chatRequests(from)[0];
    assert.ok(req, 'the simulator received the request');
    assert.equal(await sim.waitForClose(req, 10_000), true, 'the simulator saw the connection close');
    await chat.button('Send').waitFor({ state: 'visible', timeout: 5_000 });
  });

  it('chat: Regenerate replaces the last answer and sends the same history again', async () => {
    const { sim } = e2e();
    await chat.newChat();
    sim.enqueueChat({ steps: ['First take.'] });
    const firstId = await (await chat.ask('tell me a fact')).getAttribute('data-message-id');
    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['Second take.'] });
    await chat.answers.last().getByRole('button', { name: 'Regenerate' }).click();
    const secondId = await chat.nextAnswerAfter(firstId);
    await chat.waitForState(secondId, 'done');

    assert.equal(await chat.answers.count(), 1, 'the old answer was replaced, not kept');
    assert.match(await chat.message(secondId).innerText(), /Second take\./);
    assert.doesNotMatch(await chat.frame.locator('[role="log"]').innerText(), /First take\./);
    const sent = chatRequests(from);
    assert.equal(sent.length, 1);
    assert.deepEqual(bodyOf(sent[0]).messages, [{ role: 'user', content: 'tell me a fact' }], 'the old answer is not sent back');
  });

  it('chat: Edit and resend replaces the last question; the old branch is not sent again', async () => {
    const { sim } = e2e();
    await chat.newChat();
    sim.enqueueChat({ steps: ['Paris is the capital.'] });
    await chat.ask('what is the capital of France?');
    sim.enqueueChat({ steps: ['The first answer.'] });
    await chat.ask('original question');

    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['The answer to the edited question.'] });
    const before = (await chat.lastAnswer()).id;
    await chat.questions.last().getByRole('button', { name: 'Edit' }).click();
    const editBox = chat.frame.getByRole('textbox', { name: 'Edit message' });
    assert.equal(await editBox.inputValue(), 'original question');
    await editBox.fill('edited question');
    await chat.button('Send edited message').click();
    const id = await chat.nextAnswerAfter(before);
    await chat.waitForState(id, 'done');

    const log = await chat.frame.locator('[role="log"]').innerText();
    assert.doesNotMatch(log, /original question|The first answer/);
    assert.equal(await chat.questions.count(), 2);
    const sent = chatRequests(from);
    assert.equal(sent.length, 1);
    assert.deepEqual(bodyOf(sent[0]).messages, [
      { role: 'user', content: 'what is the capital of France?' },
      { role: 'assistant', content: 'Paris is the capital.' },
      { role: 'user', content: 'edited question' },
    ]);
  });

  it('chat: the Model select sets venice.chat.model and the next request uses it', async () => {
    const { sim } = e2e();
    const select = chat.frame.getByRole('combobox', { name: 'Model' });
    await until('the model list', async () => (await select.locator('option[value="kimi-k3"]').count()) > 0, 20_000);
    await select.selectOption('kimi-k3');
    await until('the user setting venice.chat.model', async () => (await userSetting('venice.chat.model')) === 'kimi-k3', 10_000);

    let from = sim.requests.length;
    sim.enqueueChat({ steps: ['Answered by Kimi.'] });
    const answer = await chat.ask('which model are you?');
    assert.equal(bodyOf(chatRequests(from)[0]).model, 'kimi-k3');
    assert.match(await answer.locator('.usage').innerText(), /kimi-k3/);

    // Back to "Default": the setting is removed and Venice's default model answers.
    await select.selectOption('');
    await until('the setting to be cleared', async () => (await userSetting('venice.chat.model')) === undefined, 10_000);
    from = sim.requests.length;
    sim.enqueueChat({ steps: ['Answered by the default.'] });
    await chat.ask('and now?');
    assert.equal(bodyOf(chatRequests(from)[0]).model, 'zai-org-glm-5-2');

    // A change made in Settings shows in the select.
    await setUserSetting('venice.chat.model', 'deepseek-v4-pro-0813');
    await until('the select to follow the setting', async () => (await select.inputValue()) === 'deepseek-v4-pro-0813', 10_000);
    await setUserSetting('venice.chat.model', undefined);
    await until('the select to show the default', async () => (await select.inputValue()) === '', 10_000);
  });

  it('chat: "Insert at cursor" puts a code block into the real editor, and one Undo reverts it', async () => {
    const { sim } = e2e();
    const rel = `${files.rel}/insert-target.ts`;
    writeFileSync(files.file('insert-target.ts'), 'const first = 1;\nconst last = 2;\n');
    sim.enqueueChat({ steps: ['Add this:\n\n```ts\nconst inserted = true;\n```\n'] });
    const answer = await chat.ask('give me a line of code');
    await openEditor(rel, { at: [1, 0] });

    await answer.getByRole('button', { name: 'Insert at cursor' }).click();
    const expected = 'const first = 1;\nconst inserted = true;\nconst last = 2;\n';
    await until('the code in the editor', async () => (await activeEditorText()) === expected, 10_000);
    assert.equal(await undoOnceIn(rel), 'const first = 1;\nconst last = 2;\n', 'one Undo removes the whole insertion');
  });

  it('chat: "Copy code" and "Replace selection" use the answer\'s code block', async () => {
    const { sim, vscode } = e2e();
    const rel = `${files.rel}/replace-target.txt`;
    writeFileSync(files.file('replace-target.txt'), 'keep OLD keep\n');
    sim.enqueueChat({ steps: ['Two blocks:\n\n```js\nlet a = 1;\n```\n\n```js\nlet replaced = true;\n```\n'] });
    const answer = await chat.ask('two snippets please');
    await openEditor(rel, { at: [0, 5], to: [0, 8] });

    await answer.getByRole('button', { name: 'Copy code' }).nth(1).click();
    await until('the clipboard', async () => (await vscode.bridge.run<string>(`return vscode.env.clipboard.readText()`)) === 'let replaced = true;\n', 10_000);
    await answer.getByRole('button', { name: 'Replace selection' }).nth(1).click();
    await until('the selection replaced', async () => (await activeEditorText()) === 'keep let replaced = true;\n keep\n', 10_000);
  });

  it('chat: a rich answer in the dark and the light theme (screenshots)', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    sim.enqueueChat({ steps: RICH_ANSWER, citations: [{ title: 'Venice privacy', url: 'https://venice.ai/privacy', content: 'No logs.' }] });
    const answer = await chat.ask('summarise the release, with code');
    await answer.locator('.sources li').first().waitFor({ timeout: 10_000 });
    assert.equal(await answer.locator('table td').count(), 4);
    assert.equal(await answer.locator('details.reasoning summary').innerText(), 'Thinking');

    const background = () => chat.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const themeClass = () => chat.evaluate(() => (document.body.classList.contains('vscode-light') ? 'light' : document.body.classList.contains('vscode-dark') ? 'dark' : 'other'));
    // A code block is one box: its lines carry no inline-code background of their own.
    const codeLineBackground = () => answer.locator('.code-block pre code').evaluate((el) => getComputedStyle(el).backgroundColor);
    await until('the dark theme', async () => (await themeClass()) === 'dark', 10_000);
    assert.equal(await codeLineBackground(), 'rgba(0, 0, 0, 0)');
    const dark = await background();

    const widened = await widenSidebar(260);
    try {
      await chat.questions.last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await vscode.screenshot('chat-dark');
      await setUserSetting('workbench.colorTheme', 'Default Light Modern');
      await until('the light theme in the webview', async () => (await themeClass()) === 'light', 20_000);
      await until('the light background', async () => (await background()) !== dark, 10_000);
      assert.ok(luminance(await background()) > luminance(dark), 'the light theme is lighter');
      assert.equal(await codeLineBackground(), 'rgba(0, 0, 0, 0)');
      await vscode.screenshot('chat-light');
    } finally {
      await setUserSetting('workbench.colorTheme', 'Default Dark Modern');
      await widenSidebar(-widened);
    }
    await until('the dark theme again', async () => (await themeClass()) === 'dark', 20_000);
  });
});

function luminance(cssColor: string): number {
  const [r, g, b] = (cssColor.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
