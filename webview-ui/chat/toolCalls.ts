// One tool call, compact (name, key arguments, outcome) and expandable (arguments and result), plus
// the approval card when the tool is waiting for the user. Everything is text: nothing here is HTML.
import type { ToolCallStatus, ToolCallView, ToHost } from '../../src/shared/protocol';
import { h, icon, textButton } from './dom';

const STATUS: Record<ToolCallStatus, { label: string; codicon: string; spin?: boolean }> = {
  pending: { label: 'Waiting', codicon: 'circle-outline' },
  awaitingApproval: { label: 'Needs your approval', codicon: 'question' },
  running: { label: 'Running', codicon: 'loading', spin: true },
  done: { label: 'Done', codicon: 'check' },
  failed: { label: 'Failed', codicon: 'error' },
  rejected: { label: 'Rejected', codicon: 'circle-slash' },
  skipped: { label: 'Not run', codicon: 'debug-step-over' },
  interrupted: { label: 'Interrupted', codicon: 'debug-disconnect' },
};

export function renderToolCall(doc: Document, call: ToolCallView, open: boolean, post: (m: ToHost) => void): HTMLElement {
  const s = STATUS[call.status];
  const summary = h(
    doc,
    'summary',
    {},
    icon(doc, s.codicon, s.spin ? 'codicon-modifier-spin' : ''),
    h(doc, 'span', { className: 'tool-name', text: call.name }),
    call.keyArgs ? h(doc, 'span', { className: 'tool-args', text: call.keyArgs }) : undefined,
    h(doc, 'span', { className: 'tool-outcome', text: call.summary ?? s.label }),
  );
  const body = h(
    doc,
    'div',
    { className: 'tool-body' },
    h(doc, 'div', { className: 'tool-label', text: 'Arguments' }),
    h(doc, 'pre', { className: 'tool-pre', text: call.argsPreview }),
    call.resultPreview !== undefined ? h(doc, 'div', { className: 'tool-label', text: 'Result sent to the model' }) : undefined,
    call.resultPreview !== undefined ? h(doc, 'pre', { className: 'tool-pre', text: call.resultPreview }) : undefined,
  );
  const details = h(doc, 'details', { className: 'tool-call', 'data-status': call.status, 'data-tool-call-id': call.id, open }, summary, body);
  const wrapper = h(doc, 'div', { className: 'tool-call-item' }, details);
  if (call.output !== undefined) wrapper.append(outputLog(doc, call));
  if (call.approval) {
    const a = call.approval;
    const card = h(
      doc,
      'div',
      { className: 'approval-card', role: 'group', 'aria-label': `Approve: ${a.title}` },
      h(doc, 'div', { className: 'approval-title' }, icon(doc, 'shield'), h(doc, 'span', { text: a.title })),
      a.warning ? h(doc, 'div', { className: 'approval-warning', role: 'note' }, icon(doc, 'warning'), h(doc, 'span', { text: a.warning })) : undefined,
      h(doc, 'pre', { className: 'approval-detail', tabindex: '0', 'aria-label': 'Change details', text: a.detail }),
    );
    const apply = textButton(doc, 'Apply', 'check', { className: 'text-button primary' });
    const reject = textButton(doc, 'Reject', 'close');
    const disable = () => [apply, reject].forEach((b) => (b.disabled = true));
    apply.addEventListener('click', () => {
      disable();
      post({ type: 'approval', approvalId: a.approvalId, decision: 'apply' });
    });
    reject.addEventListener('click', () => {
      disable();
      post({ type: 'approval', approvalId: a.approvalId, decision: 'reject' });
    });
    const buttons = h(doc, 'div', { className: 'button-row' }, apply, reject);
    if (a.canReview) {
      const review = textButton(doc, 'Review', 'diff');
      review.addEventListener('click', () => post({ type: 'review', approvalId: a.approvalId }));
      buttons.append(review);
    }
    card.append(buttons);
    wrapper.append(card);
  }
  return wrapper;
}

function outputText(call: ToolCallView): string {
  return call.output || (call.status === 'running' ? 'Waiting for output…' : '(no output)');
}

/** A command's output as it runs (and after): a log pinned to its newest line. */
function outputLog(doc: Document, call: ToolCallView): HTMLElement {
  const running = call.status === 'running';
  const log = h(doc, 'pre', {
    className: 'tool-output',
    role: 'log',
    tabindex: '0',
    'aria-label': 'Command output',
    'aria-live': running ? 'polite' : 'off',
    'data-output-of': call.id,
    text: outputText(call),
  });
  // The caller attaches the element right after this returns: scroll once it has a layout.
  queueMicrotask(() => (log.scrollTop = log.scrollHeight));
  return log;
}

/**
 * Live command output while nothing else of the calls changed: only the text of each output log is
 * replaced (no re-render of the cards, so focus, open details and a scrolled-up log stay), and a log
 * that showed its end keeps showing it. False when a log is missing: the caller renders anew.
 */
export function refreshOutputLogs(container: HTMLElement, calls: readonly ToolCallView[]): boolean {
  for (const call of calls) {
    if (call.output === undefined) continue;
    const log = [...container.querySelectorAll<HTMLElement>('pre.tool-output')].find((el) => el.dataset.outputOf === call.id);
    if (!log) return false;
    const text = outputText(call);
    if (log.textContent === text) continue;
    const pinned = log.scrollHeight - log.scrollTop - log.clientHeight < 8;
    const only = log.childNodes.length === 1 ? log.firstChild : null;
    if (only?.nodeType === 3) (only as CharacterData).data = text;
    else log.textContent = text;
    if (pinned) log.scrollTop = log.scrollHeight;
  }
  return true;
}
