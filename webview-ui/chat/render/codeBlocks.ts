// Adds the toolbar to every rendered code block. The buttons carry only an action name: the host
// finds the code by (message id, block position) in its own copy of the answer.
import type { CodeAction } from '../../../src/shared/protocol';
import { h, icon } from '../dom';

export const CODE_ACTIONS: ReadonlyArray<{ action: CodeAction; label: string; codicon: string }> = [
  { action: 'copy', label: 'Copy code', codicon: 'copy' },
  { action: 'insert', label: 'Insert at cursor', codicon: 'insert' },
  { action: 'replace', label: 'Replace selection', codicon: 'replace' },
  { action: 'newFile', label: 'Save as new file', codicon: 'new-file' },
];

export function decorateCodeBlocks(root: ParentNode, doc: Document): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const lang = /(?:^|\s)language-([^\s]+)/.exec(code?.className ?? '')?.[1] ?? '';
    const toolbar = h(
      doc,
      'div',
      { className: 'code-toolbar' },
      h(doc, 'span', { className: 'code-lang', text: lang }),
      ...CODE_ACTIONS.map((a) =>
        h(doc, 'button', { type: 'button', className: 'icon-button', 'data-code-action': a.action, 'aria-label': a.label, title: a.label }, icon(doc, a.codicon)),
      ),
    );
    const wrapper = h(doc, 'div', { className: 'code-block' });
    pre.replaceWith(wrapper);
    wrapper.append(toolbar, pre);
  }
}
