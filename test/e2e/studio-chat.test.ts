// The asset studio's chat tools in the real workbench: the model (the simulator, scripted) calls
// generate_music; the approval card shows Venice's price quote before anything is queued, even with
// the tool in venice.tools.autoApprove; after Apply the clip is written and the model is told where.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { e2e } from './context';
import { bodyOf, chatRequests, openChat, recoverFromFailure, type ChatView } from './helpers/chat';
import { until } from './helpers/wait';
import { closeAllEditors, resetUserSettings, setApiKey, setUserSetting } from './helpers/workbench';

describe('asset studio: chat tools', function () {
  this.timeout(120_000);
  let chat: ChatView;

  before(async () => {
    await setApiKey();
    await resetUserSettings();
    chat = await openChat();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') chat = await recoverFromFailure(this.currentTest.title);
    await setUserSetting('venice.tools.autoApprove', undefined);
    await closeAllEditors();
  });

  after(() => rmSync(path.join(e2e().vscode.workspace, 'audio'), { recursive: true, force: true }));

  it('studio chat: generate_music shows the price quote on its card (auto-approve does not skip it), then saves the clip', async () => {
    const { sim, vscode } = e2e();
    await chat.newChat();
    await setUserSetting('venice.tools.autoApprove', ['generate_music']);
    const from = sim.requests.length;
    sim.enqueueMediaJob({ polls: 1, averageMs: 2000 });
    sim.enqueueChat({ steps: ['Making it.'], toolCalls: [{ id: 'call_music', name: 'generate_music', arguments: JSON.stringify({ prompt: 'Rain on a tin roof', model: 'elevenlabs-sound-effects-v2', durationSeconds: 4 }) }] });
    const id = await chat.send('make a rain sound');
    const answer = chat.message(id);
    const row = answer.locator('details[data-tool-call-id="call_music"]');
    await row.and(answer.locator('[data-status="awaitingApproval"]')).waitFor({ timeout: 30_000 });
    const card = row.locator('xpath=..').locator('.approval-card');
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Generate a sound effect for \$0\.016/);
    assert.match(text, /Price quote: \$0\.016 \(charged when queued\)/);
    assert.match(text, /elevenlabs-sound-effects-v2, 4 s/);
    assert.equal(sim.requests.slice(from).filter((r) => r.path === '/audio/queue').length, 0, 'nothing queued before Apply');
    await vscode.page.screenshot({ path: '/tmp/video-chat-card.png' });
    await card.getByRole('button', { name: 'Apply' }).click();
    await chat.waitForState(id, 'done', 60_000);
    const dir = path.join(vscode.workspace, 'audio', 'generated');
    const file = await until('the clip', async () => (existsSync(dir) ? readdirSync(dir).find((f) => /^rain-on-a-tin-roof-\d{8}-\d{6}\.mp3$/.test(f)) : undefined));
    const sent = chatRequests(from);
    const result = bodyOf(sent[sent.length - 1]).messages.find((m) => m.role === 'tool' && m.tool_call_id === 'call_music')?.content ?? '';
    assert.match(result, new RegExp(`Saved the sound effect to audio/generated/${file.replace(/\./g, '\\.')} \\(\\d+ KB; elevenlabs-sound-effects-v2, \\$0\\.016\\)`));
  });
});
