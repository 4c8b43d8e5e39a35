// A QuickPick as a promise that settles exactly once: with what the user's choice led to, or with
// undefined when the picker is dismissed. A choice that needs more work (a second picker, a setting
// written) hides this picker first, so nothing is stacked on top of it. When the picker hides, the
// listeners that `wire` returned and the picker itself are disposed.
import type * as vscode from 'vscode';

export interface PickOutcome<R> {
  /** Settles with `result` and hides the picker. */
  settle(result: R | undefined): void;
  /** Hides the picker, then settles with what `next()` resolves to; when it fails, `onError(err)` and undefined. */
  settleWith(next: () => Promise<R | undefined>, onError: (err: unknown) => void): void;
}

export function quickPickResult<T extends vscode.QuickPickItem, R>(
  pick: vscode.QuickPick<T>,
  wire: (outcome: PickOutcome<R>) => vscode.Disposable[],
  onHidden?: () => void,
): Promise<R | undefined> {
  return new Promise<R | undefined>((resolve) => {
    let settled = false;
    const outcome: PickOutcome<R> = {
      settle(result) {
        if (settled) return;
        settled = true;
        resolve(result);
        pick.hide();
      },
      settleWith(next, onError) {
        if (settled) return;
        settled = true;
        pick.hide();
        next().then(resolve, (err: unknown) => {
          onError(err);
          resolve(undefined);
        });
      },
    };
    const subs = wire(outcome);
    subs.push(
      pick.onDidHide(() => {
        onHidden?.();
        for (const s of subs) s.dispose();
        pick.dispose();
        if (!settled) {
          settled = true;
          resolve(undefined);
        }
      }),
    );
  });
}
