// Issue 14 in the chat webview (JSDOM): queued messages drawn as "You (queued)" with a remove
// button; image chips with thumbnails in "Attached context"; a pasted image read and handed to the
// host; the early checks (type, size) said in the composer's notice; the switch to a vision model;
// images in the transcript.
import * as assert from 'node:assert/strict';
import type { ImageView, ToHost } from '../../../src/shared/protocol';
import { harness, state, user } from './appHarness';

// A 1×1 PNG is enough for the webview: it never measures images (the host does).
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const img = (id: string, name: string): ImageView => ({ id, name, dataUrl: PNG, width: 640, height: 480, bytes: 2048 });

async function settle(posted: ToHost[], type: ToHost['type'], n = 1): Promise<void> {
  for (let i = 0; i < 100 && posted.filter((m) => m.type === type).length < n; i++) await new Promise((r) => setTimeout(r, 10));
}

describe('chat webview: queued messages and images (issue 14)', () => {
  it('draws queued messages as "You (queued)" articles, oldest first, with a remove button that tells the host', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ queued: [{ id: 'q1', text: 'first queued', attachments: [], images: [] }] }) });
    h.send({ type: 'queue', conversationId: 'conv1', queued: [{ id: 'q1', text: 'first queued', attachments: [], images: [] }, { id: 'q2', text: 'second queued', attachments: [], images: [img('i1', 'shot.png')] }] });
    const queued = Array.from(h.doc.querySelectorAll('article[aria-label="You (queued)"]'));
    assert.deepEqual(queued.map((a) => a.querySelector('.user-text')?.textContent), ['first queued', 'second queued']);
    assert.equal(queued[1].querySelector('img')?.getAttribute('alt'), 'shot.png');
    (queued[0].querySelector('button[aria-label="Remove queued message"]') as HTMLButtonElement).click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'removeQueued'), [{ type: 'removeQueued', messageId: 'q1' }]);
    // Another chat's queue is not drawn here; an empty queue hides the section.
    h.send({ type: 'queue', conversationId: 'other', queued: [] });
    assert.equal(h.doc.querySelectorAll('article[aria-label="You (queued)"]').length, 2);
    h.send({ type: 'queue', conversationId: 'conv1', queued: [] });
    assert.equal(h.doc.querySelectorAll('article[aria-label="You (queued)"]').length, 0);
  });

  it('shows image chips with a thumbnail in "Attached context" and sends their ids with the message', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ images: [img('i1', 'screen.png')] }) });
    const list = h.doc.querySelector('ul[aria-label="Attached context"]') as HTMLElement;
    assert.ok(list && !list.hidden);
    assert.equal(list.querySelector('img.chip-thumb')?.getAttribute('src'), PNG);
    assert.ok(h.byRole('button', 'Remove screen.png'));
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    input.value = 'What is on screen?';
    input.dispatchEvent(new h.dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    assert.deepEqual(h.posted.filter((m) => m.type === 'send'), [{ type: 'send', text: 'What is on screen?', attachmentIds: [], imageIds: ['i1'] }]);
    h.byRole('button', 'Remove screen.png')?.click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'removeImage'), [{ type: 'removeImage', imageId: 'i1' }]);
  });

  it('an image alone (no text) can be sent', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ images: [img('i1', 'a.png')] }) });
    h.byRole('button', 'Send')?.click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'send'), [{ type: 'send', text: '', attachmentIds: [], imageIds: ['i1'] }]);
  });

  it('a pasted image is read as a data URL and handed to the host; pasted text is left to the input', async () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const win = h.dom.window;
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    const bytes = Buffer.from(PNG.slice(PNG.indexOf(',') + 1), 'base64');
    const file = new win.File([bytes], 'image.png', { type: 'image/png' });
    const paste = new win.Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    paste.clipboardData = { items: [{ kind: 'file', type: 'image/png', getAsFile: () => file }] };
    input.dispatchEvent(paste);
    assert.equal(paste.defaultPrevented, true);
    await settle(h.posted, 'attachImage');
    assert.deepEqual(h.posted.filter((m) => m.type === 'attachImage'), [{ type: 'attachImage', name: 'image.png', dataUrl: PNG }]);

    const text = new win.Event('paste', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    text.clipboardData = { items: [{ kind: 'string', type: 'text/plain', getAsFile: () => null }] };
    input.dispatchEvent(text);
    assert.equal(text.defaultPrevented, false);
  });

  it('says at once why a dropped file is not attached (not PNG/JPEG/WebP, over 5 MB), without posting it', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const win = h.dom.window;
    const composer = h.doc.querySelector('.composer') as HTMLElement;
    const gif = new win.File(['GIF89a'], 'anim.gif', { type: 'image/gif' });
    const drop = new win.Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown };
    drop.dataTransfer = { files: [gif], types: ['Files'] };
    composer.dispatchEvent(drop);
    const notice = h.doc.querySelector('[role="alert"].composer-notice') as HTMLElement;
    assert.ok(!notice.hidden);
    assert.match(notice.textContent ?? '', /"anim\.gif" is not a PNG, JPEG or WebP image/);
    const big = new win.File([new Uint8Array(5 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    const drop2 = new win.Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown };
    drop2.dataTransfer = { files: [big], types: ['Files'] };
    composer.dispatchEvent(drop2);
    assert.match(notice.textContent ?? '', /"big\.png" is 5\.0 MB; images up to 5\.0 MB/);
    assert.equal(h.posted.filter((m) => m.type === 'attachImage').length, 0);
  });

  it('"Attach Image…" asks the host for a file dialog; a refusal offers the switch to a vision model', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    h.byRole('button', 'Attach')?.click();
    h.byRole('menuitem', 'Attach Image…')?.click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'pickImage'), [{ type: 'pickImage' }]);
    h.send({ type: 'composerNotice', notice: { text: 'GLM cannot read images.', visionModel: { id: 'qwen-vl', name: 'Qwen VL' } } });
    h.byRole('button', 'Switch to Qwen VL')?.click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'selectModel'), [{ type: 'selectModel', modelId: 'qwen-vl' }]);
    h.byRole('button', 'Dismiss')?.click();
    assert.equal((h.doc.querySelector('.composer-notice') as HTMLElement).hidden, true);
  });

  it('shows a sent message\'s images in the transcript', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [{ ...user('u1', 'Look'), images: [img('i1', 'diagram.png')] }] }) });
    h.frame();
    const shown = h.doc.querySelector('article[aria-label="You"] ul[aria-label="Images"] img') as HTMLImageElement;
    assert.equal(shown.getAttribute('alt'), 'diagram.png');
    assert.equal(shown.getAttribute('src'), PNG);
  });
});
