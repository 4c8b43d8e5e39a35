// The composer's paperclip (JSDOM): one "Attach" button opening a menu with "Attach Image…",
// "Add selection or file as context" and "Mention context (@)…"; the keyboard moves through it and
// Escape gives focus back; picking an item closes it and does what it says.
import * as assert from 'node:assert/strict';
import { harness, state } from './appHarness';

function setup() {
  const h = harness();
  h.send({ type: 'state', state: state() });
  const button = h.byRole('button', 'Attach') as HTMLButtonElement;
  const menu = h.doc.querySelector('[role="menu"][aria-label="Attach"]') as HTMLElement;
  const key = (el: Element, k: string) => el.dispatchEvent(new h.dom.window.KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  return { h, button, menu, key };
}

describe('chat webview: the paperclip menu (issue 14)', () => {
  it('is one "Attach" menu button; its items are hidden until it opens', () => {
    const { h, button, menu } = setup();
    assert.equal(button.getAttribute('aria-haspopup'), 'menu');
    assert.equal(button.getAttribute('aria-expanded'), 'false');
    assert.equal(menu.hidden, true);
    assert.equal(h.byRole('menuitem', 'Attach Image…'), undefined, 'no separate image button outside the menu');
    assert.equal(h.byRole('button', 'Attach Image…'), undefined);
    button.click();
    assert.equal(button.getAttribute('aria-expanded'), 'true');
    const items = Array.from(menu.querySelectorAll('[role="menuitem"]')).map((el) => el.textContent?.trim());
    assert.deepEqual(items, ['Attach Image…', 'Add selection or file as context', 'Mention context (@)…']);
    assert.equal(h.doc.activeElement?.textContent?.trim(), 'Attach Image…', 'opening focuses the first item');
  });

  it('the arrows move through the items, Escape closes and gives focus back to the paperclip', () => {
    const { h, button, menu, key } = setup();
    button.click();
    key(h.doc.activeElement as Element, 'ArrowDown');
    assert.equal(h.doc.activeElement?.textContent?.trim(), 'Add selection or file as context');
    key(h.doc.activeElement as Element, 'ArrowUp');
    key(h.doc.activeElement as Element, 'ArrowUp');
    assert.equal(h.doc.activeElement?.textContent?.trim(), 'Mention context (@)…', 'wraps around');
    key(h.doc.activeElement as Element, 'Escape');
    assert.equal(menu.hidden, true);
    assert.equal(button.getAttribute('aria-expanded'), 'false');
    assert.equal(h.doc.activeElement, button);
    assert.equal(h.posted.filter((m) => m.type === 'pickImage' || m.type === 'addContext').length, 0, 'closing runs nothing');
  });

  it('picking an item closes the menu and does it; a click elsewhere just closes it', () => {
    const { h, button, menu } = setup();
    button.click();
    h.byRole('menuitem', 'Add selection or file as context')?.click();
    assert.equal(menu.hidden, true);
    assert.deepEqual(h.posted.filter((m) => m.type === 'addContext'), [{ type: 'addContext' }]);
    button.click();
    h.doc.body.dispatchEvent(new h.dom.window.MouseEvent('mousedown', { bubbles: true }));
    assert.equal(menu.hidden, true);
    assert.equal(h.posted.filter((m) => m.type === 'pickImage').length, 0);
  });

  it('"Mention context (@)…" types an "@" at the caret and opens the Mentions list', () => {
    const { h, button } = setup();
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    input.value = 'Explain';
    input.setSelectionRange(7, 7);
    button.click();
    h.byRole('menuitem', 'Mention context (@)…')?.click();
    assert.equal(input.value, 'Explain @');
    assert.equal(h.doc.activeElement, input);
    const list = h.doc.querySelector('[role="listbox"][aria-label="Mentions"]') as HTMLElement;
    assert.equal(list.hidden, false);
    assert.match(list.textContent ?? '', /@file.*@selection/);
  });
});
