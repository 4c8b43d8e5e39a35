// Texts of the account status: the status bar label, its Markdown tooltip, the lines of the
// "Show Account" list and the low-balance check. Everything from the API is escaped before it goes
// into Markdown. No `vscode` import.
import { oneLine } from '../util/text';
import type { AccountSnapshot, ModelLimit } from './state';

/** Below this total (USD + DIEM + bundled credits) the balance counts as low. */
export const LOW_BALANCE = 1;
/** Where a Venice user adds credit or changes a key's limits. */
export const BILLING_URL = 'https://venice.ai/settings/api';
const MAX_TOOLTIP_MODELS = 12;

export function formatUsd(n: number): string {
  return `$${n.toFixed(2)}`;
}

export function formatDiem(n: number): string {
  return `${n.toFixed(2)} DIEM`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "in 42 s", "in 3 min", "5 min ago", "in 2 h", "just now". */
export function relativeTime(at: number, now: number): string {
  const delta = Math.round((at - now) / 1000);
  const abs = Math.abs(delta);
  if (abs < 2) return 'just now';
  const amount = abs < 90 ? `${abs} s` : abs < 90 * 60 ? `${Math.round(abs / 60)} min` : abs < 36 * 3600 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86400)} d`;
  return delta >= 0 ? `in ${amount}` : `${amount} ago`;
}

let clock: Intl.DateTimeFormat | undefined;

/** "14:05:09" in the user's locale: a tooltip stays correct however long after it was drawn it is read. */
export function clockTime(at: number): string {
  // One formatter for the window: toLocaleTimeString with options builds a new one on every call
  // (the extension host's profile showed 75 ms in it while an answer's response arrived).
  clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return clock.format(at);
}

export interface TimeFormat {
  /** For a moment in the future (a reset). */
  until(at: number): string;
  /** For a moment in the past (when something was seen). */
  since(at: number): string;
}

export function relativeTimes(now: number): TimeFormat {
  return { until: (at) => relativeTime(at, now), since: (at) => relativeTime(at, now) };
}

export const clockTimes: TimeFormat = { until: (at) => `at ${clockTime(at)}`, since: (at) => `at ${clockTime(at)}` };

/** Markdown special characters escaped, on one line without control characters: API text shows as text. */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]()#+\-.!|<>~$&]/g, (c) => `\\${c}`);
}

export function balanceText(s: AccountSnapshot): string | undefined {
  const parts: string[] = [];
  if (s.balanceUsd !== undefined) parts.push(formatUsd(s.balanceUsd));
  if (s.balanceDiem !== undefined && (s.balanceDiem > 0 || s.balanceUsd === undefined)) parts.push(formatDiem(s.balanceDiem));
  return parts.length ? parts.join(' · ') : undefined;
}

/** True when the known balance (USD + DIEM + bundled credits) is under LOW_BALANCE. */
export function isLowBalance(s: AccountSnapshot): boolean {
  if (s.balanceUsd === undefined && s.balanceDiem === undefined) return false;
  return (s.balanceUsd ?? 0) + (s.balanceDiem ?? 0) + (s.bundledCredits ?? 0) < LOW_BALANCE;
}

export function statusBarText(s: AccountSnapshot): string {
  const balance = balanceText(s);
  const icon = isLowBalance(s) ? '$(warning)' : '$(credit-card)';
  return balance ? `${icon} ${balance}` : '$(credit-card) Venice';
}

function windowLines(s: AccountSnapshot, time: TimeFormat, esc: (t: string) => string): string[] {
  const w = s.window;
  if (!w) return [];
  const parts: string[] = [];
  if (w.remainingRequests !== undefined) {
    const of = w.limitRequests !== undefined ? ` of ${formatCount(w.limitRequests)}` : '';
    const reset = w.resetRequestsAt !== undefined ? ` (resets ${time.until(w.resetRequestsAt)})` : '';
    parts.push(`${formatCount(w.remainingRequests)}${of} requests${reset}`);
  }
  if (w.remainingTokens !== undefined) {
    const of = w.limitTokens !== undefined ? ` of ${formatCount(w.limitTokens)}` : '';
    const reset = w.resetTokensAt !== undefined ? ` (resets ${time.until(w.resetTokensAt)})` : '';
    parts.push(`${formatCount(w.remainingTokens)}${of} tokens${reset}`);
  }
  if (!parts.length) return [];
  const model = w.model ? ` for ${esc(w.model)}` : '';
  return [`Remaining${model} (seen ${time.since(w.at)}): ${parts.join(' · ')}`];
}

function limitCell(n: number | undefined): string {
  return n === undefined ? '–' : formatCount(n);
}

export function modelLimitRows(limits: readonly ModelLimit[]): string[] {
  return limits.map((l) => `${l.model}: ${limitCell(l.rpm)} requests/min · ${limitCell(l.rpd)} requests/day · ${limitCell(l.tpm)} tokens/min`);
}

/** The tooltip, as Markdown source (shown untrusted: no command links, no HTML). Times are clock times. */
export function tooltipMarkdown(s: AccountSnapshot, time: TimeFormat = clockTimes): string {
  const out: string[] = ['**Venice account**', ''];
  const balance = balanceText(s);
  if (balance) {
    const when = s.balanceAt !== undefined ? ` (seen ${time.since(s.balanceAt)})` : '';
    out.push(`Balance: **${escapeMarkdown(balance)}**${when}`, '');
  }
  if (isLowBalance(s)) out.push(`$(warning) Your balance is low. [Add credit at venice.ai](${BILLING_URL})`, '');
  if (s.tier) out.push(`API tier: ${escapeMarkdown(s.tier)}${s.charged === false ? ' (not charged)' : ''}`, '');
  if (s.keyExpiration !== undefined) out.push(`Key expires: ${s.keyExpiration === null ? 'never' : escapeMarkdown(s.keyExpiration.slice(0, 10))}`, '');
  if (s.nextEpochBegins) out.push(`Next DIEM epoch: ${escapeMarkdown(s.nextEpochBegins.replace('T', ' ').slice(0, 16))} UTC`, '');
  for (const line of windowLines(s, time, escapeMarkdown)) out.push(line, '');
  if (s.modelLimits.length) {
    out.push('| Model | Req/min | Req/day | Tokens/min |', '|---|--:|--:|--:|');
    for (const l of s.modelLimits.slice(0, MAX_TOOLTIP_MODELS)) out.push(`| ${escapeMarkdown(l.model)} | ${limitCell(l.rpm)} | ${limitCell(l.rpd)} | ${limitCell(l.tpm)} |`);
    if (s.modelLimits.length > MAX_TOOLTIP_MODELS) out.push('', `…and ${s.modelLimits.length - MAX_TOOLTIP_MODELS} more models (Venice: Show Account lists all).`);
    out.push('');
  }
  out.push('Click for details.');
  return out.join('\n');
}

/** Plain lines for the "Show Account" list (label, detail). */
export function accountLines(s: AccountSnapshot, now: number): Array<{ label: string; detail?: string }> {
  const lines: Array<{ label: string; detail?: string }> = [];
  const balance = balanceText(s);
  lines.push({
    label: `Balance: ${balance ?? 'unknown'}`,
    detail: [s.bundledCredits ? `${s.bundledCredits.toFixed(2)} bundled credits` : '', s.balanceAt !== undefined ? `seen ${relativeTime(s.balanceAt, now)}` : ''].filter(Boolean).join(' · ') || undefined,
  });
  if (isLowBalance(s)) lines.push({ label: 'Your balance is low: add credit at venice.ai to keep using Venice.' });
  if (s.tier) lines.push({ label: `API tier: ${s.tier}${s.charged === false ? ' (not charged)' : ''}` });
  if (s.accessPermitted === false) lines.push({ label: 'Venice reports that this key may not make requests right now.' });
  if (s.keyExpiration !== undefined) lines.push({ label: `Key expires: ${s.keyExpiration === null ? 'never' : s.keyExpiration.slice(0, 10)}` });
  if (s.nextEpochBegins) lines.push({ label: `Next DIEM epoch: ${s.nextEpochBegins.replace('T', ' ').slice(0, 16)} UTC` });
  for (const l of windowLines(s, relativeTimes(now), (t) => t)) lines.push({ label: l });
  for (const row of modelLimitRows(s.modelLimits)) lines.push({ label: row });
  return lines;
}
