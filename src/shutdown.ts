// What deactivate() waits for. VS Code disposes context.subscriptions synchronously, so work that
// must finish asynchronously (closing the HTTP connection pool) is listed here instead and run,
// last registered first, when the extension is deactivated. No `vscode` import: unit-tested.

export type ShutdownTask = () => Promise<void> | void;

export class ShutdownTasks {
  private readonly tasks: Array<{ name: string; run: ShutdownTask }> = [];

  add(name: string, run: ShutdownTask): void {
    this.tasks.push({ name, run });
  }

  /** Runs every task once, newest first; one failing task does not stop the others. */
  async runAll(log: (message: string) => void = () => undefined): Promise<void> {
    for (const task of this.tasks.splice(0).reverse()) {
      try {
        await task.run();
      } catch (err) {
        log(`Shutting down ${task.name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
