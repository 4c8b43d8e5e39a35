// An answer's checkpoint in the chat webview (JSDOM): "Restore files to before this answer" posts
// the restore, "Undo restore" once restored, and a checkpoint storage dropped (oldest first, above
// the cap) shows a disabled "Restore no longer available" that posts nothing.
import * as assert from 'node:assert/strict';
import type { CheckpointView } from '../../../src/shared/protocol';
import { answer, harness, state, user } from './appHarness';

function withCheckpoint(checkpoint: CheckpointView) {
  const h = harness();
  h.send({ type: 'state', state: state({ messages: [user('u1', 'edit'), answer('a1', 'Done.', { checkpoint })] }) });
  h.frame();
  const section = h.doc.querySelector('section[aria-label="Changed files"]') as HTMLElement;
  const button = section.querySelector('button.checkpoint-restore') as HTMLButtonElement;
  return { h, section, button };
}

describe('chat webview: the restore button of a checkpoint', () => {
  const files: CheckpointView['files'] = [{ label: 'a.ts', change: 'modified' }];

  it('offers the restore, then its undo', () => {
    const { h, button } = withCheckpoint({ files, restored: false });
    assert.equal(button.getAttribute('aria-label'), 'Restore files to before this answer');
    assert.equal(button.disabled, false);
    button.click();
    assert.deepEqual(h.posted.filter((m) => m.type === 'restoreFiles'), [{ type: 'restoreFiles', messageId: 'a1', undo: false }]);
    const restored = withCheckpoint({ files, restored: true });
    assert.equal(restored.button.getAttribute('aria-label'), 'Undo restore');
  });

  it('a dropped checkpoint says the restore is no longer available and posts nothing', () => {
    const { h, section, button } = withCheckpoint({ files, restored: false, expired: true });
    assert.equal(button.getAttribute('aria-label'), 'Restore no longer available');
    assert.equal(button.textContent, 'Restore no longer available');
    assert.equal(button.disabled, true);
    assert.match(button.title, /Older checkpoints are dropped first/);
    button.click();
    assert.equal(h.posted.filter((m) => m.type === 'restoreFiles').length, 0);
    assert.ok(section.querySelector('button.checkpoint-file'), 'the change list is still shown');
  });
});
