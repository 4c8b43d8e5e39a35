// run_command's live output in the chat webview: a new tail changes only the text of the card's
// output log (the same element, focus and a scrolled-up position kept), not the whole tool list;
// anything else that changes renders the list anew.
import * as assert from 'node:assert/strict';
import type { AnswerPatchView, AssistantMessageView, ToolCallView } from '../../../src/shared/protocol';
import { answer, harness, state } from './appHarness';

const running = (output: string | undefined, status: ToolCallView['status'] = 'running'): AssistantMessageView =>
  answer('a1', 'Running it.', {
    state: 'streaming',
    rounds: [{ text: 'Running it.', reasoning: '', toolCalls: [{ id: 'c1', name: 'run_command', keyArgs: 'command: yes', argsPreview: '{}', status, output }] }],
  });

const patchOf = (v: AssistantMessageView): AnswerPatchView => ({
  ...v,
  rounds: v.rounds.map((r) => ({ textLength: r.text.length, reasoningLength: r.reasoning.length, toolCalls: r.toolCalls })),
});

describe('webview: run_command output streams into the card', () => {
  it('replaces only the output text while the command runs, keeping the element and focus', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [running('line 1\n')] }) });
    h.frame();
    const log = h.byRole('log', 'Command output');
    assert.ok(log);
    assert.equal(log.textContent, 'line 1\n');
    const summary = h.doc.querySelector('.tool-call summary');
    log.focus();
    for (let i = 2; i <= 50; i++) {
      h.send({ type: 'answerUpdated', conversationId: 'conv1', message: patchOf(running(`line ${i}\n`)) });
      h.frame();
    }
    const after = h.byRole('log', 'Command output');
    assert.equal(after, log, 'the same <pre>: not rendered anew');
    assert.equal(after?.textContent, 'line 50\n');
    assert.equal(h.doc.activeElement, log, 'focus stays in the log');
    assert.equal(h.doc.querySelector('.tool-call summary'), summary, 'the card around it was not rebuilt');
  });

  it('renders the card anew when more than the output changes (the command ended)', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [running('a\n')] }) });
    h.frame();
    const log = h.byRole('log', 'Command output');
    h.send({ type: 'answerUpdated', conversationId: 'conv1', message: patchOf(running('a\nTHE END\n', 'done')) });
    h.frame();
    const after = h.byRole('log', 'Command output');
    assert.notEqual(after, log);
    assert.equal(after?.textContent, 'a\nTHE END\n');
    assert.equal(h.doc.querySelector('.tool-call')?.getAttribute('data-status'), 'done');
  });

  it('adds the log when the first output arrives', () => {
    const h = harness();
    h.send({ type: 'state', state: state({ messages: [running(undefined)] }) });
    h.frame();
    assert.equal(h.byRole('log', 'Command output'), undefined);
    h.send({ type: 'answerUpdated', conversationId: 'conv1', message: patchOf(running('')) });
    h.frame();
    assert.equal(h.byRole('log', 'Command output')?.textContent, 'Waiting for output…');
  });
});
