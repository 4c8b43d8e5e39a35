// An answer's checkpoint: the files its tools changed (each opens VS Code's diff editor, before ↔
// now) and "Restore files to before this answer", which reads "Undo restore" once restored, and
// "Restore no longer available" once storage dropped the checkpoint (oldest first). The
// button stays the same element across updates, so keyboard focus survives a restore.
import type { CheckpointView, ToHost } from '../../src/shared/protocol';
import { clear, h, icon } from './dom';

export const RESTORE_LABEL = 'Restore files to before this answer';
export const UNDO_RESTORE_LABEL = 'Undo restore';
export const EXPIRED_LABEL = 'Restore no longer available';

const CHANGE_TEXT: Record<CheckpointView['files'][number]['change'], string> = { created: 'created', modified: 'modified', deleted: 'deleted' };

export class CheckpointElement {
  readonly el: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly list: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly buttonIcon: HTMLElement;
  private readonly buttonText: HTMLElement;
  private restored = false;
  private listKey = '';

  constructor(
    private readonly doc: Document,
    private readonly messageId: () => string,
    private readonly post: (m: ToHost) => void,
  ) {
    this.heading = h(doc, 'span', { className: 'checkpoint-heading' });
    this.buttonIcon = icon(doc, 'discard');
    this.buttonText = h(doc, 'span');
    this.button = h(doc, 'button', { type: 'button', className: 'text-button checkpoint-restore' }, this.buttonIcon, this.buttonText);
    this.button.addEventListener('click', () => {
      if (!this.button.disabled) this.post({ type: 'restoreFiles', messageId: this.messageId(), undo: this.restored });
    });
    this.list = h(doc, 'ul', { className: 'checkpoint-files' });
    this.el = h(
      doc,
      'section',
      { className: 'checkpoint', 'aria-label': 'Changed files', hidden: true },
      h(doc, 'div', { className: 'checkpoint-bar' }, icon(doc, 'history'), this.heading, h(doc, 'span', { className: 'spacer' }), this.button),
      this.list,
    );
  }

  /** `running`: the answer's tools may still change files, so nothing can be restored yet. */
  render(view: CheckpointView | undefined, running: boolean): void {
    this.el.hidden = !view || view.files.length === 0;
    if (!view || this.el.hidden) return;
    this.restored = view.restored;
    const n = view.files.length;
    const files = `${n} file${n === 1 ? '' : 's'}`;
    this.heading.textContent = view.restored ? `Restored ${files} to before this answer` : `Changed ${files}`;
    this.el.setAttribute('data-restored', String(view.restored));
    const label = view.expired ? EXPIRED_LABEL : view.restored ? UNDO_RESTORE_LABEL : RESTORE_LABEL;
    this.button.setAttribute('aria-label', label);
    this.buttonText.textContent = label;
    this.buttonIcon.className = `codicon codicon-${view.expired ? 'circle-slash' : view.restored ? 'redo' : 'discard'}`;
    this.button.disabled = view.expired === true;
    this.button.title = view.expired ? 'Older checkpoints are dropped first to keep their storage under its limit (200 MB per workspace).' : '';
    this.button.hidden = running;
    this.renderFiles(view);
  }

  private renderFiles(view: CheckpointView): void {
    const key = JSON.stringify(view.files);
    if (key === this.listKey) return;
    this.listKey = key;
    clear(this.list);
    view.files.forEach((f, index) => {
      const open = h(
        this.doc,
        'button',
        { type: 'button', className: 'checkpoint-file', title: `${f.label}: before this answer ↔ now`, 'data-change': f.change },
        h(this.doc, 'span', { className: 'checkpoint-file-name', text: f.label }),
        h(this.doc, 'span', { className: 'checkpoint-change', text: CHANGE_TEXT[f.change] }),
      );
      open.addEventListener('click', () => this.post({ type: 'openChangedFile', messageId: this.messageId(), index }));
      this.list.append(h(this.doc, 'li', {}, open, f.note ? h(this.doc, 'span', { className: 'checkpoint-note', role: 'note', text: f.note }) : undefined));
    });
  }
}
