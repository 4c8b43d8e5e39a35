import * as assert from 'node:assert/strict';
import { decodeHTML as packageDecode, decodeHTMLStrict as packageStrict } from 'entities';
import { JSDOM } from 'jsdom';
import { decodeHTML, decodeHTMLStrict } from '../../../webview-ui/chat/render/entities';

// webview.js decodes markdown's character references with the page's parser (esbuild.mjs maps
// markdown-it's `entities` import to webview-ui/chat/render/entities.ts); it must decode exactly
// what the package decoded, and never parse anything but a reference.
const REFERENCES = [
  '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&nbsp;', '&copy;', '&hellip;', '&mdash;', '&rarr;', '&euro;',
  '&AMP;', '&Amp;', '&NotEqualTilde;', '&CounterClockwiseContourIntegral;', '&fjlig;', '&semi;', '&Tab;',
  '&notit;', '&ampx;', '&copyright;', '&foo;', '&not;', '&notin;', '&lta;', '&#123;', '&#x1F600;', '&#0;',
];

describe('chat webview: character references decoded by the page parser', () => {
  let dom: JSDOM;
  before(() => {
    dom = new JSDOM('<!DOCTYPE html><body></body>');
    Object.assign(globalThis, { document: dom.window.document, Element: dom.window.Element });
  });
  after(() => {
    delete (globalThis as { document?: unknown }).document;
    delete (globalThis as { Element?: unknown }).Element;
    dom.window.close();
  });

  it('decodes every reference exactly as the `entities` package did, in text and in strict mode', () => {
    for (const ref of REFERENCES) {
      assert.equal(decodeHTML(ref), packageDecode(ref), `decodeHTML ${ref}`);
      assert.equal(decodeHTMLStrict(ref), packageStrict(ref), `decodeHTMLStrict ${ref}`);
    }
  });

  it('returns anything that is not one whole reference unchanged, without parsing it', () => {
    for (const text of ['<img src=x onerror=alert(1)>', '&amp;<b>x</b>', '"><i title="', '&amp', 'plain', '&;', `&${'a'.repeat(40)};`]) {
      assert.equal(decodeHTML(text), text);
      assert.equal(decodeHTMLStrict(text), text);
    }
  });
});
