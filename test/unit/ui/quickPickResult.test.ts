import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { quickPickResult } from '../../../src/ui/quickPickResult';

/** The part of a QuickPick the helper uses, recording what happened to it. */
class FakePick {
  readonly log: string[] = [];
  private hideListeners: Array<() => void> = [];
  hide(): void {
    this.log.push('hide');
    for (const l of this.hideListeners.splice(0)) l();
  }
  dispose(): void {
    this.log.push('dispose');
  }
  onDidHide(l: () => void): vscode.Disposable {
    this.hideListeners.push(l);
    return { dispose: () => this.log.push('hide listener disposed') };
  }
  asPick(): vscode.QuickPick<vscode.QuickPickItem> {
    return this as unknown as vscode.QuickPick<vscode.QuickPickItem>;
  }
}

const listener = (log: string[], name: string): vscode.Disposable => ({ dispose: () => log.push(`${name} disposed`) });

describe('quickPickResult: a QuickPick as a promise that settles once', () => {
  it('dismissing the picker settles with undefined and disposes the listeners and the picker', async () => {
    const pick = new FakePick();
    const result = quickPickResult(pick.asPick(), () => [listener(pick.log, 'accept')], () => pick.log.push('onHidden'));
    pick.hide();
    assert.equal(await result, undefined);
    assert.deepEqual(pick.log, ['hide', 'onHidden', 'accept disposed', 'hide listener disposed', 'dispose']);
  });

  it('settle() resolves with the choice and hides; a later settle does not change it', async () => {
    const pick = new FakePick();
    const result = quickPickResult<vscode.QuickPickItem, string>(pick.asPick(), (outcome) => {
      queueMicrotask(() => {
        outcome.settle('first');
        outcome.settle('second');
      });
      return [];
    });
    assert.equal(await result, 'first');
    assert.equal(pick.log.filter((l) => l === 'hide').length, 1);
  });

  it('settleWith() hides the picker before the follow-up starts, then settles with its result', async () => {
    const pick = new FakePick();
    const result = quickPickResult<vscode.QuickPickItem, string>(pick.asPick(), (outcome) => {
      queueMicrotask(() =>
        outcome.settleWith(async () => {
          pick.log.push('follow-up');
          return 'saved';
        }, (err) => assert.fail(String(err))),
      );
      return [];
    });
    assert.equal(await result, 'saved');
    assert.ok(pick.log.indexOf('hide') < pick.log.indexOf('follow-up'), 'hidden first');
  });

  it('a failed follow-up is reported and settles with undefined', async () => {
    const pick = new FakePick();
    const errors: unknown[] = [];
    const result = quickPickResult<vscode.QuickPickItem, string>(pick.asPick(), (outcome) => {
      queueMicrotask(() => outcome.settleWith(() => Promise.reject(new Error('disk full')), (err) => errors.push(err)));
      return [];
    });
    assert.equal(await result, undefined);
    assert.equal((errors[0] as Error).message, 'disk full');
  });
});
