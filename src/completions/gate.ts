// Whether inline completions may run for a document right now, and if not, why (the status bar
// says it). No `vscode` import: the caller passes what VS Code knows.
import { sensitiveReadReason } from '../tools/sensitive';

export type Blocked =
  | { kind: 'off' }
  | { kind: 'snoozed'; until: number }
  | { kind: 'untrusted' }
  | { kind: 'language'; language: string }
  | { kind: 'secret'; reason: string }
  | { kind: 'scheme' };

export interface GateInput {
  enabled: boolean;
  snoozedUntil: number;
  now: number;
  workspaceTrusted: boolean;
  allowUntrusted: boolean;
  disabledLanguages: readonly string[];
  languageId: string;
  scheme: string;
  /** The document's path (file system or URI path). */
  path: string;
}

/** Documents that are the user's text (not output panes, diff views of git objects, settings UIs). */
export const COMPLETION_SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell', 'vscode-userdata'] as const;
const SCHEMES = new Set<string>(COMPLETION_SCHEMES);

export function blocked(g: GateInput): Blocked | undefined {
  if (!g.enabled) return { kind: 'off' };
  if (g.snoozedUntil > g.now) return { kind: 'snoozed', until: g.snoozedUntil };
  if (!g.workspaceTrusted && !g.allowUntrusted) return { kind: 'untrusted' };
  if (!SCHEMES.has(g.scheme)) return { kind: 'scheme' };
  if (g.disabledLanguages.includes(g.languageId)) return { kind: 'language', language: g.languageId };
  // The files the tools treat as secret (.env*, keys, credentials) never go to the model.
  const secret = sensitiveReadReason(g.path);
  if (secret) return { kind: 'secret', reason: secret };
  return undefined;
}
