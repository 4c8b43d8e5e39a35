// The inline-completions status bar item and the state it shows. It lives in the activation bundle
// (it must show before the first completion), so it is small: the state of the active editor comes
// from gate.ts, what the last request did is reported by the engine (provider.ts, loaded lazily).
import * as vscode from 'vscode';
import { config } from '../config';
import type { ApiKeyStore } from '../secrets';
import { Disposable } from '../util/dispose';
import { blocked, type Blocked } from './gate';
import { statusView, type CompletionState } from './status';

/** What the engine tells the status bar after each request. */
export type EngineReport = Exclude<CompletionState, { kind: 'blocked' }>;

export class CompletionsStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private hasKey = false;
  private report: EngineReport = { kind: 'on' };
  private snoozeTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  /** Epoch ms until which completions are snoozed (0: not snoozed). */
  snoozedUntil = 0;

  constructor(private readonly keys: Pick<ApiKeyStore, 'get' | 'onDidChange'>) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem('venice.completions', vscode.StatusBarAlignment.Right, 89));
    this.item.name = 'Venice Completions';
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.render()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`venice.completions`)) this.render();
      }),
    );
    this.register(keys.onDidChange(() => void this.readKey()));
    this.register({ dispose: () => (clearTimeout(this.snoozeTimer), clearTimeout(this.tickTimer)) });
    // Off the activation path: SecretStorage is a round trip to the main process.
    const first = setTimeout(() => void this.readKey(), 0);
    this.register({ dispose: () => clearTimeout(first) });
  }

  /** Why completions are off for `doc` now (undefined: they may run). */
  blockedFor(doc: Pick<vscode.TextDocument, 'languageId' | 'uri'>): Blocked | undefined {
    return blocked({
      enabled: config.completions.enabled(),
      snoozedUntil: this.snoozedUntil,
      now: Date.now(),
      workspaceTrusted: vscode.workspace.isTrusted,
      allowUntrusted: config.completions.allowInUntrustedWorkspaces(),
      disabledLanguages: config.completions.disabledLanguages(),
      languageId: doc.languageId,
      scheme: doc.uri.scheme,
      path: doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path,
    });
  }

  /** Whether a key is set (read once after activation and on every change). */
  keyKnown(): boolean {
    return this.hasKey;
  }

  snooze(minutes: number): void {
    clearTimeout(this.snoozeTimer);
    this.snoozedUntil = minutes > 0 ? Date.now() + minutes * 60_000 : 0;
    if (this.snoozedUntil) this.snoozeTimer = setTimeout(() => this.snooze(0), minutes * 60_000);
    this.render();
  }

  /** The engine's news: a latency, an error, a model. */
  set(report: EngineReport): void {
    this.report = report;
    this.render();
  }

  current(): EngineReport {
    return this.report;
  }

  private async readKey(): Promise<void> {
    this.hasKey = !!(await this.keys.get().catch(() => undefined));
    // A new key: whatever the old one ran into (401, 402) is history.
    if (this.report.kind === 'auth' || this.report.kind === 'payment') this.report = { kind: 'on' };
    this.render();
  }

  private render(): void {
    clearTimeout(this.tickTimer);
    if (!this.hasKey) {
      this.item.hide();
      return;
    }
    const doc = vscode.window.activeTextEditor?.document;
    const why = doc ? this.blockedFor(doc) : config.completions.enabled() ? undefined : ({ kind: 'off' } as const);
    // Errors that need the user (401, 402) show whatever the editor; otherwise the editor's own state.
    const sticky = this.report.kind === 'auth' || this.report.kind === 'payment';
    const state: CompletionState = !sticky && why ? { kind: 'blocked', why } : this.report;
    const view = statusView(state, Date.now());
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.label, role: 'button' };
    this.item.command = view.command;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    // The rate-limit countdown ends by itself.
    if (state.kind === 'rateLimited') this.tickTimer = setTimeout(() => this.tick(), Math.min(1_000, Math.max(50, state.until - Date.now())));
  }

  private tick(): void {
    if (this.report.kind === 'rateLimited' && this.report.until <= Date.now()) this.report = { kind: 'on' };
    this.render();
  }
}
