// Setting values kept between reads until the settings change. The Venice client reads its settings
// (venice.apiBaseUrl, the timeout, the retries, VS Code's proxy and certificate settings) on every
// request, and each getConfiguration()/inspect() is real work in the extension host: an inline
// completion paid for several of them before its request left. The host passes in its change events
// (VS Code's onDidChangeConfiguration, workspace trust), so this stays plain Node and unit-tested.
import type { DisposableLike } from './dispose';

/** What a configuration change says (vscode.ConfigurationChangeEvent, structurally). */
export interface SettingsChange {
  affectsConfiguration(section: string): boolean;
}

export type ChangeSource<E> = (listener: (e: E) => unknown) => DisposableLike;

export class SettingsCache implements DisposableLike {
  private readonly values = new Map<() => unknown, { value: unknown }>();
  private readonly subscriptions: DisposableLike[];

  /**
   * `sections`: a change to any setting under one of them forgets every kept value. `others`: events
   * that change what a read returns without a settings change (e.g. workspace trust granted).
   */
  constructor(onDidChange: ChangeSource<SettingsChange>, sections: readonly string[], others: ReadonlyArray<ChangeSource<unknown>> = []) {
    this.subscriptions = [
      onDidChange((e) => {
        if (sections.some((s) => e.affectsConfiguration(s))) this.clear();
      }),
      ...others.map((event) => event(() => this.clear())),
    ];
  }

  /** `read`, called again only after a change (a read that throws is not kept). */
  kept<T>(read: () => T): () => T {
    return () => {
      const hit = this.values.get(read);
      if (hit) return hit.value as T;
      const value = read();
      this.values.set(read, { value });
      return value;
    };
  }

  clear(): void {
    this.values.clear();
  }

  dispose(): void {
    this.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}
