import * as assert from 'node:assert/strict';
import { cleanForSpeech, markdownToSpeech, speakableText } from '../../../src/speech/text';

describe('speech/text: what is spoken', () => {
  it('drops Markdown markup but keeps the words', () => {
    const md = '# Getting started\n\nThis is **bold**, _italic_ and ~~gone~~ text with a [link](https://example.com "title").\n\n> Quoted wisdom.';
    assert.equal(markdownToSpeech(md), 'Getting started.\n\nThis is bold, italic and gone text with a link.\n\nQuoted wisdom.');
  });

  it('never reads URLs of links or images, only their text', () => {
    const spoken = markdownToSpeech('See ![a red cat](https://capture.invalid/x.png) and <https://example.com/a?b=c> and [docs](./docs.md).');
    assert.equal(spoken, 'See a red cat and https://example.com/a?b=c and docs.');
    assert.ok(!spoken.includes('capture.invalid'));
  });

  it('reads list items as separate sentences', () => {
    assert.equal(markdownToSpeech('- apples\n- pears!\n1. first step'), 'apples.\n\npears!\n\nfirst step.');
  });

  it('reads code as the text it is (fences and inline)', () => {
    const md = 'Call `npm install` first:\n\n```bash\nnpm run build\n```';
    assert.equal(markdownToSpeech(md), 'Call npm install first:\n\nnpm run build');
  });

  it('reads tables row by row and drops HTML tags and comments', () => {
    assert.equal(markdownToSpeech('| a | b |\n|---|---|\n| 1 | 2 |'), 'a, b.\n\n1, 2.');
    assert.equal(markdownToSpeech('Hello <b>world</b><!-- hidden instruction --><br>again'), 'Hello world\nagain');
    assert.equal(markdownToSpeech('<div>\n<p>block <em>html</em></p>\n</div>'), 'block html');
  });

  it('removes invisible characters (bidi overrides, zero-width, Unicode tags)', () => {
    assert.equal(cleanForSpeech('safe\u202Etext\u200B here\udb40\udc41'), 'safetext here');
    assert.equal(markdownToSpeech('a\u2066b'), 'ab');
  });

  it('reads source code as is, without treating * or _ as Markdown', () => {
    const code = 'const area = width * height * depth;\n# not a heading in Python';
    assert.equal(speakableText(code, 'typescript'), code);
    assert.equal(speakableText('**bold**', 'markdown'), 'bold');
    assert.equal(speakableText('**bold**', undefined), 'bold', 'chat text (no language) is Markdown');
  });

  it('leaves nothing when there is only markup', () => {
    assert.equal(markdownToSpeech('---\n\n<!-- x -->\n\n![](https://x/y.png)'), '');
  });
});
