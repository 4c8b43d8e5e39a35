// The balance in the status bar. It reads GET /api_keys/rate_limits once a key is known (a few
// seconds after start-up, never during activation), then follows the balance headers every Venice
// response carries. There is no polling: the only re-read is when the window regains focus and the
// data is older than ten minutes, after a 402, or when the user asks. Admin-only routes (/billing/*,
// GET /api_keys) are never called.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { log } from '../log';
import type { Services } from '../services';
import { Disposable } from '../util/dispose';
import { isVeniceError } from '../venice/errors';
import type { ResponseMeta } from '../venice/types';
import { balanceText, BILLING_URL, isLowBalance, statusBarText, tooltipMarkdown } from './format';
import { AccountState, type AccountSnapshot } from './state';
import { notifyWarning } from '../ui/notify';

/** Data older than this is re-read when the window regains focus. */
export const STALE_MS = 10 * 60_000;
/** At most one "balance empty" notification per this period, until a charged request succeeds again. */
const PAYMENT_NOTICE_MS = 5 * 60_000;
/** Routes that cost nothing: their success says nothing about the balance or the key's spending limit. */
const FREE_ROUTES = /^\/(models|characters|api_keys|image\/styles)(\/|$)/;

export async function openBilling(): Promise<void> {
  await vscode.env.openExternal(vscode.Uri.parse(BILLING_URL));
}

export class AccountStatus extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly state = new AccountState();
  private inFlight: Promise<void> | undefined;
  private lowWarned = false;
  private tooltipText = '';
  private lastPaymentNotice = 0;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped when the key changes: answers for the old key are dropped. */
  private keyGeneration = 0;

  constructor(
    private readonly services: Services,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.item = this.register(vscode.window.createStatusBarItem('venice.account', vscode.StatusBarAlignment.Right, 90));
    this.item.name = 'Venice Account';
    this.item.command = COMMANDS.showAccount;
    this.register(services.onResponseMeta(({ meta, path, background }) => this.onMeta(meta, path, background)));
    this.register(services.keys.onDidChange(() => this.onKeyChanged()));
    this.register(
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused) void this.refreshIfStale();
      }),
    );
    this.register({ dispose: () => this.startTimer && clearTimeout(this.startTimer) });
  }

  /** Schedules the first read (only if a key is set by then). */
  start(delayMs: number): void {
    this.startTimer = setTimeout(() => {
      this.startTimer = undefined;
      void this.refreshIfStale();
    }, delayMs);
  }

  snapshot(): AccountSnapshot {
    return this.state.snapshot();
  }

  /** Reads /api_keys/rate_limits now (one request at a time). Throws VeniceError when it fails. */
  async refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const generation = this.keyGeneration;
    const started = this.now();
    const info = await this.services.client.rateLimits();
    if (generation !== this.keyGeneration || this.isDisposed) return;
    this.state.applyRateLimits(info, started);
    this.render();
  }

  private async refreshIfStale(): Promise<void> {
    if (this.isDisposed || !(await this.services.keys.get())) return;
    const at = this.state.snapshot().limitsAt;
    if (at !== undefined && this.now() - at < STALE_MS) return;
    try {
      await this.refresh();
    } catch (err) {
      // The status bar is a convenience: failures are logged, and features that need the key say so themselves.
      log.warn(`Could not read the Venice account limits: ${isVeniceError(err) ? `${err.kind} ${err.message}` : String(err)}`);
    }
  }

  private onKeyChanged(): void {
    this.keyGeneration++;
    this.state.clear();
    this.lowWarned = false;
    this.render();
    void this.refreshIfStale();
  }

  private onMeta(meta: ResponseMeta, path: string, background: boolean): void {
    if (meta.status === 402 && path !== '/api_keys/rate_limits') {
      // A completion while typing never pops up: its own status bar item says it (src/completions/).
      if (!background) void this.paymentRequired();
      return;
    }
    if (meta.status < 200 || meta.status >= 300) return;
    // Charged again: the next 402 is a new problem worth telling (the quiet period only stops repeats).
    if (!FREE_ROUTES.test(path)) this.lastPaymentNotice = 0;
    const hadBalance = this.state.hasBalance;
    this.state.applyMeta(meta, this.now());
    // Redraw on every answer: the tooltip's remaining requests/tokens change even when the balance does not.
    if (hadBalance || this.state.hasBalance) this.render();
  }

  private render(): void {
    const s = this.state.snapshot();
    const balance = balanceText(s);
    if (!balance) {
      this.item.hide();
      return;
    }
    const low = isLowBalance(s);
    this.item.text = statusBarText(s);
    // A new tooltip object closes a hover the user is reading: replace it only when its text changed.
    const markdown = tooltipMarkdown(s);
    if (markdown !== this.tooltipText) {
      this.tooltipText = markdown;
      const tip = new vscode.MarkdownString(markdown, true);
      tip.isTrusted = false;
      tip.supportHtml = false;
      this.item.tooltip = tip;
    }
    this.item.accessibilityInformation = { label: `Venice balance ${balance}${low ? ', low' : ''}. Show account details.`, role: 'button' };
    this.item.backgroundColor = low ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    if (low && !this.lowWarned) {
      this.lowWarned = true;
      void notifyWarning(`Venice: your balance is low (${balance}). Add credit at venice.ai to keep using Venice.`, 'Add Credit').then((a) => (a ? openBilling() : undefined));
    } else if (!low) this.lowWarned = false;
  }

  private async paymentRequired(): Promise<void> {
    const now = this.now();
    if (now - this.lastPaymentNotice < PAYMENT_NOTICE_MS) return;
    this.lastPaymentNotice = now;
    // The balance shown may be stale: read it again (the request is cheap and needs no balance).
    void this.refresh().catch(() => undefined);
    const pick = await vscode.window.showErrorMessage(
      'Venice could not charge the request: your balance is empty or this API key reached its spending limit. Add credit, or raise the key\'s limit, at venice.ai.',
      'Open Venice Billing',
    );
    if (pick) await openBilling();
  }
}
