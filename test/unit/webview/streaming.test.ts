import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { MarkdownRenderer, type RenderContext } from '../../../webview-ui/chat/render/markdown';
import { CHUNK_ELEMENTS, StreamingMarkdown } from '../../../webview-ui/chat/render/streaming';

const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
const win = dom.window as unknown as Window & typeof globalThis;
const doc = win.document;
const renderer = new MarkdownRenderer(win);

function oneShot(text: string, ctx?: RenderContext): string {
  const div = doc.createElement('div');
  div.append(renderer.renderDocument(text, ctx));
  return div.innerHTML;
}

/** Streams `text` in pieces of the given sizes (cycled) and returns the final HTML. */
function streamed(text: string, sizes: number[], ctx?: RenderContext): string {
  const div = doc.createElement('div');
  const view = new StreamingMarkdown(div, renderer);
  if (ctx) view.setContext(ctx);
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    at = Math.min(text.length, at + sizes[i % sizes.length]);
    view.update(text.slice(0, at));
  }
  return div.innerHTML;
}

const samples: Record<string, string> = {
  paragraphs: 'First paragraph with *emphasis*.\n\nSecond one, with a [link](https://venice.ai).\n\nThird.',
  'setext heading': 'Title\n=====\n\nText under it.\nSubtitle\n--------\n',
  lists: '- one\n- two\n\n- three (now loose)\n\nAfter the list.\n\n1. a\n2. b\n   continued\n\n3. c\n',
  'nested list with code': '1. Step one:\n\n   ```bash\n   npm install\n   ```\n\n2. Step two\n   - sub item\n\nDone.',
  table: 'Intro\n\n| Name | Value |\n|:-----|------:|\n| a | 1 |\n| b | 2 |\n\nAfter table.',
  'code fence': 'Here:\n\n```ts\nfunction f(x: number) {\n  return x * 2;\n}\n```\n\nAnd inline `code`.',
  'unclosed fence while streaming': 'Start\n\n```python\ndef f():\n    return 1\n\n\nprint(f())\n```\nend',
  'indented code with blank lines': 'Para\n\n    line 1\n\n    line 2\n\nPara 2',
  'block quote lazy continuation': '> quoted\nlazy line\n\n> another\n\nplain',
  'reference link defined later': 'See [the docs][d] and [more][m].\n\nMiddle paragraph.\n\n[d]: https://docs.venice.ai\n[m]: https://venice.ai "Venice"\n\nTail.',
  'images and html': 'Look ![alt](https://capture.example/x.png) and <b>bold</b>\n\n<script>x</script>\n\n![ref][i]\n\n[i]: https://capture.example/y.png',
  'headings and rules': '# H1\ntext\n## H2\n***\n- a\n---\ntext',
  'crlf line ends': 'Line one\r\n\r\nLine two\r\n- item\r\n',
  citations: 'Blue sky^1^.\n\nMore^1,2^ and [REF]2[/REF].',
};

