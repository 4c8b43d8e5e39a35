// Which workspace paths are sensitive. No `vscode` import.
//
// Writes to these always ask, with a warning, even when the user auto-approves the tool: a prompt
// injection that edits .vscode/settings.json or a git hook can run code (CVE-2025-53773). Reads of
// files that commonly hold secrets ask before their contents are sent to the API.
//
// Matching is case-insensitive and ignores trailing dots and spaces of each segment, because
// macOS and Windows volumes treat ".VSCode/Settings.json" and ".vscode./settings.json" as the same file.

function fold(relative: string): string[] {
  return relative
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => {
      const lower = s.toLowerCase();
      return lower.replace(/[. ]+$/, '') || lower;
    });
}

/** Folders whose files configure tools that run code, or hold version-control internals. */
const SENSITIVE_WRITE_FOLDERS: Record<string, string> = {
  '.vscode': 'files in .vscode/ configure the editor, tasks and debugging, and can make VS Code run commands',
  '.git': 'files in .git/ (hooks, config) can make git run commands',
  '.github': 'files in .github/ define CI workflows that run code',
  '.devcontainer': 'files in .devcontainer/ define containers and commands that run on open',
  '.husky': 'files in .husky/ are git hooks that run commands',
  '.idea': 'files in .idea/ configure another IDE, including run configurations',
};

/** File names that configure code execution or credentials. */
const SENSITIVE_WRITE_FILES: Record<string, string> = {
  'package.json': 'package.json scripts run on npm install and npm run',
  '.npmrc': '.npmrc configures npm, including registries and tokens',
  '.yarnrc': '.yarnrc configures yarn',
  '.yarnrc.yml': '.yarnrc.yml configures yarn, including plugins that run code',
  '.gitattributes': '.gitattributes can configure filters that run commands',
  '.gitmodules': '.gitmodules points git at other repositories',
  '.editorconfig': '.editorconfig changes how every file is formatted',
  makefile: 'the Makefile defines commands that run on make',
};

function isEnvFile(name: string): boolean {
  // ".env*" (including .envrc, which direnv runs as shell code) and "prod.env".
  return name.startsWith('.env') || name.endsWith('.env');
}

/** Why writing (or creating) this workspace-relative path needs an explicit confirmation, if it does. */
export function sensitiveWriteReason(relative: string): string | undefined {
  const segments = fold(relative);
  if (!segments.length) return undefined;
  for (const s of segments.slice(0, -1)) {
    if (SENSITIVE_WRITE_FOLDERS[s]) return SENSITIVE_WRITE_FOLDERS[s];
  }
  const name = segments[segments.length - 1];
  if (SENSITIVE_WRITE_FOLDERS[name]) return SENSITIVE_WRITE_FOLDERS[name];
  if (SENSITIVE_WRITE_FILES[name]) return SENSITIVE_WRITE_FILES[name];
  if (isEnvFile(name)) return `${name} holds environment variables, often secrets`;
  if (name.endsWith('.code-workspace')) return 'a .code-workspace file holds workspace settings and tasks that can run commands';
  const secret = sensitiveReadReason(relative);
  if (secret) return secret;
  return undefined;
}

const SECRET_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.kdbx', '.ppk', '.asc', '.gpg'];
const SECRET_NAMES = new Set(['.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.htpasswd', 'credentials', 'secrets.json', 'secrets.yaml', 'secrets.yml']);

/** Why reading this path may expose secrets (so the user is asked before it is sent), if it may. */
export function sensitiveReadReason(relative: string): string | undefined {
  const segments = fold(relative);
  if (!segments.length) return undefined;
  const name = segments[segments.length - 1];
  if (isEnvFile(name)) return `${name} holds environment variables, often secrets`;
  if (/^id_(rsa|dsa|ecdsa|ed25519)/.test(name)) return `${name} looks like an SSH private key`;
  if (SECRET_EXTENSIONS.some((ext) => name.endsWith(ext))) return `${name} looks like a key or certificate file`;
  if (SECRET_NAMES.has(name)) return `${name} often holds credentials or tokens`;
  if (segments.includes('.ssh') || segments.includes('.aws') || segments.includes('.gnupg')) return `${name} is in a folder that holds credentials`;
  if (segments[0] === '.git' && name === 'config') return '.git/config can hold credentials in remote URLs';
  return undefined;
}
