import * as assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { JSDOM } from 'jsdom';
import { answer, harness, key, state, user } from './appHarness';

describe('chat webview app', () => {
  it('has the accessible names the end-to-end tests and screen readers use', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Question'), answer('a1', 'Answer with code:\n\n```js\nlet x = 1;\n```')] }) });
    h.frame();
    assert.ok(h.byRole('textbox', 'Chat input'));
    assert.ok(h.byRole('button', 'Send'));
    assert.ok(h.byRole('button', 'New chat'));
    assert.equal(h.byRole('button', 'Stop'), undefined, 'Stop shows only while answering');
    const log = h.doc.querySelector('[role="log"]');
    assert.ok(log);
    const articles = Array.from(log.querySelectorAll('article')).map((a) => [a.getAttribute('aria-label'), a.getAttribute('data-state')]);
    assert.deepEqual(articles, [['You', null], ['Venice', 'done']]);
    for (const name of ['Copy code', 'Insert at cursor', 'Replace selection', 'Save as new file', 'Read aloud', 'Regenerate', 'Edit']) assert.ok(h.byRole('button', name), name);
  });

  it('Enter sends and clears the box, Shift+Enter does not send, empty input sends nothing', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    key(input, 'Enter');
    assert.equal(h.posted.filter((m) => m.type === 'send').length, 0);
    input.value = 'line one';
    key(input, 'Enter', { shiftKey: true });
    assert.equal(h.posted.filter((m) => m.type === 'send').length, 0);
    key(input, 'Enter');
    assert.deepEqual(h.posted.filter((m) => m.type === 'send'), [{ type: 'send', text: 'line one', attachmentIds: [] }]);
    assert.equal(input.value, '');
  });

  it('while answering shows Stop; Stop and Escape stop that request', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Q'), answer('a1', '', { state: 'streaming' })] }) });
    h.send({ type: 'busy', busy: { requestId: 'req1', conversationId: 'conv1', messageId: 'a1' } });
    assert.equal(h.byRole('button', 'Send'), undefined);
    const stop = h.byRole('button', 'Stop');
    assert.ok(stop);
    stop.click();
    key(h.byRole('textbox', 'Chat input') as HTMLElement, 'Escape');
    assert.deepEqual(h.posted.filter((m) => m.type === 'stop'), [{ type: 'stop', requestId: 'req1' }, { type: 'stop', requestId: 'req1' }]);
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    // Issue 14: Enter while answering no longer does nothing; the message goes to the host, which queues it.
    input.value = 'typed while busy';
    key(input, 'Enter');
    assert.deepEqual(h.posted.filter((m) => m.type === 'send'), [{ type: 'send', text: 'typed while busy', attachmentIds: [] }], 'queued by the host, not dropped');
  });

  it('renders streamed text once per frame and drops deltas of other requests', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Q'), answer('a1', '', { state: 'streaming' })] }) });
    h.send({ type: 'busy', busy: { requestId: 'req1', conversationId: 'conv1', messageId: 'a1' } });
    const article = h.doc.querySelector('article[data-message-id="a1"]') as HTMLElement;
    h.send({ type: 'delta', requestId: 'req1', conversationId: 'conv1', messageId: 'a1', round: 0, channel: 'text', text: '# Hel' });
    h.send({ type: 'delta', requestId: 'old-request', conversationId: 'conv1', messageId: 'a1', round: 0, channel: 'text', text: 'STALE' });
    h.send({ type: 'delta', requestId: 'req1', conversationId: 'conv1', messageId: 'a1', round: 0, channel: 'text', text: 'lo' });
    assert.equal(article.querySelector('h1'), null, 'nothing drawn before the frame');
    h.frame();
    assert.equal(article.querySelector('h1')?.textContent, 'Hello');
    assert.ok(!article.textContent?.includes('STALE'));
    h.send({ type: 'delta', requestId: 'req1', conversationId: 'conv1', messageId: 'a1', round: 0, channel: 'reasoning', text: 'pondering' });
    h.frame();
    const thinking = article.querySelector('details.reasoning') as HTMLDetailsElement;
    assert.ok(!thinking.hidden && !thinking.open, 'thinking shows collapsed');
    assert.equal(thinking.querySelector('summary')?.textContent?.startsWith('Thinking'), true);
    h.send({ type: 'messageUpdated', conversationId: 'conv1', message: answer('a1', '# Hello', { state: 'stopped', rounds: [{ text: '# Hello', reasoning: 'pondering', toolCalls: [] }] }) });
    assert.equal(article.getAttribute('data-state'), 'stopped');
    assert.equal(article.querySelector('.state-badge')?.textContent, 'Stopped');
  });

  it('sends link clicks to the host instead of navigating, and code buttons by message and position', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [answer('a1', 'See [docs](https://venice.ai/docs).\n\n```py\nprint(1)\n```\n\n```sh\nls\n```')] }) });
    h.frame();
    const link = h.doc.querySelector('.markdown a') as HTMLAnchorElement;
    const click = new (h.dom.window as unknown as typeof globalThis).MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    assert.ok(click.defaultPrevented, 'the webview never navigates');
    assert.deepEqual(h.posted.filter((m) => m.type === 'openLink'), [{ type: 'openLink', href: 'https://venice.ai/docs' }]);
    const second = h.doc.querySelectorAll('.code-block')[1];
    (second.querySelector('button[aria-label="Insert at cursor"]') as HTMLButtonElement).click();
    (h.doc.querySelector('button[aria-label="Copy code"]') as HTMLButtonElement).click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'codeAction'), [
      { type: 'codeAction', action: 'insert', messageId: 'a1', index: 1 },
      { type: 'codeAction', action: 'copy', messageId: 'a1', index: 0 },
    ]);
  });

  it('shows errors inline with their actions, and puts a failed message back in an empty box', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Hello?'), answer('a1', '', { state: 'error', rounds: [], error: { kind: 'noKey', message: 'Set your Venice API key first.', action: 'setApiKey' } })] }) });
    h.frame();
    const card = h.doc.querySelector('.error-card[role="alert"]');
    assert.match(card?.textContent ?? '', /Set your Venice API key first\./);
    h.send({ type: 'restoreDraft', text: 'Hello?' });
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    assert.equal(input.value, 'Hello?');
    (h.byRole('button', 'Set API Key') as HTMLButtonElement).click();
    (h.byRole('button', 'Retry') as HTMLButtonElement).click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'errorAction' || m.type === 'regenerate'), [
      { type: 'errorAction', action: 'setApiKey' },
      { type: 'regenerate', messageId: 'a1' },
    ]);
    assert.equal(input.value, '', 'Retry re-runs the message, so the restored copy goes');
    input.value = 'something new';
    h.send({ type: 'restoreDraft', text: 'Hello?' });
    assert.equal(input.value, 'something new', 'never overwrites what the user typed since');
  });

  it('shows an approval card with Apply / Reject / Review and reports the decision once', () => {
    const h = harness();
    const withTool = answer('a1', '', {
      state: 'streaming',
      rounds: [
        {
          text: 'Editing.',
          reasoning: '',
          toolCalls: [
            {
              id: 'c1',
              name: 'edit_file',
              keyArgs: 'path: src/a.ts',
              argsPreview: '{}',
              status: 'awaitingApproval',
              approval: { approvalId: 'ap1', title: 'Edit src/a.ts', detail: '- old\n+ <b>new</b>', warning: '.vscode is sensitive', canReview: true },
            },
          ],
        },
      ],
    });
    h.send({ type: 'state', state: state({ messages: [withTool] }) });
    h.frame();
    const detail = h.doc.querySelector('.approval-detail');
    assert.equal(detail?.textContent, '- old\n+ <b>new</b>', 'detail is plain text');
    assert.equal(detail?.querySelector('b'), null);
    assert.match(h.doc.querySelector('.approval-warning')?.textContent ?? '', /sensitive/);
    (h.byRole('button', 'Review') as HTMLButtonElement).click();
    (h.byRole('button', 'Apply') as HTMLButtonElement).click();
    (h.byRole('button', 'Reject') as HTMLButtonElement).click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'approval' || m.type === 'review'), [
      { type: 'review', approvalId: 'ap1' },
      { type: 'approval', approvalId: 'ap1', decision: 'apply' },
    ]);
    assert.match(h.doc.querySelector('.tool-call summary')?.textContent ?? '', /edit_file.*path: src\/a\.ts/);
  });

  it('shows sources, usage and the model, all as text', () => {
    const h = harness();
    h.send({
      type: 'state',
      state: state({
        messages: [
          answer('a1', 'Blue^1^.', {
            model: '<img src=x onerror=alert(1)>',
            usage: { promptTokens: 1200, completionTokens: 34, costUsd: 0.0021 },
            citations: [{ title: '<b>Sky</b>', url: 'https://sky.example/why', snippet: '<script>x</script>', date: '2025-04-16T16:55:11' }],
          }),
        ],
      }),
    });
    h.frame();
    const footer = h.doc.querySelector('.usage')?.textContent ?? '';
    assert.match(footer, /<img src=x onerror=alert\(1\)> · 1\.2k in · 34 out · \$0\.0021/);
    assert.equal(h.doc.querySelector('article img, article script, article b'), null);
    const source = h.doc.querySelector('.source-list li');
    assert.match(source?.textContent ?? '', /<b>Sky<\/b>sky\.example2025-04-16<script>x<\/script>/);
    assert.equal(h.doc.querySelector('sup.citation a')?.getAttribute('href'), 'https://sky.example/why');
  });

  it('lists models as text in the picker and reports the choice', () => {
    const h = harness();
    h.send({ type: 'state', state: state() });
    h.send({
      type: 'models',
      models: {
        models: [
          { id: 'glm', name: 'GLM <b>5</b>', contextTokens: 128_000, capabilities: ['tools'], privacy: 'private', priceInUsd: 1.4, priceOutUsd: 4.4 },
          { id: 'old', name: 'Old', capabilities: [], deprecated: '2026-10-30' },
        ],
        selected: 'glm',
        defaultModelId: 'old',
        loading: false,
      },
    });
    const select = h.doc.querySelector('select[aria-label="Model"]') as HTMLSelectElement;
    assert.deepEqual(Array.from(select.options).map((o) => o.textContent), ['Default (Old)', 'GLM <b>5</b> · 128k ctx', 'Old (deprecated)']);
    assert.equal(select.value, 'glm');
    assert.match(h.doc.querySelector('.model-info')?.textContent ?? '', /glm · 128k context · tools · private · \$1\.4 in \/ \$4\.4 out/);
    select.value = 'old';
    select.dispatchEvent(new (h.dom.window as unknown as typeof globalThis).Event('change'));
    assert.deepEqual(h.posted.at(-1), { type: 'selectModel', modelId: 'old' });
  });

  it('keeps the draft in the webview state and restores it after the view is recreated', async () => {
    const h = harness();
    const input = h.byRole('textbox', 'Chat input') as HTMLTextAreaElement;
    input.value = 'half-written thought';
    input.dispatchEvent(new (h.dom.window as unknown as typeof globalThis).Event('input'));
    await new Promise((r) => setTimeout(r, 250));
    const last = h.saved.at(-1) as { draft: string };
    assert.equal(last.draft, 'half-written thought');
    assert.ok(!JSON.stringify(h.saved).includes('messages'), 'only UI state is kept, never the conversation');
    const again = harness(last);
    assert.equal((again.byRole('textbox', 'Chat input') as HTMLTextAreaElement).value, 'half-written thought');
  });

  it('edits the last question in place and sends the new text', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u0', 'older'), answer('a0', 'A0'), user('u1', 'Original'), answer('a1', 'A1')] }) });
    const edits = Array.from(h.doc.querySelectorAll<HTMLButtonElement>('button[aria-label="Edit"]'));
    assert.deepEqual(edits.map((b) => b.closest('article')?.hasAttribute('data-last')), [false, true], 'only the last question is editable');
    edits[1].click();
    const box = h.byRole('textbox', 'Edit message') as HTMLTextAreaElement;
    assert.equal(box.value, 'Original');
    box.value = 'Improved';
    key(box, 'Enter');
    assert.deepEqual(h.posted.filter((m) => m.type === 'editLast'), [{ type: 'editLast', messageId: 'u1', text: 'Improved' }]);
  });

  it('draws a long conversation newest-first: the newest at once, older ones in later frames', () => {
    const h = harness();
    const messages = Array.from({ length: 100 }, (_, i) => (i % 2 ? answer(`a${i}`, `Answer **${i}**`) : user(`u${i}`, `Question ${i}`)));
    h.send({ type: 'state', state: state({ messages }) });
    const ids = () => Array.from(h.doc.querySelectorAll('article')).map((a) => a.getAttribute('data-message-id'));
    const first = ids();
    assert.ok(first.length >= 10 && first.length < 100, `${first.length} drawn at once`);
    assert.deepEqual(first, messages.slice(-first.length).map((m) => m.id), 'the newest messages come first, in order');
    for (let i = 0; i < 100 && ids().length < 100; i++) h.frame();
    assert.deepEqual(ids(), messages.map((m) => m.id), 'in conversation order');
    assert.deepEqual(Array.from(h.doc.querySelectorAll('article[data-last]')).map((a) => a.getAttribute('data-message-id')), ['u98', 'a99']);
  });

  it('ignores messages for another conversation and removes messages on request', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [user('u1', 'Q'), answer('a1', 'A')] }) });
    h.send({ type: 'messageAdded', conversationId: 'other', message: user('u9', 'elsewhere') });
    assert.equal(h.doc.querySelectorAll('article').length, 2);
    h.send({ type: 'messagesRemoved', conversationId: 'conv1', messageIds: ['a1'] });
    assert.deepEqual(Array.from(h.doc.querySelectorAll('article')).map((a) => a.getAttribute('data-message-id')), ['u1']);
  });
});

