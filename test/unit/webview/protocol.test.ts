import * as assert from 'node:assert/strict';
import { isAllowedLink, MAX_ATTACHMENTS, MAX_HREF_CHARS, MAX_INPUT_CHARS, parseToHost, type ToHost } from '../../../src/shared/protocol';

const ID = '0b5c7d3e-1f2a-4b6c-8d9e-0f1a2b3c4d5e';

const valid: ToHost[] = [
  { type: 'ready' },
  { type: 'send', text: 'hello', attachmentIds: [ID] },
  { type: 'stop', requestId: ID },
  { type: 'regenerate', messageId: ID },
  { type: 'editLast', messageId: ID, text: 'again' },
  { type: 'newChat' },
  { type: 'switchConversation', conversationId: ID },
  { type: 'renameConversation', conversationId: ID },
  { type: 'deleteConversation', conversationId: ID },
  { type: 'exportConversation', conversationId: ID },
  { type: 'selectModel', modelId: 'zai-org-glm-5-2' },
  { type: 'selectModel', modelId: '' },
  { type: 'refreshModels' },
  { type: 'addContext' },
  { type: 'removeAttachment', attachmentId: ID },
  { type: 'codeAction', action: 'insert', messageId: ID, index: 2 },
  { type: 'openLink', href: 'https://venice.ai/docs' },
  { type: 'approval', approvalId: ID, decision: 'apply' },
  { type: 'review', approvalId: ID },
  { type: 'errorAction', action: 'setApiKey' },
  { type: 'readAloud', messageId: ID },
  { type: 'loadOlder', conversationId: ID, beforeId: ID },
  { type: 'resendMessage', conversationId: ID, messageId: ID },
  { type: 'mentionFiles', query: 'src/gr' },
  { type: 'mentionFiles', query: '' },
  { type: 'addMention', kind: 'file', value: 'src/greet.ts' },
  { type: 'addMention', kind: 'url', value: 'https://docs.example.com/api' },
  { type: 'addMention', kind: 'selection' },
  { type: 'addMention', kind: 'problems' },
  { type: 'addMention', kind: 'terminal' },
  { type: 'addMention', kind: 'git' },
];

describe('webview -> host protocol validation', () => {
  it('accepts every message of the protocol and returns a fresh copy', () => {
    for (const m of valid) {
      const raw = JSON.parse(JSON.stringify(m)) as unknown;
      const parsed = parseToHost(raw);
      assert.deepEqual(parsed, m, m.type);
      assert.notEqual(parsed, raw, 'a new object, not the input');
    }
  });

  it('rejects forged commands: there is no generic run-command, open-path or set-config message', () => {
    for (const forged of [
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'setConfig', key: 'apiBaseUrl', value: 'https://evil.example' },
      { type: 'errorAction', action: 'workbench.action.terminal.new' },
      { type: 'codeAction', action: 'exec', messageId: ID, index: 0 },
      { type: 'approval', approvalId: ID, decision: 'yes' },
    ]) {
      assert.equal(parseToHost(forged), undefined, JSON.stringify(forged));
    }
  });

  it('mentions: known kinds only, a value only where the host reads one, bounded', () => {
    for (const bad of [
      { type: 'addMention', kind: 'command' },
      { type: 'addMention', kind: 'file' },
      { type: 'addMention', kind: 'url', value: '   ' },
      { type: 'addMention', kind: 'url', value: 'x'.repeat(MAX_HREF_CHARS + 1) },
      { type: 'mentionFiles', query: 'x'.repeat(201) },
      { type: 'mentionFiles' },
    ]) {
      assert.equal(parseToHost(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
    // A value sent with a kind that has none is dropped, not passed on.
    assert.deepEqual(parseToHost({ type: 'addMention', kind: 'git', value: '--output=/tmp/x' }), { type: 'addMention', kind: 'git' });
  });

  it('rejects missing, mistyped and oversized fields', () => {
    const bad: unknown[] = [
      { type: 'send' },
      { type: 'send', text: 123, attachmentIds: [] },
      { type: 'send', text: 'x', attachmentIds: 'a' },
      { type: 'send', text: 'x'.repeat(MAX_INPUT_CHARS + 1), attachmentIds: [] },
      { type: 'send', text: 'x', attachmentIds: Array.from({ length: MAX_ATTACHMENTS + 1 }, () => ID) },
      { type: 'send', text: 'x', attachmentIds: ['../../etc'] },
      { type: 'stop', requestId: '' },
      { type: 'stop', requestId: 'x'.repeat(65) },
      { type: 'regenerate', messageId: '<img src=x>' },
      { type: 'codeAction', action: 'copy', messageId: ID, index: -1 },
      { type: 'codeAction', action: 'copy', messageId: ID, index: 1.5 },
      { type: 'codeAction', action: 'copy', messageId: ID, index: 1e9 },
      { type: 'codeAction', action: 'copy', messageId: ID, index: '1' },
      { type: 'openLink', href: '' },
      { type: 'openLink', href: `https://x.example/${'a'.repeat(MAX_HREF_CHARS)}` },
      { type: 'selectModel', modelId: '<img src=x onerror=alert(1)>' },
      { type: 'selectModel', modelId: 'x'.repeat(201) },
      { type: 'selectModel' },
      { type: 'resendMessage', conversationId: ID },
      { type: 'resendMessage', conversationId: ID, messageId: '../x' },
      { type: 'resendMessage', conversationId: 7, messageId: ID },
    ];
    for (const m of bad) assert.equal(parseToHost(m), undefined, JSON.stringify(m).slice(0, 120));
  });

  it('accepts a 100 000-character message but not a 20 MB one', () => {
    assert.ok(parseToHost({ type: 'send', text: 'x'.repeat(MAX_INPUT_CHARS), attachmentIds: [] }));
    assert.equal(parseToHost({ type: 'send', text: 'x'.repeat(20 * 1024 * 1024), attachmentIds: [] }), undefined);
  });

  it('rejects null, strings, arrays, numbers and non-plain objects', () => {
    class Message {
      type = 'ready';
    }
    for (const m of [null, undefined, 'ready', '{"type":"ready"}', ['ready'], [{ type: 'ready' }], 42, true, new Message(), Object.create({ type: 'ready' }), new Date()]) {
      assert.equal(parseToHost(m), undefined, String(m));
    }
  });

  it('ignores __proto__ keys: nothing is copied and no prototype is polluted', () => {
    const raw = JSON.parse('{"type":"send","text":"hi","attachmentIds":[],"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}') as unknown;
    const parsed = parseToHost(raw);
    assert.deepEqual(parsed, { type: 'send', text: 'hi', attachmentIds: [] });
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
    assert.ok(parsed && !Object.prototype.hasOwnProperty.call(parsed, '__proto__'));
    assert.equal(parseToHost(JSON.parse('{"__proto__":{"admin":true},"type":"send"}')), undefined);
    assert.equal(parseToHost(JSON.parse('{"__proto__":{"type":"ready"}}')), undefined, 'a type inherited through __proto__ does not count');
  });
});

describe('link allowlist', () => {
  it('allows http, https and mailto only', () => {
    for (const ok of ['https://venice.ai', 'http://localhost:3000/x?y=1', 'mailto:support@venice.ai', '  https://example.com  ']) assert.ok(isAllowedLink(ok), ok);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D',
      'vscode://vscode.git/clone?url=https://evil',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/relative',
      'https://',
      '',
    ]) {
      assert.equal(isAllowedLink(bad), false, bad);
    }
  });
});
