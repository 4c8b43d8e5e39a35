// What the inline-completions status bar item says for each state: on (with the model and the last
// latency), working, off, snoozed, not here (language, secret file, Restricted Mode), and the errors
// that stop completions until the user acts (401, 402) or time passes (429). No `vscode` import.
import { COMMANDS } from '../ids';
import { oneLine, truncate } from '../util/text';
import type { Blocked } from './gate';

export type CompletionState =
  | { kind: 'on'; model?: string; latencyMs?: number; working?: boolean }
  | { kind: 'blocked'; why: Blocked; model?: string }
  | { kind: 'auth' }
  | { kind: 'payment' }
  | { kind: 'rateLimited'; until: number }
  | { kind: 'failed'; message: string };

export interface StatusView {
  text: string;
  tooltip: string;
  /** Accessible name (screen readers, tests). */
  label: string;
  command: string;
  /** Shown with the warning colours. */
  warning: boolean;
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function whyBlocked(why: Blocked): string {
  switch (why.kind) {
    case 'off':
      return 'off (venice.completions.enabled)';
    case 'snoozed':
      return `snoozed until ${clock(why.until)}`;
    case 'untrusted':
      return 'off in Restricted Mode (venice.completions.allowInUntrustedWorkspaces allows them)';
    case 'language':
      return `off for ${why.language} (venice.completions.disabledLanguages)`;
    case 'secret':
      return `off in this file: ${why.reason}`;
    case 'scheme':
      return 'not available in this editor';
  }
}

const MENU_HINT = 'Click for options.';

export function statusView(s: CompletionState, now: number): StatusView {
  const menu = COMMANDS.completionsMenu;
  switch (s.kind) {
    case 'on': {
      const model = s.model ? ` · ${s.model}` : '';
      const latency = s.latencyMs !== undefined ? ` · ${Math.round(s.latencyMs)} ms` : '';
      const state = s.working ? 'completing…' : 'on';
      return {
        text: `${s.working ? '$(loading~spin)' : '$(sparkle)'} Venice${latency}`,
        tooltip: `Venice inline completions: ${state}${model}${s.latencyMs !== undefined ? ` · last completion ${Math.round(s.latencyMs)} ms` : ''}. ${MENU_HINT}`,
        label: `Venice completions ${state}${model}${latency}`,
        command: menu,
        warning: false,
      };
    }
    case 'blocked': {
      const why = whyBlocked(s.why);
      const icon = s.why.kind === 'snoozed' ? '$(clock)' : '$(circle-slash)';
      const short = s.why.kind === 'snoozed' ? `snoozed until ${clock(s.why.until)}` : s.why.kind === 'off' ? 'off' : 'off here';
      return { text: `${icon} Venice`, tooltip: `Venice inline completions: ${why}. ${MENU_HINT}`, label: `Venice completions ${short}`, command: menu, warning: false };
    }
    case 'auth':
      return {
        text: '$(key) Venice',
        tooltip: 'Venice inline completions paused: the API key was refused (401). Click to set a new key.',
        label: 'Venice completions paused: API key refused',
        command: COMMANDS.setApiKey,
        warning: true,
      };
    case 'payment':
      return {
        text: '$(credit-card) Venice',
        tooltip: 'Venice inline completions paused: Venice could not charge the request (402: balance empty or the key\'s spending limit reached). Click to see your balance.',
        label: 'Venice completions paused: balance empty',
        command: COMMANDS.showAccount,
        warning: true,
      };
    case 'rateLimited': {
      const seconds = Math.max(1, Math.ceil((s.until - now) / 1000));
      return {
        text: '$(watch) Venice',
        tooltip: `Venice inline completions: rate limited (429), resuming in ${seconds} s. ${MENU_HINT}`,
        label: `Venice completions rate limited, resuming in ${seconds} seconds`,
        command: menu,
        warning: false,
      };
    }
    case 'failed':
      return {
        text: '$(warning) Venice',
        tooltip: `Venice inline completions: the last request failed: ${truncate(oneLine(s.message), 200)} ${MENU_HINT}`,
        label: 'Venice completions: last request failed',
        command: menu,
        warning: true,
      };
  }
}
