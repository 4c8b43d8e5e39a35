// No `vscode` import: anything with a dispose() method (vscode.Disposable included, structurally) can
// be registered, so util/ stays plain Node code like the layers that use it.

/** What can be disposed: vscode.Disposable, an event subscription, a webview panel… */
export interface DisposableLike {
  dispose(): unknown;
}

/** Base for stateful classes: everything registered is disposed with the owner, once. */
export abstract class Disposable implements DisposableLike {
  private readonly disposables: DisposableLike[] = [];
  protected isDisposed = false;

  protected register<T extends DisposableLike>(d: T): T {
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
