import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { codeBlocksIn, languageIdFor } from '../../../src/chat/codeBlocks';
import { conversationToMarkdown } from '../../../src/chat/markdownExport';
import type { Conversation } from '../../../src/chat/model';
import { speakableText } from '../../../src/chat/speechText';
import { keyArgs, modelViews } from '../../../src/chat/view';
import { MarkdownRenderer } from '../../../webview-ui/chat/render/markdown';
import { textModel } from './fakes';

describe('markdown export', () => {
  const conv: Conversation = {
    version: 1,
    id: 'c1',
    title: 'Fix [the] *bug*',
    createdAt: 0,
    updatedAt: 0,
    entries: [
      { id: 'u1', role: 'user', text: 'Why does this fail?', createdAt: 0, attachments: [{ id: 'a', kind: 'file', label: 'a.ts', path: 'src/a.ts', languageId: 'typescript', content: 'throw 1;', lines: 1, bytes: 8 }] },
      {
        id: 'x1',
        role: 'assistant',
        createdAt: 0,
        state: 'stopped',
        model: 'glm',
        notes: ['Left out 2 earlier messages.'],
        citations: [{ title: 'MDN', url: 'https://developer.mozilla.org/x y' }],
        usage: { promptTokens: 10, completionTokens: 5, costUsd: 0.0001 },
        rounds: [
          { text: '', reasoning: 'hmm', toolCalls: [{ id: 't1', name: 'read_file', arguments: '{"path":"src/a.ts"}', status: 'done', summary: 'read 1 line' }] },
          { text: 'Because `throw 1` throws.^1^', reasoning: '', toolCalls: [] },
        ],
      },
    ],
  };

  it('writes a readable document: headings per message, context fenced, tools, sources, state and usage', () => {
    const md = conversationToMarkdown(conv, new Date(Date.UTC(2026, 10, 25, 9, 30)));
    assert.ok(md.startsWith('# Fix \\[the\\] \\*bug\\*\n'), 'title cannot inject markup');
    assert.match(md, /_Exported from Venice AI for VS Code on 2026-11-25 09:30 UTC\._/);
    assert.match(md, /## You\n\nWhy does this fail\?\n\nContext from `src\/a\.ts`:\n\n```typescript\nthrow 1;\n```/);
    assert.match(md, /## Venice \(glm\)/);
    assert.match(md, /<details><summary>Thinking<\/summary>\n\n```text\nhmm\n```/);
    assert.match(md, /- Tool `read_file` \(done\): read 1 line\n\n```json\n\{"path":"src\/a\.ts"\}\n```/);
    assert.match(md, /Because `throw 1` throws\.\^1\^/);
    assert.match(md, /1\. MDN — <https:\/\/developer\.mozilla\.org\/x%20y>/);
    assert.match(md, /_Stopped by the user\._/);
    assert.match(md, /_10 tokens in, 5 out, \$0\.0001_/);
  });
});

describe('code blocks found by the host', () => {
  const dom = new JSDOM('<!DOCTYPE html><body></body>');
  const renderer = new MarkdownRenderer(dom.window as unknown as Window & typeof globalThis);
  const samples = [
    'Text\n\n```ts\nconst a = 1;\n```\n\nMore\n\n```\nplain\n```',
    '1. Step\n\n   ```bash\n   npm i\n   ```\n\n> quote\n>\n> ```py\n> print(1)\n> ```\n',
    'Indented:\n\n    code here\n\n- list\n\n      list code\n',
    '```js\nunclosed fence still streaming',
    'No code at all, just `inline`.',
  ];

  it('are the same blocks, in the same order, as the webview shows', () => {
    for (const md of samples) {
      const div = dom.window.document.createElement('div');
      div.append(renderer.renderDocument(md));
      const shown = Array.from(div.querySelectorAll('.code-block code')).map((c) => c.textContent);
      assert.deepEqual(codeBlocksIn(md).map((b) => b.code), shown, md);
    }
    assert.deepEqual(codeBlocksIn(samples[1]).map((b) => b.language), ['bash', 'py']);
  });

  it('maps fence names to VS Code language ids', () => {
    assert.equal(languageIdFor('ts'), 'typescript');
    assert.equal(languageIdFor('PY'), 'python');
    assert.equal(languageIdFor('sh'), 'shellscript');
    assert.equal(languageIdFor(''), 'plaintext');
    assert.equal(languageIdFor('go'), 'go');
  });
});

describe('views of API data', () => {
  it('lists usable text models only, with well-formed ids, bounded names and their details', () => {
    const models = modelViews([
      textModel('zai-org-glm-5-2', {
        name: 'GLM 5.2',
        availableContextTokens: 1_000_000,
        privacy: 'private',
        capabilities: { supportsFunctionCalling: true, supportsWebSearch: true, supportsReasoning: true, optimizedForCode: true },
        pricing: { input: { usd: 1.4 }, output: { usd: 4.4 } },
        deprecation: { date: '2026-10-30T00:00:00Z' },
      }),
      textModel('offline-one', { offline: true }),
      textModel('<img src=x onerror=alert(1)>'),
      textModel('x'.repeat(300)),
      textModel('long-name', { name: 'N'.repeat(500) }),
      { id: 'an-image-model', type: 'image', model_spec: {} },
    ]);
    assert.deepEqual(models.map((m) => m.id), ['zai-org-glm-5-2', 'long-name']);
    assert.deepEqual(models[0], {
      id: 'zai-org-glm-5-2',
      name: 'GLM 5.2',
      contextTokens: 1_000_000,
      maxCompletionTokens: undefined,
      capabilities: ['tools', 'web search', 'reasoning', 'code'],
      privacy: 'private',
      priceInUsd: 1.4,
      priceOutUsd: 4.4,
      deprecated: '2026-10-30T00:00:00Z',
      beta: undefined,
    });
    assert.equal(models[1].name.length, 100);
    assert.equal(modelViews(Array.from({ length: 800 }, (_, i) => textModel(`m-${i}`))).length, 500, 'capped');
  });

  it('summarizes tool arguments by their telling keys', () => {
    assert.equal(keyArgs('{"content":"x","path":"src/a.ts","line":3}'), 'path: src/a.ts, line: 3, content: x');
    assert.equal(keyArgs('{not json'), 'arguments are not valid JSON');
    assert.equal(keyArgs(''), '');
    assert.match(keyArgs(JSON.stringify({ query: 'q'.repeat(200) })), /^query: q{57}…$/);
  });

  it('reads answers aloud without markup, code or citation markers', () => {
    const text = speakableText('# Title\n\nSome **bold** and `code` with a [link](https://x.example)^1^.\n\n```ts\nconst a = 1;\n```\n\n- item one\n- item two');
    assert.equal(text, 'Title\n\nSome bold and code with a link.\n\n (code omitted) \n\nitem one\nitem two');
  });
});
