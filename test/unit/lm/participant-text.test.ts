import * as assert from 'node:assert/strict';
import { escapeMarkdown, fenceFor, formatContextBlock, parseCharacterArgs, sourceLinks, sourcesMarkdown, withContext } from '../../../src/participant/text';

describe('participant: text helpers', () => {
  it('escapes Markdown in untrusted titles so they cannot become links, images or HTML', () => {
    const out = escapeMarkdown('![x](https://evil.example/p.png) <img src=x> [a](javascript:alert(1))');
    assert.ok(!/(^|[^\\])!\[/.test(out));
    assert.ok(!/(^|[^\\])</.test(out));
    assert.ok(!/(^|[^\\])\]\(/.test(out));
    assert.equal(escapeMarkdown('a\nb\tc'), 'a b c');
    assert.equal(escapeMarkdown('x'.repeat(300), 10).length, 10);
  });

  it('keeps only http(s) citations, once each, without credentials', () => {
    const links = sourceLinks([
      { title: 'Good', url: 'https://example.com/a' },
      { title: 'Dup', url: 'https://example.com/a' },
      { title: 'JS', url: 'javascript:alert(1)' },
      { title: 'File', url: 'file:///etc/passwd' },
      { title: 'Creds', url: 'https://user:pw@example.com/' },
      { title: 'Cmd', url: 'command:workbench.action.reloadWindow' },
      { title: '', url: 'http://news.example.org/x?q=1' },
      { title: 'Broken', url: 'not a url' },
    ]);
    assert.deepEqual(links, [
      { url: 'https://example.com/a', title: 'Good' },
      { url: 'http://news.example.org/x?q=1', title: 'news.example.org' },
    ]);
  });

  it('lists sources as numbered links with escaped titles', () => {
    const md = sourcesMarkdown([{ url: 'https://example.com/a_(b)', title: 'A *bold* [title]' }]);
    assert.match(md, /\*\*Sources\*\*/);
    assert.match(md, /1\. \[A \\\*bold\\\* \\\[title\\\]\]\(<https:\/\/example\.com\/a_\(b\)>\)/);
    assert.equal(sourcesMarkdown([]), '');
  });

  it('parses /character arguments', () => {
    assert.deepEqual(parseCharacterArgs('  '), { kind: 'list' });
    assert.deepEqual(parseCharacterArgs('alan-watts what is zen?\nreally'), { kind: 'ask', slug: 'alan-watts', question: 'what is zen?\nreally' });
    assert.deepEqual(parseCharacterArgs('socrates'), { kind: 'ask', slug: 'socrates', question: '' });
    assert.equal(parseCharacterArgs('../../etc hi').kind, 'invalid');
    assert.equal(parseCharacterArgs('a?b=c hi').kind, 'invalid');
  });

  it('fences referenced content so it cannot close its own block', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('has ```` four'), '`````');
    const block = formatContextBlock({ label: 'src/a.ts', content: 'x ``` y', languageId: 'typescript', startLine: 3, endLine: 4 });
    assert.equal(block, 'Context from `src/a.ts` (lines 3-4):\n\n````typescript\nx ``` y\n````');
    assert.equal(withContext('Explain', []), 'Explain');
    assert.match(withContext('Explain', [{ label: 'a', content: 'b' }]), /^Explain\n\nContext from `a`:/);
  });
});
