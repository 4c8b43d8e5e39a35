import * as vscode from 'vscode';

/** Base for stateful classes: everything registered is disposed with the owner, once. */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  protected isDisposed = false;

  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.isDisposed) {
      d.dispose();
    } else {
      this.disposables.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    while (this.disposables.length) {
      try {
        this.disposables.pop()?.dispose();
      } catch {
        // One failing disposable must not keep the others alive.
      }
    }
  }
}

export function toDisposable(fn: () => void): vscode.Disposable {
  return { dispose: fn };
}
