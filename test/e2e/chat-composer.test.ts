// Issue 14 §4 and §5 in the real workbench, driven through the chat webview as a user would:
// an image pasted into the composer (a real ClipboardEvent carrying a DataTransfer file) becomes a
// chip with a thumbnail, goes to a vision model as an image_url data URL and shows in the transcript;
// a model without vision refuses before sending and offers the switch; Enter while an answer streams
// queues the message ("You (queued)"), a queued message can be removed, survives the view being
// hidden, goes out in order after Stop, and after a window reload is sent when the chat opens.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { bodyOf, chatRequests, openChat, recoverFromFailure, freshChat, type ChatView } from './helpers/chat';
import { storedConversation } from './helpers/storage';
import { until } from './helpers/wait';
import { scratchFolder, setUserSetting } from './helpers/workbench';
import { writeFileSync } from 'node:fs';
import { encodePng } from '../fixtures/simulator/images';

const VISION_MODEL = 'qwen-3-8-27b';
const TEXT_MODEL = 'zai-org-glm-5-2';

function pngBase64(w: number, h: number, rgb: [number, number, number]): string {
  return Buffer.from(encodePng(w, h, rgb)).toString('base64');
}

async function paste(chat: ChatView, name: string, base64: string): Promise<void> {
  // Runs in the webview: a paste as the browser makes it for a screenshot in the clipboard (a
  // ClipboardEvent carrying a DataTransfer file). No named inner functions: the page has no helpers.
  const handled = await chat.input.evaluate(
    (el, a) => {
      const bin = atob(a.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], a.name, { type: a.type }));
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      el.dispatchEvent(ev);
      return ev.defaultPrevented;
    },
    { name, base64, type: 'image/png' },
  );
  assert.equal(handled, true, 'the composer took the pasted image');
}

function imageChip(chat: ChatView, name: string) {
  return chat.frame.locator('ul[aria-label="Attached context"] li.image-chip', { hasText: name });
}

function queued(chat: ChatView) {
  return chat.frame.locator('article[aria-label="You (queued)"]');
}

async function queuedTexts(chat: ChatView): Promise<string[]> {
  return (await queued(chat).locator('.user-text').allInnerTexts()).map((t) => t.trim());
}

/** The text of the last user message of a recorded chat request (text parts joined). */
function lastUserText(body: ReturnType<typeof bodyOf>): string {
  const m = body.messages.filter((x) => x.role === 'user').at(-1);
  const c = m?.content as unknown;
  if (typeof c === 'string') return c;
  return Array.isArray(c) ? c.filter((p: { type: string }) => p.type === 'text').map((p: { text: string }) => p.text).join(' ') : '';
}

