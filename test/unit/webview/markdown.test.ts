import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { useHighlighter } from '../../../webview-ui/chat/render/highlight';
import * as hljs from '../../../webview-ui/chat/render/hljs';
import { MarkdownRenderer, type RenderContext } from '../../../webview-ui/chat/render/markdown';

// The product loads highlight.js as a module of its own (dist/webview-hljs.js); here it is installed directly.
useHighlighter(hljs);

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
const win = dom.window as unknown as Window & typeof globalThis;
const renderer = new MarkdownRenderer(win);

function render(md: string, ctx?: RenderContext): HTMLElement {
  const div = win.document.createElement('div');
  div.append(renderer.renderDocument(md, ctx));
  return div;
}

/** Tags our renderer may produce: the sanitizer's allowlist plus the code block toolbar. */
const PRODUCED = new Set(['A', 'P', 'BR', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'CODE', 'SPAN', 'EM', 'STRONG', 'S', 'DEL', 'SUP', 'SUB', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'DIV', 'BUTTON']);

function assertInert(root: HTMLElement, what: string): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    assert.ok(PRODUCED.has(el.tagName), `${what}: unexpected <${el.tagName.toLowerCase()}>`);
    for (const a of Array.from(el.attributes)) {
      assert.ok(!a.name.startsWith('on'), `${what}: event handler ${a.name}`);
      assert.notEqual(a.name, 'style', `${what}: style attribute`);
      assert.notEqual(a.name, 'src', `${what}: src attribute`);
      if (a.name === 'href') assert.match(a.value, /^(https?:|mailto:)/i, `${what}: href ${a.value}`);
    }
  }
  assert.equal(root.querySelectorAll('img, script, iframe, object, embed, form, input, meta, base, link, style, svg, video, audio, source').length, 0, what);
}

