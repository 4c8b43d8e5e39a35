import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { chatHtml, chatWebviewOptions, contentSecurityPolicy, createNonce } from '../../../src/webview/html';

const CSP_SOURCE = 'https://*.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

function page(nonce = createNonce()) {
  return chatHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', styleUri: 'https://x/dist/webview.css', codiconsUri: 'https://x/dist/codicons/codicon.css' });
}

describe('chat view HTML and CSP', () => {
  it('uses a fresh 128-bit nonce from crypto for every document', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const nonce = createNonce();
      assert.equal(Buffer.from(nonce, 'base64').length, 16, '16 random bytes');
      seen.add(nonce);
    }
    assert.equal(seen.size, 2_000, 'no repeats');
    const nonceOf = (html: string) => /<script[^>]* nonce="([^"]+)"/.exec(html)?.[1];
    assert.ok(nonceOf(page()));
    assert.notEqual(nonceOf(page()), nonceOf(page()));
  });

  it('allows scripts only by nonce, never inline or eval, and loads nothing remote', () => {
    const d = directives(contentSecurityPolicy(CSP_SOURCE, 'abc123=='));
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), ["'nonce-abc123=='"]);
    assert.deepEqual(d.get('img-src'), [CSP_SOURCE, 'data:'], 'no https: (a rendered answer cannot beacon out)');
    assert.deepEqual(d.get('media-src'), ['blob:', 'data:']);
    assert.deepEqual(d.get('style-src'), [CSP_SOURCE], 'no unsafe-inline styles either');
    assert.deepEqual(d.get('font-src'), [CSP_SOURCE]);
    assert.deepEqual(d.get('connect-src'), ["'none'"]);
    assert.deepEqual(d.get('frame-src'), ["'none'"]);
    for (const [name, values] of d) {
      for (const v of values) {
        assert.ok(!/unsafe-(inline|eval|hashes)|^\*$|^https:$|^http:$/.test(v), `${name} ${v}`);
      }
    }
  });

  it('puts the CSP first in <head>, and its only script is the nonce-tagged bundle', () => {
    const nonce = createNonce();
    const dom = new JSDOM(page(nonce));
    const doc = dom.window.document;
    const meta = doc.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
    assert.ok(meta, 'CSP meta present');
    const order = Array.from(doc.head.children);
    assert.ok(order.indexOf(meta) < order.findIndex((el) => el.tagName === 'LINK'), 'CSP comes before any resource');
    assert.match(meta.getAttribute('content') ?? '', new RegExp(`script-src 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'`));
    const scripts = Array.from(doc.querySelectorAll('script'));
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0].getAttribute('nonce'), nonce);
    assert.equal(scripts[0].textContent, '', 'no inline code');
    assert.match(scripts[0].getAttribute('src') ?? '', /dist\/webview\.js$/);
    assert.ok(!Array.from(doc.querySelectorAll('*')).some((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))), 'no event handler attributes');
  });

  it('preloads the icon font with the page files (VS Code shows the page once its fonts are in)', () => {
    const doc = new JSDOM(chatHtml({ cspSource: CSP_SOURCE, nonce: 'n', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/dist/webview.css', fontUri: 'https://x/dist/codicon.ttf' })).window.document;
    const preload = doc.head.querySelector('link[rel="preload"]');
    assert.equal(preload?.getAttribute('href'), 'https://x/dist/codicon.ttf');
    assert.equal(preload?.getAttribute('as'), 'font');
    assert.equal(preload?.getAttribute('crossorigin'), '', 'fonts are fetched in CORS mode: without it the preload is not used');
    assert.deepEqual(directives(contentSecurityPolicy(CSP_SOURCE, 'n')).get('font-src'), [CSP_SOURCE], 'from where font-src allows');
  });

  it('escapes everything it puts into attributes', () => {
    const html = chatHtml({ cspSource: 'x" onload="alert(1)', nonce: 'n', scriptUri: 's"><script>alert(1)</script>', styleUri: 'c', codiconsUri: 'i' });
    const dom = new JSDOM(html);
    assert.equal(dom.window.document.querySelectorAll('script').length, 1);
    assert.equal(dom.window.document.querySelector('[onload]'), null);
  });

  it('limits the webview: scripts on, forms off, command URIs unset, resources only from dist/ and media/', () => {
    const opts = chatWebviewOptions('/ext', (base, ...p) => [base, ...p].join('/'));
    assert.deepEqual(opts, { enableScripts: true, enableForms: false, localResourceRoots: ['/ext/dist', '/ext/media'] });
    assert.ok(!('enableCommandUris' in opts));
  });
});