describe('chat: images and the message queue (issue 14)', function () {
  this.timeout(180_000);
  let chat: ChatView;

  before(async () => {
    chat = await freshChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
  });

  after(async () => {
    await setUserSetting('venice.chat.model', undefined);
  });

  it('chat: a pasted image becomes a chip with a thumbnail, goes to a vision model as an image_url data URL, and shows in the transcript', async () => {
    const { sim, vscode } = e2e();
    await setUserSetting('venice.chat.model', VISION_MODEL);
    await chat.newChat();
    const base64 = pngBase64(160, 96, [220, 60, 40]);
    await paste(chat, 'screenshot.png', base64);
    const chip = imageChip(chat, 'screenshot.png');
    await chip.waitFor({ timeout: 15_000 });
    assert.match(await chip.innerText(), /160×96/);
    const thumb = chip.locator('img.chip-thumb');
    assert.equal(await thumb.getAttribute('src'), `data:image/png;base64,${base64}`);
    assert.equal(await thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth), 160, 'the thumbnail really renders (CSP allows data: images)');
    await chat.input.fill('What colour is this?');
    console.log(`      [screenshot] ${await vscode.screenshot('composer-image-chip')}`);

    const from = sim.requests.length;
    const id = await chat.send('What colour is this?');
    await chat.waitForState(id, 'done');
    const body = bodyOf(chatRequests(from)[0]);
    assert.equal(body.model, VISION_MODEL);
    assert.deepEqual(body.messages.at(-1), {
      role: 'user',
      content: [
        { type: 'text', text: 'What colour is this?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${base64}` } },
      ],
    });
    assert.equal(await imageChip(chat, 'screenshot.png').count(), 0, 'the chip left the composer');
    const shown = chat.questions.last().locator('ul[aria-label="Images"] img');
    assert.equal(await shown.getAttribute('alt'), 'screenshot.png');
    assert.equal(await shown.evaluate((img) => (img as HTMLImageElement).naturalHeight), 96);
    console.log(`      [screenshot] ${await vscode.screenshot('composer-image-transcript')}`);
  });

  it('chat: the paperclip opens a menu whose "Attach Image…" picks a file through VS Code\'s open dialog and makes a chip', async () => {
    const { vscode } = e2e();
    const folder = scratchFolder('paperclip-images');
    try {
      writeFileSync(folder.file('picked.png'), encodePng(120, 80, [40, 120, 220]));
      await chat.newChat();
      const paperclip = chat.frame.getByRole('button', { name: 'Attach', exact: true });
      await paperclip.click();
      const menu = chat.frame.getByRole('menu', { name: 'Attach' });
      await menu.waitFor({ timeout: 15_000 });
      assert.deepEqual((await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim()), ['Attach Image…', 'Add selection or file as context', 'Mention context (@)…']);
      console.log(`      [screenshot] ${await vscode.screenshot('composer-paperclip-menu')}`);
      await menu.getByRole('menuitem', { name: 'Attach Image…' }).click();
      assert.equal(await menu.isVisible(), false, 'picking closes the menu');
      // code-server's open dialog is VS Code's simple file dialog: a quick input that takes a path.
      const page = vscode.page;
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 20_000 });
      await input.fill(folder.file('picked.png'));
      // The dialog lists the folder once it has read it; then its "Attach" button takes the typed path.
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'picked.png' }).first().waitFor({ timeout: 20_000 });
      // Its completion may rewrite the value while it reads the folder: type the path again if so.
      if ((await input.inputValue()) !== folder.file('picked.png')) await input.fill(folder.file('picked.png'));
      await page.locator('.quick-input-widget .monaco-button', { hasText: 'Attach' }).first().click();
      const chip = imageChip(chat, 'picked.png');
      await chip.waitFor({ timeout: 20_000 });
      assert.match(await chip.innerText(), /120×80/);
      await chip.getByRole('button', { name: 'Remove picked.png' }).click();
      await until('the chip is removed', async () => ((await imageChip(chat, 'picked.png').count()) === 0 ? true : undefined));
    } finally {
      // A dialog left open (a failed pick) would block the suites that follow.
      if (await vscode.page.locator('.quick-input-widget input').isVisible()) await vscode.page.keyboard.press('Escape');
      folder.remove();
    }
  });

  it('chat: an image too small for Venice is refused in the composer with the reason, and never sent', async () => {
    const { sim } = e2e();
    const from = sim.requests.length;
    await paste(chat, 'icon.png', pngBase64(32, 32, [0, 0, 0]));
    const notice = chat.frame.locator('.composer-notice[role="alert"]');
    await notice.getByText('"icon.png" is 32×32 pixels; Venice needs at least 64 pixels on each side.').waitFor({ timeout: 15_000 });
    assert.equal(await imageChip(chat, 'icon.png').count(), 0);
    assert.equal(chatRequests(from).length, 0);
    await chat.button('Dismiss').click();
  });

  it('chat: a model without vision refuses the image before sending and offers a switch to a vision model', async () => {
    const { sim, vscode } = e2e();
    await setUserSetting('venice.chat.model', TEXT_MODEL);
    await chat.newChat();
    await paste(chat, 'diagram.png', pngBase64(100, 100, [20, 120, 220]));
    await imageChip(chat, 'diagram.png').waitFor({ timeout: 15_000 });
    const from = sim.requests.length;
    await chat.input.fill('Explain this diagram');
    await chat.input.press('Enter');
    const notice = chat.frame.locator('.composer-notice[role="alert"]');
    await notice.getByText(/GLM 5\.2 cannot read images, so this message with an image was not sent/).waitFor({ timeout: 15_000 });
    await until('the text back in the input', async () => (await chat.input.inputValue()) === 'Explain this diagram', 10_000);
    assert.equal(chatRequests(from).length, 0, 'nothing went to Venice');
    assert.equal(await imageChip(chat, 'diagram.png').count(), 1, 'the image is still attached');
    console.log(`      [screenshot] ${await vscode.screenshot('composer-vision-refusal')}`);

    const swap = notice.getByRole('button', { name: /^Switch to / });
    await swap.click();
    await until('a vision model chosen', async () => {
      const v = await vscode.bridge.run<string>(`return vscode.workspace.getConfiguration('venice').get('chat.model')`);
      return v && v !== TEXT_MODEL ? v : undefined;
    }, 10_000);
    const id = await chat.send('Explain this diagram');
    await chat.waitForState(id, 'done');
    const body = bodyOf(chatRequests(from)[0]);
    assert.notEqual(body.model, TEXT_MODEL);
    assert.ok(JSON.stringify(body.messages.at(-1)).includes('"image_url"'));
  });

  it('chat: Enter while an answer streams queues the message; one can be removed; the rest go out in order after Stop', async () => {
    const { sim, vscode } = e2e();
    await setUserSetting('venice.chat.model', undefined);
    await chat.newChat();
    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['Working on the first one ', { hang: true }] });
    const first = await chat.send('first message');
    await chat.message(first).getByText('Working on the first one').waitFor({ timeout: 15_000 });

    for (const text of ['second message', 'drop this one', 'third message']) {
      await chat.input.fill(text);
      await chat.input.press('Enter');
    }
    await until('three queued messages', async () => ((await queuedTexts(chat)).length === 3 ? true : undefined), 15_000);
    assert.deepEqual(await queuedTexts(chat), ['second message', 'drop this one', 'third message']);
    assert.equal(await chat.input.inputValue(), '', 'the input is free for the next one');
    assert.equal(chatRequests(from).length, 1, 'nothing else went out while the answer streams');
    console.log(`      [screenshot] ${await vscode.screenshot('composer-queued')}`);

    await queued(chat).filter({ hasText: 'drop this one' }).getByRole('button', { name: 'Remove queued message' }).click();
    await until('the removed message gone', async () => ((await queuedTexts(chat)).join('|') === 'second message|third message' ? true : undefined), 10_000);

    // Hiding the view destroys its document: the queue is the host's and comes back with the view.
    await vscode.bridge.run(`await vscode.commands.executeCommand('workbench.action.closeSidebar'); return true`);
    chat = await openChat();
    await until('the queue shown again', async () => ((await queuedTexts(chat)).join('|') === 'second message|third message' ? true : undefined), 15_000);

    await chat.button('Stop').click();
    await chat.waitForState(first, 'stopped');
    await until('both queued messages answered', async () => (chatRequests(from).length === 3 && (await chat.lastAnswer()).state === 'done' ? true : undefined), 30_000);
    assert.deepEqual(chatRequests(from).map((r) => lastUserText(bodyOf(r))), ['first message', 'second message', 'third message']);
    assert.equal(await queued(chat).count(), 0);
    const questions = (await chat.questions.locator('.user-text').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(questions, ['first message', 'second message', 'third message']);
  });

  it('chat: a message queued when the window reloads is kept and sent when the chat opens again', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['Answer cut by the reload ', { hang: true }] });
    const id = await chat.send('before the reload');
    await chat.message(id).getByText('Answer cut by the reload').waitFor({ timeout: 15_000 });
    await chat.input.fill('queued across the reload');
    await chat.input.press('Enter');
    await queued(chat).first().waitFor({ timeout: 10_000 });
    const conversationId = (await vscode.bridge.run<{ conversationId: string }>(`return vscode.commands.executeCommand('venice.openChat')`)).conversationId;
    await until('the queue on disk', async () => storedConversation(conversationId)?.includes('queued across the reload'), 10_000);

    await vscode.reload();
    chat = await openChat();
    await chat.waitForState(id, 'interrupted', 20_000);
    await until('the queued message sent after the reload', async () => (chatRequests(from).some((r) => lastUserText(bodyOf(r)) === 'queued across the reload') ? true : undefined), 30_000);
    const last = await until('its answer', async () => {
      const a = await chat.lastAnswer();
      return a.state === 'done' && a.id !== id ? a : undefined;
    }, 30_000);
    assert.match(last.text, /queued across the reload/);
    assert.equal(await queued(chat).count(), 0);
  });
});
