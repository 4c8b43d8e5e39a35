// Issue 15, parts 2 and 3, in the real workbench: each answer shows its tokens and cost (cached
// tokens with a cache-priced model), the header's meter shows the chat's totals, the saving and a
// context bar (role="meter" with its numbers); near the limit, and on a context-overflow card, it
// offers "Compact conversation", whose summary the model then reads instead of the older turns,
// and "Undo compact" gives those turns back.
import * as assert from 'node:assert/strict';
import { e2e } from './context';
import { bodyOf, chatRequests, type ChatView, freshChat, recoverFromFailure } from './helpers/chat';
import { until } from './helpers/wait';
import { resetUserSettings, setUserSetting, widenSidebar } from './helpers/workbench';

const CACHED_MODEL = 'claude-sonnet-4-6';
const WINDOW = 200_000;

type Part = { type?: string; text?: string; cache_control?: { type: string } };
const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? (content as Part[]).map((p) => p.text ?? '').join('') : '');

describe('chat meter: cost, context and compacting', function () {
  this.timeout(180_000);
  let chat: ChatView;

  before(async () => {
    chat = await freshChat();
    await setUserSetting('venice.chat.model', CACHED_MODEL);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
  });

  after(async () => {
    await resetUserSettings();
  });

  const meter = () => chat.frame.getByRole('meter', { name: 'Context used' });
  const usage = () => chat.frame.getByRole('region', { name: 'Conversation usage' });

  it('chat meter: each answer shows its tokens, cached tokens and cost; the header shows totals, the saving and the context bar', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    const from = sim.requests.length;
    const first = await chat.ask('What does the planner do?');
    assert.match(await first.locator('.usage').innerText(), /^claude-sonnet-4-6 · [\d.]+k? in · [\d.]+k? out · \$\d/);

    const second = await chat.ask('And the turn loop?');
    const footer = await second.locator('.usage').innerText();
    assert.match(footer, /[\d.]+k? in · [\d.]+k? out · [\d.]+k? cached · \$\d/, `the second answer read the first question from the cache: ${footer}`);

    // What went to Venice: one cache key for the conversation, breakpoints on the questions.
    const bodies = chatRequests(from).map(bodyOf);
    assert.equal(bodies.length, 2);
    assert.ok(typeof bodies[0].prompt_cache_key === 'string' && bodies[0].prompt_cache_key === bodies[1].prompt_cache_key, 'the same prompt_cache_key for the whole chat');
    const marked = bodies[1].messages.filter((m) => Array.isArray(m.content) && (m.content as Part[]).some((p) => p.cache_control?.type === 'ephemeral'));
    assert.deepEqual(marked.map((m) => textOf(m.content)), ['What does the planner do?', 'And the turn loop?']);

    // The header: totals with the saving, and the context bar with its numbers.
    await until('the meter to show the saving', async () => /saved \$/.test(await usage().innerText()), 10_000);
    const totals = await usage().locator('.meter-totals').innerText();
    assert.match(totals, /^[\d.]+k? tokens · \$[\d.]+ · saved \$[\d.]+$/);
    assert.equal(await meter().getAttribute('aria-valuemax'), String(WINDOW));
    const now = Number(await meter().getAttribute('aria-valuenow'));
    assert.ok(now > 0 && now < WINDOW * 0.05, `a short chat fills little of the window: ${now}`);
    assert.match((await meter().getAttribute('aria-valuetext')) ?? '', /^[\d.]+k? of 200k tokens \(\d+%\)$/);
    assert.equal(await usage().getByRole('button', { name: 'Compact conversation' }).count(), 0, 'nothing to offer far from the limit');
    await vscode.screenshot('meter-normal');
  });

  it('chat meter: near the limit it offers Compact conversation; the model then reads a summary; Undo compact restores the turns', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    await chat.ask('first question about the planner');
    await chat.ask('second question about the turn loop');
    // The third answer reports a prompt that fills 85% of the window (and no cost: priced from /models).
    sim.enqueueChat({ steps: ['A long answer.'], usage: { prompt_tokens: 170_000, completion_tokens: 50, total_tokens: 170_050, prompt_tokens_details: { cached_tokens: 150_000 } }, cost: null });
    const third = await chat.ask('third question, with a huge file attached');
    assert.match(await third.locator('.usage').innerText(), /170k in · 50 out · 150k cached · ~\$\d/, 'the estimated cost is marked with ~');
    await until('the bar to be near full', async () => Number(await meter().getAttribute('aria-valuenow')) === 170_050, 10_000);
    assert.match((await meter().getAttribute('aria-valuetext')) ?? '', /\(85%\)$/);
    const compact = usage().getByRole('button', { name: 'Compact conversation' });
    await compact.waitFor({ timeout: 10_000 });
    assert.match(await usage().innerText(), /Context 85% full\./);
    await vscode.screenshot('meter-near-full');

    const from = sim.requests.length;
    sim.enqueueChat({ steps: ['The user asked about the planner; it plans one request body for every surface.'] });
    await compact.click();
    await until('the chat to be compacted', async () => /2 earlier messages summarised\./.test(await usage().innerText()), 20_000);
    const summaryBody = bodyOf(chatRequests(from)[0]);
    assert.match(textOf(summaryBody.messages[0].content), /You compact a conversation/);
    assert.ok(summaryBody.messages.some((m) => textOf(m.content) === 'first question about the planner'));
    assert.ok(!summaryBody.messages.some((m) => textOf(m.content) === 'third question, with a huge file attached'), 'the newest turns are kept, not summarised');
    await usage().getByText('Summary').click();
    await usage().getByText('it plans one request body for every surface').waitFor({ timeout: 5_000 });
    await vscode.screenshot('meter-compacted');
    assert.equal(await chat.questions.count(), 3, 'every original message stays in the transcript');

    // The next answer reads the summary in place of the first exchange.
    const next = sim.requests.length;
    await chat.ask('fourth question');
    const after = bodyOf(chatRequests(next)[0]);
    assert.match(textOf(after.messages[0].content), /^Summary of our earlier conversation/);
    assert.ok(!after.messages.some((m) => textOf(m.content) === 'first question about the planner'));

    // Undo: the model reads the original turns again.
    await usage().getByRole('button', { name: 'Undo compact' }).click();
    await until('the compaction to be gone', async () => !/summarised\./.test(await usage().innerText()), 10_000);
    const undone = sim.requests.length;
    await chat.ask('fifth question');
    assert.equal(textOf(bodyOf(chatRequests(undone)[0]).messages[0].content), 'first question about the planner');
  });

  it('chat meter: a context-overflow card offers Compact conversation, which compacts the chat', async () => {
    const { sim } = e2e();
    await chat.newChat();
    await chat.ask('one');
    await chat.ask('two');
    await chat.ask('three');
    sim.enqueueChat({
      steps: ['Reading ', { error: { message: "This model's maximum context length is 200000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } }],
    });
    const id = await chat.send('four');
    const card = (await chat.waitForState(id, 'error', 20_000)).locator('.error-card');
    const buttons = await card.getByRole('button').allInnerTexts();
    assert.deepEqual(buttons.map((b) => b.trim()), ['Choose model', 'Compact conversation', 'New chat']);
    sim.enqueueChat({ steps: ['Summary of one and two.'] });
    await card.getByRole('button', { name: 'Compact conversation', exact: true }).click();
    await until('the chat to be compacted', async () => /\d+ earlier messages summarised\./.test(await usage().innerText()), 20_000);
  });
  it('chat meter: in a narrow side bar every figure of the totals stays whole and visible', async () => {
    const { sim, vscode } = e2e();
    const sidebar = vscode.page.locator('#workbench\\.parts\\.sidebar');
    const width = (await sidebar.boundingBox())?.width ?? 0;
    const moved = await widenSidebar(270 - width);
    try {
      const narrow = (await sidebar.boundingBox())?.width ?? 0;
      assert.ok(narrow <= 300, `the side bar is narrow: ${narrow}px`);
      await chat.newChat();
      // A dear answer: five figures of cost next to a five-figure token count and the saving.
      sim.enqueueChat({ steps: ['A long and expensive answer.'], usage: { prompt_tokens: 123_456, completion_tokens: 7_890, total_tokens: 131_346, prompt_tokens_details: { cached_tokens: 100_000 } }, cost: null });
      await chat.ask('an expensive question');
      await until('the meter to show the saving', async () => /saved \$/.test(await usage().innerText()), 10_000);
      // No named helpers inside evaluate(): the test build would wrap them in a function the page lacks.
      const layout = await usage().evaluate((region) => {
        const box = region.getBoundingClientRect();
        const totals = region.querySelector('.meter-totals') as HTMLElement;
        return {
          clipped: totals.scrollWidth > totals.clientWidth,
          figures: [...region.querySelectorAll('.meter-figure, .meter-context')].map((f) => ({
            text: f.textContent,
            inside: f.getBoundingClientRect().width > 0 && f.getBoundingClientRect().left >= box.left - 0.5 && f.getBoundingClientRect().right <= box.right + 0.5,
            whole: (f as HTMLElement).scrollWidth <= Math.ceil(f.getBoundingClientRect().width),
          })),
          text: totals.textContent,
        };
      });
      assert.equal(layout.clipped, false, `the totals are not cut off: ${layout.text}`);
      assert.match(layout.text ?? '', /^[\d.]+k tokens · ~\$[\d.]+ · saved \$[\d.]+$/);
      for (const f of layout.figures) assert.ok(f.inside && f.whole, `"${f.text}" is fully visible`);
      // The answer's own footer (model, tokens, cost) wraps the same way: every figure whole and inside the answer.
      const footer = await chat.frame.locator('.message.assistant').last().evaluate((answer) => {
        const box = answer.getBoundingClientRect();
        return [...answer.querySelectorAll('.usage-figure')].map((f) => ({
          text: f.textContent,
          inside: f.getBoundingClientRect().width > 0 && f.getBoundingClientRect().left >= box.left - 0.5 && f.getBoundingClientRect().right <= box.right + 0.5,
          whole: (f as HTMLElement).scrollWidth <= Math.ceil(f.getBoundingClientRect().width),
        }));
      });
      assert.ok(footer.some((f) => /^~?\$[\d.]+$/.test(f.text ?? '')), `the footer shows the cost: ${footer.map((f) => f.text).join(' · ')}`);
      for (const f of footer) assert.ok(f.inside && f.whole, `footer figure "${f.text}" is fully visible`);
      await vscode.screenshot('meter-narrow');
    } finally {
      await widenSidebar(-moved);
    }
  });
});