describe('markdown rendering', () => {
  it('renders headings, lists, emphasis, tables (alignment as classes), links and inline code', () => {
    const out = render(
      '# Title\n\n## Sub\n\nSome *em* and **strong** and `code`.\n\n- one\n- two\n\n1. first\n2. second\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nSee [docs](https://venice.ai/docs) or https://example.com.\n\n> quoted',
    );
    assert.equal(out.querySelector('h1')?.textContent, 'Title');
    assert.equal(out.querySelector('h2')?.textContent, 'Sub');
    assert.equal(out.querySelector('em')?.textContent, 'em');
    assert.equal(out.querySelector('p code')?.textContent, 'code');
    assert.equal(out.querySelectorAll('ul li').length, 2);
    assert.equal(out.querySelectorAll('ol li').length, 2);
    assert.equal(out.querySelector('th')?.className, 'md-align-left');
    assert.equal(out.querySelector('td:last-child')?.className, 'md-align-right');
    const links = Array.from(out.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    assert.deepEqual(links, ['https://venice.ai/docs', 'https://example.com']);
    assert.equal(out.querySelector('a')?.getAttribute('title'), 'https://venice.ai/docs', 'hover shows the real destination');
    assert.equal(out.querySelector('blockquote')?.textContent?.trim(), 'quoted');
    assertInert(out, 'basic markdown');
  });

  it('colours code drawn before the highlighter loaded, in place, through the sanitizer', () => {
    const div = win.document.createElement('div');
    div.innerHTML = '<pre><code class="language-ts">const a = 1; // &lt;img src=x onerror=alert(1)&gt;</code></pre><pre><code class="language-nope">plain</code></pre>';
    renderer.colourPlainCode(div);
    const [ts, other] = Array.from(div.querySelectorAll('code'));
    assert.ok(ts.querySelector('.hljs-keyword'), 'the known language is coloured');
    assert.equal(ts.textContent, 'const a = 1; // <img src=x onerror=alert(1)>', 'the text is unchanged');
    assert.equal(div.querySelector('img'), null, 'code text never becomes markup');
    assert.equal(other.innerHTML, 'plain', 'an unknown language stays plain');
    assertInert(div, 'coloured code');
  });

  it('highlights fenced code of known languages and gives every code block its four buttons', () => {
    const out = render('```ts\nconst a: number = 1;\n```\n\n```unknownlang\n<b>not html</b>\n```\n\n    indented block\n');
    const blocks = out.querySelectorAll('.code-block');
    assert.equal(blocks.length, 3);
    assert.ok(blocks[0].querySelector('code .hljs-keyword'), 'highlighted');
    assert.equal(blocks[0].querySelector('.code-lang')?.textContent, 'ts');
    assert.equal(blocks[1].querySelector('code')?.textContent, '<b>not html</b>\n', 'unknown language shown as text');
    assert.equal(blocks[1].querySelector('b'), null);
    for (const b of Array.from(blocks)) {
      const labels = Array.from(b.querySelectorAll('button')).map((x) => x.getAttribute('aria-label'));
      assert.deepEqual(labels, ['Copy code', 'Insert at cursor', 'Replace selection', 'Save as new file']);
    }
    assertInert(out, 'code blocks');
  });

  it('does not linkify bare file names as web sites', () => {
    const out = render('Edit main.rs and app.py, then see www.example.com.');
    assert.equal(out.querySelectorAll('a').length, 0);
  });
});

describe('markdown sanitizing (model output is untrusted)', () => {
  const active: Array<[string, string]> = [
    ['script', '<script>alert(1)</script>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['svg onload', '<svg onload=alert(1)><circle/></svg>'],
    ['iframe', '<iframe src="https://evil.example"></iframe>'],
    ['style', '<style>body{display:none}</style>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
    ['form', '<form action="https://evil.example"><button>Go</button></form>'],
    ['onclick link', '<a href="#" onclick="alert(1)">x</a>'],
    ['video poster', '<video poster="https://capture.example/p.png"></video>'],
    ['link prefetch', '<link rel="prefetch" href="https://capture.example/x">'],
    ['css url', '<div style="background:url(https://capture.example/x)">x</div>'],
    ['base', '<base href="https://evil.example/">'],
  ];
  for (const [name, payload] of active) {
    it(`renders raw HTML as text, not markup: ${name}`, () => {
      const out = render(`Before\n\n${payload}\n\nAfter ${payload}`);
      assertInert(out, name);
      assert.ok(out.textContent?.includes(payload.slice(0, 8)), 'shown as literal text');
    });
  }

  const schemes = [
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%22%7D',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'vscode://vscode.git/clone?url=https://evil.example',
    'vbscript:msgbox(1)',
  ];
  for (const href of schemes) {
    it(`renders a ${href.split(':')[0]}: link as plain text`, () => {
      for (const md of [`[click](${href})`, `<${href}>`, `[click][r]\n\n[r]: ${href}`]) {
        const out = render(md);
        // (An https URL written inside the text may still be linked on its own: that is a real web link.)
        const hrefs = Array.from(out.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? '');
        assert.ok(hrefs.every((h) => /^https?:/.test(h) && !h.toLowerCase().startsWith(href.slice(0, 6).toLowerCase())), `${md} -> ${hrefs.join(', ')}`);
        assert.ok((out.textContent ?? '').length > 0, 'the text is still there');
        assertInert(out, md);
      }
    });
  }

  it('never loads images: inline, reference-style and raw, each shown as a placeholder with the URL', () => {
    const secret = 'https://capture.example/p.png?q=c2VjcmV0';
    const cases = [`![logo](${secret})`, `![logo][r]\n\n[r]: ${secret}`, `![logo][]\n\n[logo]: ${secret}`, `<img src="${secret}">`, `![x](data:image/png;base64,iVBORw0KGgo=)`];
    for (const md of cases) {
      const out = render(md);
      assert.equal(out.querySelectorAll('img').length, 0, md);
      assertInert(out, md);
    }
    const inline = render(`![logo](${secret})`);
    const placeholder = inline.querySelector('.md-image');
    assert.match(placeholder?.textContent ?? '', /Image not loaded: logo/);
    assert.ok(placeholder?.textContent?.includes(secret), 'the URL is shown as text');
    const ref = render(`![logo][r]\n\n[r]: ${secret}`);
    assert.ok(ref.querySelector('.md-image')?.textContent?.includes(secret), 'reference-style too');
  });

  it('the second layer alone removes what markdown-it would never produce', () => {
    const frag = renderer.sanitizeAndEnhance(
      '<p onclick="x()">ok</p><img src="https://capture.example/x"><script>alert(1)</script><a href="javascript:alert(1)">js</a><a href="command:x">cmd</a>' +
        '<iframe src="https://evil"></iframe><form action="https://evil"><input name="a"></form><style>*{}</style><meta http-equiv="refresh" content="0">' +
        '<svg><image href="https://capture.example/y"/></svg><p style="color:red" data-x="1" aria-hidden="true">styled</p><a href="https://ok.example">fine</a>',
      { citations: [], citationBase: 1 },
    );
    const div = win.document.createElement('div');
    div.append(frag);
    assertInert(div, 'second layer');
    assert.deepEqual(Array.from(div.querySelectorAll('a')).map((a) => a.textContent), ['fine']);
    assert.ok(div.textContent?.includes('js') && div.textContent.includes('cmd'), 'unsafe links keep their text');
    assert.equal(div.querySelector('p')?.getAttributeNames().length, 0);
  });

  it('the second layer cleans stray closing tags, and its allowlist holds on every call (it is set once)', () => {
    for (let i = 0; i < 3; i++) {
      const frag = renderer.sanitizeAndEnhance(
        '</span></span><img src="https://capture.example/x" onerror="x()"></body></html><script>alert(1)</script><p onclick="x()">after</p><span><em>kept</em></span>',
        { citations: [], citationBase: 1 },
      );
      const div = win.document.createElement('div');
      div.append(frag);
      assertInert(div, `closing tags, call ${i + 1}`);
      assert.ok(div.textContent?.includes('after') && div.querySelector('em')?.textContent === 'kept');
      for (const el of Array.from(div.querySelectorAll('*'))) assert.equal(el.ownerDocument, win.document);
    }
  });
});

describe('citations', () => {
  const citations = [
    { title: 'Sky colour', url: 'https://a.example/sky' },
    { title: 'Rayleigh', url: 'https://b.example/r' },
    { title: 'Bad scheme', url: 'javascript:alert(1)' },
  ];

  it('turns ^1^, ^1,2^ and [REF]2[/REF] markers into links to the sources', () => {
    const out = render('The sky is blue^1^. Really^1,2^. Also [REF]2[/REF].', { citations, citationBase: 1 });
    const links = Array.from(out.querySelectorAll('sup.citation a'));
    assert.deepEqual(links.map((a) => [a.textContent, a.getAttribute('href')]), [
      ['[1]', 'https://a.example/sky'],
      ['[1]', 'https://a.example/sky'],
      ['[2]', 'https://b.example/r'],
      ['[2]', 'https://b.example/r'],
    ]);
    assert.ok(!out.textContent?.includes('^1^') && !out.textContent?.includes('[REF]'));
  });

  it('reads 0-based markers, leaves unknown numbers and code alone, never links a bad URL', () => {
    const out = render('First^0^ and ^9^ and `^1^` and third^2^', { citations, citationBase: 0 });
    const sups = Array.from(out.querySelectorAll('sup.citation'));
    assert.equal(sups.length, 2);
    assert.equal(sups[0].querySelector('a')?.getAttribute('href'), 'https://a.example/sky');
    assert.equal(sups[1].querySelector('a'), null, 'javascript: source is not a link');
    assert.equal(sups[1].textContent, '[3]');
    assert.ok(out.textContent?.includes('^9^'));
    assert.equal(out.querySelector('code')?.textContent, '^1^');
  });
});
