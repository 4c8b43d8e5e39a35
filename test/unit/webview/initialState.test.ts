// The chat's first state written into its page (src/shared/initialState.ts): drawn by the real
// webview bundle before any message, once per page, and inert whatever the model wrote.
import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { JSDOM } from 'jsdom';
import { INITIAL_STATE_ID, parseInitialState } from '../../../src/shared/initialState';
import { chatHtml, jsonForHtml } from '../../../src/webview/html';
import { answer, state, user } from './appHarness';

const HOSTILE = '</script><script>window.pwned = 1</script><!-- <img src=x onerror="window.pwned=2">';

let bundle: string | undefined;
async function webviewBundle(): Promise<string> {
  bundle ??= (
    await esbuild.build({ entryPoints: ['webview-ui/chat/main.ts'], bundle: true, write: false, format: 'iife', platform: 'browser', loader: { '.css': 'empty' }, logLevel: 'silent' })
  ).outputFiles[0].text;
  return bundle;
}

function page(token: string): string {
  const s = state({ messages: [user('u1', `Why? ${HOSTILE}`), answer('a1', `Because.\n\n${HOSTILE}`)] });
  return chatHtml({ cspSource: 'https://x', nonce: 'n0nce', scriptUri: 'https://x/webview.js', styleUri: 'https://x/webview.css', codiconsUri: 'https://x/c.css', initialState: { token, state: s } });
}

/** Loads the page in JSDOM and runs the real bundle in it, with a fake VS Code API. */
async function open(html: string, saved?: unknown) {
  const dom = new JSDOM(html, { runScripts: 'outside-only', pretendToBeVisual: true });
  const win = dom.window as unknown as Record<string, unknown> & { eval(src: string): unknown };
  const posted: unknown[] = [];
  const states: unknown[] = [];
  win.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => posted.push(m), getState: () => saved, setState: (s: unknown) => states.push(s) });
  win.eval(await webviewBundle());
  const doc = dom.window.document;
  return { dom, doc, posted, states, articles: () => Array.from(doc.querySelectorAll('article[data-message-id]')).map((a) => a.getAttribute('data-message-id')) };
}

describe('chat state written into the page', () => {
  it('is drawn by the webview in its first task, before any message from the host', async function () {
    this.timeout(20_000);
    const w = await open(page('tok-1'));
    assert.deepEqual(w.articles(), ['u1', 'a1'], 'the conversation shows without a state message');
    assert.deepEqual(JSON.parse(JSON.stringify(w.posted)), [{ type: 'ready' }], 'it still says ready (the host sends only what changed)');
    assert.equal((w.states.at(-1) as { pageToken?: string }).pageToken, 'tok-1', 'the page is remembered as drawn');
  });

  it('keeps what the model wrote as text: it cannot end the data block or add elements', async function () {
    this.timeout(20_000);
    const w = await open(page('tok-2'));
    assert.equal((w.dom.window as unknown as { pwned?: number }).pwned, undefined);
    assert.equal(w.doc.querySelectorAll('script').length, 2, 'the data block and the bundle, nothing else');
    assert.equal(w.doc.querySelectorAll('img').length, 0);
    assert.ok(w.doc.querySelector('article[data-message-id="u1"]')?.textContent?.includes('</script><script>window.pwned = 1</script>'), 'shown as the text it is');
    const block = w.doc.getElementById(INITIAL_STATE_ID)?.textContent ?? '';
    assert.ok(!/[<>&]/.test(block), 'no raw <, > or & inside the block');
    assert.equal(parseInitialState(block)?.state.messages.length, 2, 'and it parses back whole');
  });

  it('is not drawn again by a reload of the same page (the view was hidden and shown): the host sends the current state', async function () {
    this.timeout(20_000);
    const first = await open(page('tok-3'));
    const w = await open(page('tok-3'), first.states.at(-1));
    assert.deepEqual(w.articles(), [], 'a possibly stale copy is not shown');
    assert.deepEqual(JSON.parse(JSON.stringify(w.posted)), [{ type: 'ready' }]);
    const fresh = await open(page('tok-4'), first.states.at(-1));
    assert.deepEqual(fresh.articles(), ['u1', 'a1'], 'a new page is drawn');
  });

  it('a page built without it (the chat took longer to read than the page waits) shows no welcome until the state comes, then the chat', async function () {
    this.timeout(20_000);
    const html = chatHtml({ cspSource: 'https://x', nonce: 'n0nce', scriptUri: 'https://x/webview.js', styleUri: 'https://x/webview.css' });
    const send = (w: Awaited<ReturnType<typeof open>>, data: unknown) => w.dom.window.dispatchEvent(new w.dom.window.MessageEvent('message', { data }));
    const welcome = (w: Awaited<ReturnType<typeof open>>) => (w.doc.querySelector('.empty-state') as HTMLElement | null)?.hidden;
    const w = await open(html);
    assert.deepEqual(JSON.parse(JSON.stringify(w.posted)), [{ type: 'ready' }], 'it asks for the state');
    assert.equal(welcome(w), true, '"Ask Venice anything" does not flash before a chat that has messages');
    send(w, { type: 'state', state: state({ messages: [user('u1', 'Why?'), answer('a1', 'Because.')] }) });
    assert.deepEqual(w.articles(), ['u1', 'a1']);
    assert.equal(welcome(w), true);
    const empty = await open(html);
    send(empty, { type: 'state', state: state() });
    assert.equal(welcome(empty), false, 'an empty chat shows the welcome once its state came');
  });

  it('escapes JSON for HTML and rejects blocks without the state shape', () => {
    assert.equal(jsonForHtml({ t: '<&>\u2028\u2029' }), '{"t":"\\u003c\\u0026\\u003e\\u2028\\u2029"}');
    assert.deepEqual(JSON.parse(jsonForHtml({ t: '</script>' })), { t: '</script>' });
    for (const bad of [undefined, '', 'not json', '{}', '{"token":1,"state":{}}', '{"token":"t","state":{"activeId":"c","messages":{}}}']) assert.equal(parseInitialState(bad), undefined, String(bad));
  });
});