describe('incremental (streamed) markdown rendering', () => {
  for (const [name, text] of Object.entries(samples)) {
    it(`streams to the same DOM as a one-shot render: ${name}`, () => {
      const ctx: RenderContext | undefined = name === 'citations' ? { citations: [{ title: 'A', url: 'https://a.example' }, { title: 'B', url: 'https://b.example' }], citationBase: 1 } : undefined;
      const expected = oneShot(text, ctx);
      for (const sizes of [[1], [3, 1, 7], [17]]) {
        assert.equal(streamed(text, sizes, ctx), expected, `chunk sizes ${sizes.join(',')}`);
      }
    });
  }

  it('keeps finished blocks: earlier DOM nodes survive later updates (only the tail is re-rendered)', () => {
    const div = doc.createElement('div');
    const view = new StreamingMarkdown(div, renderer);
    view.update('First paragraph.\n\nSecond line one\n');
    const first = div.querySelector('p');
    assert.equal(first?.textContent, 'First paragraph.');
    const rendered: string[] = [];
    const original = renderer.renderBlocks.bind(renderer);
    renderer.renderBlocks = (blocks, env, ctx) => {
      for (const b of blocks) rendered.push(b.tokens.find((t) => t.type === 'inline')?.content ?? '');
      return original(blocks, env, ctx);
    };
    try {
      for (const piece of ['and two', '.\n\nThird', ' one.\n', 'Fourth']) view.update(`${view.text}${piece}`);
    } finally {
      renderer.renderBlocks = original;
    }
    assert.equal(div.querySelector('p'), first, 'the first paragraph is the same node');
    assert.ok(!rendered.includes('First paragraph.'), 'and it was never rendered again');
    assert.equal(rendered.length, 6);
    assert.deepEqual(Array.from(div.querySelectorAll('p')).map((p) => p.textContent), ['First paragraph.', 'Second line one\nand two.', 'Third one.\nFourth']);
  });

  it('costs about the same per update at the end of a long answer as at its start', () => {
    const div = doc.createElement('div');
    const view = new StreamingMarkdown(div, renderer);
    let text = '';
    for (let i = 0; i < 300; i++) text += `Paragraph ${i} with some words in it.\n\n`;
    view.update(text);
    let rendered = 0;
    const original = renderer.renderBlocks.bind(renderer);
    renderer.renderBlocks = (blocks, env, ctx) => {
      for (const b of blocks) rendered += b.tokens.length;
      return original(blocks, env, ctx);
    };
    try {
      for (let i = 0; i < 20; i++) view.update(`${view.text}word `);
    } finally {
      renderer.renderBlocks = original;
    }
    // A full render is ~900 tokens; 20 updates touch only the last two paragraphs each time.
    assert.ok(rendered <= 20 * 6, `rendered ${rendered} tokens for 20 small updates`);
    assert.equal(div.querySelectorAll('p').length, 301);
  });

  it('groups the finished blocks of a long answer in chunks the browser can skip, the same however the text arrived', () => {
    let text = '';
    for (let i = 0; i < 3 * CHUNK_ELEMENTS + 5; i++) text += i % 7 === 3 ? `\`\`\`ts\nconst n${i} = ${i};\n\`\`\`\n\n` : `Paragraph ${i}.\n\n`;
    const chunked = streamed(text, [text.length]);
    for (const sizes of [[1, 5, 23], [301]]) assert.equal(streamed(text, sizes), chunked, `pieces of ${sizes.join(',')}`);
    const div = doc.createElement('div');
    div.innerHTML = chunked;
    const chunks = Array.from(div.children).filter((c) => c.classList.contains('md-chunk'));
    assert.equal(chunks.length, 3, 'full chunks only; the rest stays loose');
    for (const c of chunks) assert.equal(c.childElementCount, CHUNK_ELEMENTS);
    // Without the chunk elements it is exactly the one-shot render.
    for (const c of chunks) c.replaceWith(...Array.from(c.childNodes));
    assert.equal(div.innerHTML, oneShot(text));
  });

  it('starts over when the text is replaced rather than appended', () => {
    const div = doc.createElement('div');
    const view = new StreamingMarkdown(div, renderer);
    view.update('Old text.\n\nMore old.');
    view.update('New text.');
    assert.equal(div.innerHTML, oneShot('New text.'));
  });

  it('re-renders kept blocks once when citations arrive', () => {
    const div = doc.createElement('div');
    const view = new StreamingMarkdown(div, renderer);
    view.update('Fact^1^.\n\nNext');
    assert.equal(div.querySelectorAll('sup.citation').length, 0);
    const ctx: RenderContext = { citations: [{ title: 'S', url: 'https://s.example' }], citationBase: 1 };
    view.setContext(ctx);
    assert.equal(div.querySelector('sup.citation a')?.getAttribute('href'), 'https://s.example');
    assert.equal(div.innerHTML, oneShot('Fact^1^.\n\nNext', ctx));
  });
});