describe('chat webview bundle', () => {
  it('posts ready, calls acquireVsCodeApi exactly once and never exposes the API on window', async function () {
    this.timeout(20_000);
    const built = await esbuild.build({
      entryPoints: ['webview-ui/chat/main.ts'],
      bundle: true,
      write: false,
      // The shipped bundle is an ES module (its top level is private anyway); an IIFE behaves the same under a classic eval here.
      format: 'iife',
      platform: 'browser',
      loader: { '.css': 'empty' },
      logLevel: 'silent',
    });
    const code = built.outputFiles[0].text;
    const dom = new JSDOM('<!DOCTYPE html><html><body><div id="app"></div></body></html>', { runScripts: 'outside-only', pretendToBeVisual: true });
    const win = dom.window as unknown as Record<string, unknown> & { eval(src: string): unknown };
    const posted: unknown[] = [];
    let calls = 0;
    const api = { postMessage: (m: unknown) => posted.push(m), getState: () => undefined, setState: () => undefined };
    win.acquireVsCodeApi = () => {
      calls++;
      return api;
    };
    win.eval(code);
    assert.equal(calls, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(posted)), [{ type: 'ready' }]);
    delete win.acquireVsCodeApi;
    for (const k of Object.getOwnPropertyNames(dom.window)) {
      let v: unknown;
      try {
        v = win[k];
      } catch {
        continue;
      }
      assert.notEqual(v, api, `window.${k} holds the VS Code API`);
    }
  });
});
