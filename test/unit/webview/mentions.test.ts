// The "@" mention list in the chat input, in JSDOM: opening, filtering, keyboard picking, the
// "@file:" list answered by the host, "@url:", and the chips that come back.
import * as assert from 'node:assert/strict';
import { mentionTokenAt } from '../../../webview-ui/chat/mentions';
import { harness, key, state } from './appHarness';

function typeInto(input: HTMLTextAreaElement, text: string): void {
  input.value = text;
  input.setSelectionRange(text.length, text.length);
  input.dispatchEvent(new (input.ownerDocument.defaultView as unknown as typeof globalThis).Event('input', { bubbles: true }));
}

function options(h: ReturnType<typeof harness>): string[] {
  const list = h.byRole('listbox', 'Mentions');
  return list ? Array.from(list.querySelectorAll('[role="option"]')).map((o) => o.querySelector('.mention-label')?.textContent ?? '') : [];
}

describe('chat webview: @ mentions', () => {
  it('finds the "@word" at the caret only at a word start', () => {
    assert.deepEqual(mentionTokenAt('look at @fi', 11), { start: 8, end: 11, text: 'fi' });
    assert.deepEqual(mentionTokenAt('@', 1), { start: 0, end: 1, text: '' });
    assert.equal(mentionTokenAt('mail me@example.com', 19), undefined, 'an e-mail address is not a mention');
    assert.equal(mentionTokenAt('@file done', 10), undefined, 'the caret left the word');
  });

  it('"@" opens a listbox labelled Mentions with the six sources; typing filters; Escape closes', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    assert.equal(h.byRole('listbox', 'Mentions'), undefined);
    typeInto(input, 'Explain @');
    assert.deepEqual(options(h), ['@file', '@selection', '@problems', '@terminal', '@git', '@url']);
    assert.equal(input.getAttribute('aria-expanded'), 'true');
    assert.equal(input.getAttribute('aria-activedescendant'), h.byRole('listbox', 'Mentions')?.querySelector('[role="option"]')?.id);
    typeInto(input, 'Explain @pr');
    assert.deepEqual(options(h), ['@problems']);
    key(input, 'Escape');
    assert.equal(h.byRole('listbox', 'Mentions'), undefined);
    assert.equal(h.posted.filter((m) => m.type === 'stop').length, 0, 'Escape closed the list and stopped nothing');
  });

  it('Enter picks the highlighted source: it leaves the text, becomes a request for a chip, and Enter does not send', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    typeInto(input, 'Why does this fail? @');
    key(input, 'ArrowDown');
    key(input, 'ArrowDown');
    key(input, 'Enter');
    assert.deepEqual(h.posted.filter((m) => m.type === 'addMention'), [{ type: 'addMention', kind: 'problems' }]);
    assert.equal(h.posted.filter((m) => m.type === 'send').length, 0);
    assert.equal(input.value, 'Why does this fail? ');
    assert.equal(h.byRole('listbox', 'Mentions'), undefined);
    // Tab picks too.
    typeInto(input, 'and @gi');
    key(input, 'Tab');
    assert.deepEqual(h.posted.filter((m) => m.type === 'addMention').at(-1), { type: 'addMention', kind: 'git' });
  });

  it('"@file" asks the host for matching files after a pause, shows its answer, and picks a path', async () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    typeInto(input, '@fi');
    key(input, 'Enter');
    assert.equal(input.value, '@file:');
    typeInto(input, '@file:gre');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(h.posted.filter((m) => m.type === 'mentionFiles'), [{ type: 'mentionFiles', query: 'gre' }], 'one request per pause, for the last text');
    // A stale answer (for another query) is ignored.
    h.send({ type: 'mentionFiles', query: 'g', files: ['wrong.ts'] });
    assert.deepEqual(options(h), []);
    h.send({ type: 'mentionFiles', query: 'gre', files: ['src/greet.ts', 'test/greet.test.ts'] });
    assert.deepEqual(options(h), ['greet.ts', 'greet.test.ts']);
    key(input, 'ArrowDown');
    key(input, 'Enter');
    assert.deepEqual(h.posted.filter((m) => m.type === 'addMention'), [{ type: 'addMention', kind: 'file', value: 'test/greet.test.ts' }]);
    assert.equal(input.value, '');
  });

  it('"@url:" offers to fetch a typed address and nothing else', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    typeInto(input, 'Summarise @url:javascript:alert(1)');
    assert.deepEqual(options(h), []);
    key(input, 'Enter');
    assert.equal(h.posted.filter((m) => m.type === 'addMention').length, 0);
    typeInto(input, 'Summarise @url:https://docs.example.com/api');
    assert.deepEqual(options(h), ['Fetch https://docs.example.com/api']);
    key(input, 'Enter');
    assert.deepEqual(h.posted.filter((m) => m.type === 'addMention'), [{ type: 'addMention', kind: 'url', value: 'https://docs.example.com/api' }]);
  });

  it('chips in "Attached context" show the source and its size in tokens', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    h.send({ type: 'attachments', attachments: [{ id: 'a1', label: 'Uncommitted changes (2 files)', kind: 'git', lines: 40, bytes: 1200, tokens: 310 }] });
    const chips = h.doc.querySelector('.composer ul[aria-label="Attached context"]');
    assert.ok(chips);
    assert.match(chips.textContent ?? '', /Uncommitted changes \(2 files\).*~310 tokens · 40 lines/);
    assert.ok(chips.querySelector('.codicon-git-compare'));
  });
});
