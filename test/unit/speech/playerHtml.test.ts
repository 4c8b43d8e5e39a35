// The player's document comes from the same builder as the chat's (src/webview/html.ts): the same
// CSP, scripts only by nonce, its own title, styles and static body.
import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { contentSecurityPolicy, createNonce, webviewHtml } from '../../../src/webview/html';

describe('speech player: HTML from the one webview builder', () => {
  it('uses the shared CSP first in <head>, one nonce-tagged module script and the given styles', () => {
    const nonce = createNonce();
    const html = webviewHtml({ cspSource: 'https://cdn', nonce, title: 'Venice <Player>', scriptUri: 'https://cdn/dist/audio.js', styleUris: ['https://cdn/dist/audio.css'], body: '<main id="venice-player"></main>' });
    const doc = new JSDOM(html).window.document;
    const meta = doc.head.firstElementChild?.nextElementSibling;
    assert.equal(meta?.getAttribute('http-equiv'), 'Content-Security-Policy');
    assert.equal(meta?.getAttribute('content'), contentSecurityPolicy('https://cdn', nonce));
    assert.match(meta?.getAttribute('content') ?? '', /media-src blob: data:/, 'audio plays from blob: and data: URLs');
    const scripts = Array.from(doc.querySelectorAll('script'));
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]?.getAttribute('nonce'), nonce);
    assert.equal(scripts[0]?.getAttribute('src'), 'https://cdn/dist/audio.js');
    assert.deepEqual(Array.from(doc.querySelectorAll('link[rel="stylesheet"]')).map((l) => l.getAttribute('href')), ['https://cdn/dist/audio.css']);
    assert.equal(doc.title, 'Venice <Player>', 'the title is escaped text');
    assert.ok(doc.getElementById('venice-player'));
  });
});
