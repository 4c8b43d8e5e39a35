import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { LazyParts } from '../../../webview-ui/chat/lazyParts';
import { AssistantMessageElement, type MessageContext } from '../../../webview-ui/chat/messageView';
import { MarkdownRenderer } from '../../../webview-ui/chat/render/markdown';
import { answer } from './appHarness';

function context(): { ctx: MessageContext; doc: Document } {
  const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
  const win = dom.window as unknown as Window & typeof globalThis;
  const ctx: MessageContext = { doc: win.document, renderer: new MarkdownRenderer(win), post: () => undefined, chooseModel: () => undefined, retried: () => undefined };
  return { ctx, doc: win.document };
}

/** The answer's own children (class names), in order, with the hidden ones marked. */
const layout = (el: Element) => Array.from(el.children).map((c) => `${c.className}${(c as HTMLElement).hidden ? ' (hidden)' : ''}`);

describe('chat view: parts of a message made when first needed', () => {
  it('puts each part in its place whatever order they are made in, once', () => {
    const { doc } = context();
    const parent = doc.createElement('div');
    const fixed = parent.appendChild(doc.createElement('p'));
    const parts = new LazyParts<'a' | 'b' | 'c' | 'd'>(parent, ['a', 'b', 'c', 'd'], { b: fixed });
    assert.equal(parts.peek('d'), undefined, 'nothing made before it is needed');
    const d = parts.get('d', () => Object.assign(doc.createElement('span'), { id: 'd' }));
    parts.get('a', () => Object.assign(doc.createElement('span'), { id: 'a' }));
    parts.get('c', () => Object.assign(doc.createElement('span'), { id: 'c' }));
    assert.equal(parts.get('d', () => doc.createElement('i')), d, 'the same element the second time');
    assert.deepEqual(Array.from(parent.children).map((c) => c.id || c.tagName), ['a', 'P', 'c', 'd']);
  });

  it('a stored answer holds only what it shows: no empty error card, sources, checkpoint, thinking or status regions', () => {
    const { ctx } = context();
    const m = new AssistantMessageElement(ctx, answer('a1', 'Part 1 keeps **finished blocks**.\n\n- item one\n- item two with `code`\n'));
    assert.deepEqual(layout(m.el), ['message-header', 'rounds', 'message-footer']);
    for (const gone of ['.state-badge', '.incomplete-marker', '.notes', '.reasoning', '.tool-calls', '.waiting', '.status-line', '.error-card', '.sources', '.checkpoint']) {
      assert.equal(m.el.querySelector(gone), null, `no ${gone}`);
    }
    const elements = m.el.querySelectorAll('*').length;
    assert.ok(elements <= 20, `${elements} elements in a plain answer (43 when every part was made up front)`);
  });

  it('shows parts in their order when an update brings them, and hides them when they go', () => {
    const { ctx } = context();
    const m = new AssistantMessageElement(ctx, answer('a1', 'Text'));
    m.update(
      answer('a1', 'Text', {
        state: 'error',
        error: { kind: 'server', message: 'Venice answered 500', action: 'retry' },
        citations: [{ title: 'Docs', url: 'https://docs.venice.ai' }],
        notes: ['History trimmed'],
        incomplete: 'Parts of the stream could not be read.',
        checkpoint: { files: [{ label: 'src/a.ts', change: 'modified' }], restored: false },
        rounds: [{ text: 'Text', reasoning: 'Thought', toolCalls: [] }],
      }),
    );
    assert.deepEqual(layout(m.el), ['message-header', 'notes', 'rounds', 'error-card', 'sources', 'checkpoint', 'message-footer']);
    assert.deepEqual(layout(m.el.querySelector('.message-header') as Element), ['codicon codicon-sparkle', 'author', 'state-badge', 'incomplete-marker']);
    assert.equal(m.el.querySelector('.state-badge')?.textContent, 'Failed');
    assert.match(m.el.querySelector('.error-card[role="alert"]')?.textContent ?? '', /Venice answered 500/);
    assert.deepEqual(layout(m.el.querySelector('.round') as Element), ['reasoning', 'markdown']);

    m.update(answer('a1', 'Text', { rounds: [{ text: 'Text', reasoning: 'Thought', toolCalls: [] }] }));
    assert.deepEqual(layout(m.el), ['message-header', 'notes', 'rounds', 'error-card (hidden)', 'sources (hidden)', 'checkpoint (hidden)', 'message-footer']);
    assert.equal((m.el.querySelector('.state-badge') as HTMLElement).hidden, true);
    assert.equal((m.el.querySelector('.incomplete-marker') as HTMLElement).hidden, true);
    assert.equal(m.el.querySelector('.notes')?.childElementCount, 0);
  });

  it('a live answer has its status regions from the start, so what they say later is announced', () => {
    const { ctx } = context();
    const m = new AssistantMessageElement(ctx, answer('a1', '', { state: 'streaming' }));
    assert.deepEqual(layout(m.el), ['message-header', 'rounds', 'waiting', 'status-line (hidden)', 'message-footer']);
    assert.equal(m.el.querySelector('.waiting')?.getAttribute('role'), 'status');
    m.update(answer('a1', '', { state: 'streaming', status: 'Rate limited by Venice: retrying in 2 s (attempt 1)…' }));
    assert.deepEqual(layout(m.el), ['message-header', 'rounds', 'waiting (hidden)', 'status-line', 'message-footer']);
  });
});
