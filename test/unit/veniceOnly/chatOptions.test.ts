// The chat header's Venice-only row: the new webview->host messages are validated (enum only), the
// host publishes the options with the character's name, and the control is disabled with a tooltip
// for models without web search.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { ChatOptionsPublisher } from '../../../src/chat/veniceOptions';
import { parseToHost, type ModelsView, type ToHost, type ToWebview } from '../../../src/shared/protocol';
import { VeniceError } from '../../../src/venice/errors';
import type { Character } from '../../../src/venice/types';
import { OptionsBar } from '../../../webview-ui/chat/options';

const models: ModelsView = {
  models: [
    { id: 'glm', name: 'GLM 5.2', capabilities: ['tools', 'web search'] },
    { id: 'plain', name: 'Plain Model', capabilities: ['tools'] },
  ],
  selected: 'glm',
  defaultModelId: 'glm',
  loading: false,
};

describe('venice-only chat options: protocol', () => {
  it('accepts setWebSearch with off, auto or on only', () => {
    for (const mode of ['off', 'auto', 'on'] as const) assert.deepEqual(parseToHost({ type: 'setWebSearch', mode }), { type: 'setWebSearch', mode });
    for (const bad of ['ON', 'always', '', 1, null, undefined, ['on'], { mode: 'on' }]) assert.equal(parseToHost({ type: 'setWebSearch', mode: bad }), undefined, String(bad));
    assert.deepEqual(parseToHost({ type: 'setWebSearch', mode: 'on', key: 'apiBaseUrl', value: 'http://evil' }), { type: 'setWebSearch', mode: 'on' }, 'extra keys are dropped');
  });

  it('accepts chooseCharacter / clearCharacter with no payload (nothing is copied through)', () => {
    assert.deepEqual(parseToHost({ type: 'chooseCharacter', slug: 'x' }), { type: 'chooseCharacter' });
    assert.deepEqual(parseToHost({ type: 'clearCharacter', anything: 1 }), { type: 'clearCharacter' });
    assert.equal(parseToHost({ type: 'setCharacter', slug: 'x' }), undefined, 'there is no generic set message');
    assert.equal(parseToHost({ type: 'setConfig', key: 'chat.webSearch', value: 'on' }), undefined);
  });
});

describe('venice-only chat options: host publisher', () => {
  it('posts the options at once, then again with the character name', async () => {
    const posted: ToWebview[] = [];
    let calls = 0;
    const api = { character: async (slug: string): Promise<Character> => (calls++, { slug, name: 'Alan\nWatts' }) };
    const settings = { webSearch: 'auto' as const, character: 'alan-watts' };
    const pub = new ChatOptionsPublisher(api, () => settings, (m) => posted.push(m));
    pub.publish();
    assert.deepEqual(posted[0], { type: 'options', options: { webSearch: 'auto', character: { slug: 'alan-watts' } } });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(posted[1], { type: 'options', options: { webSearch: 'auto', character: { slug: 'alan-watts', name: 'Alan Watts' } } });
    pub.publish();
    assert.equal(calls, 1, 'the name is looked up once');
  });

  it('marks a character Venice does not know as missing; retries after other errors', async () => {
    const posted: ToWebview[] = [];
    let fail: VeniceError = new VeniceError({ kind: 'network', message: 'offline' });
    const api = { character: async (): Promise<Character> => Promise.reject(fail) };
    const pub = new ChatOptionsPublisher(api, () => ({ webSearch: 'off', character: 'gone' }), (m) => posted.push(m));
    pub.publish();
    await new Promise((r) => setImmediate(r));
    assert.equal(posted.length, 1, 'a network error is not remembered');
    fail = new VeniceError({ kind: 'notFound', status: 404, message: 'not found' });
    pub.publish();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(posted.at(-1), { type: 'options', options: { webSearch: 'off', character: { slug: 'gone', missing: true } } });
  });
});

describe('venice-only chat options: the header row', () => {
  function bar() {
    const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
    const doc = dom.window.document as unknown as Document;
    const posted: ToHost[] = [];
    const b = new OptionsBar(doc, (m) => posted.push(m));
    doc.body.append(b.el);
    return { b, doc, posted, select: () => doc.querySelector('select[aria-label="Web search"]') as HTMLSelectElement };
  }

  it('shows the mode, sends a change, and is disabled with a tooltip for a model without web search', () => {
    const { b, posted, select } = bar();
    b.setModels(models);
    b.setOptions({ webSearch: 'auto', character: null });
    assert.equal(select().value, 'auto');
    assert.equal(select().disabled, false);
    const el = select();
    const win = el.ownerDocument.defaultView as Window & typeof globalThis;
    el.value = 'on';
    el.dispatchEvent(new win.Event('change'));
    assert.deepEqual(posted, [{ type: 'setWebSearch', mode: 'on' }]);
    b.setModels({ ...models, selected: 'plain' });
    assert.equal(select().disabled, true);
    assert.match(select().title, /Plain Model does not support web search/);
    b.setModels({ ...models, models: [], selected: 'unknown-yet' });
    assert.equal(select().disabled, false, 'not disabled while the model list is unknown');
  });

  it('shows the character with a way to clear it, or a button to choose one', () => {
    const { b, doc, posted } = bar();
    b.setOptions({ webSearch: 'off', character: null });
    (doc.querySelector('button[aria-label="Choose character"]') as HTMLButtonElement).click();
    b.setOptions({ webSearch: 'off', character: { slug: 'alan-watts', name: 'Alan <i>Watts</i>' } });
    assert.equal(doc.querySelector('.character-text')?.textContent, 'Alan <i>Watts</i>');
    assert.equal(doc.querySelector('.character-text i'), null, 'names are text');
    (doc.querySelector('button[aria-label="Clear character"]') as HTMLButtonElement).click();
    b.setOptions({ webSearch: 'off', character: { slug: 'gone', missing: true } });
    assert.match(doc.querySelector('.character-text')?.textContent ?? '', /gone \(not found\)/);
    assert.deepEqual(posted, [{ type: 'chooseCharacter' }, { type: 'clearCharacter' }]);
  });
});
