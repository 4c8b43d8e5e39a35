// Which workspace paths are sensitive. No `vscode` import.
//
// Writes to these always ask, with a warning, even when the user auto-approves the tool: a prompt
// injection that edits .vscode/settings.json, a git hook, a linter config or a Dockerfile can run
// code (CVE-2025-53773). Reads of files that commonly hold secrets ask before their contents are
// sent to the API. (Auto-approve has its own allow-list on top of this: autoApprove.ts.)
//
// Matching is case-insensitive and ignores trailing dots and spaces of each segment, because
// macOS and Windows volumes treat ".VSCode/Settings.json" and ".vscode./settings.json" as the same file.
// The functions take a workspace-relative path or an absolute one (every segment is looked at).

export function foldSegments(p: string): string[] {
  return p
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => {
      const lower = s.toLowerCase();
      return lower.replace(/[. ]+$/, '') || lower;
    });
}

/** Folders whose files configure tools that run code, hold version-control internals, or installed code. */
const SENSITIVE_WRITE_FOLDERS: Record<string, string> = {
  '.vscode': 'files in .vscode/ configure the editor, tasks and debugging, and can make VS Code run commands',
  '.git': 'files in .git/ (hooks, config) can make git run commands',
  '.github': 'files in .github/ define CI workflows that run code',
  '.gitlab': 'files in .gitlab/ configure GitLab CI',
  '.circleci': 'files in .circleci/ define CI jobs that run code',
  '.buildkite': 'files in .buildkite/ define CI pipelines that run code',
  '.devcontainer': 'files in .devcontainer/ define containers and commands that run on open',
  '.husky': 'files in .husky/ are git hooks that run commands',
  '.idea': 'files in .idea/ configure another IDE, including run configurations',
  '.cargo': 'files in .cargo/ configure cargo, including commands it runs',
  '.config': 'files in .config/ configure programs (shells, git, editors), several of which run code from them',
  '.ssh': 'files in .ssh/ decide who may log in and what ssh runs',
  node_modules: 'files in node_modules/ are installed packages that run when the project runs',
};

/** File names that configure code execution or credentials. */
const SENSITIVE_WRITE_FILES: Record<string, string> = {
  'package.json': 'package.json scripts run on npm install and npm run',
  '.npmrc': '.npmrc configures npm, including registries and tokens',
  '.yarnrc': '.yarnrc configures yarn',
  '.yarnrc.yml': '.yarnrc.yml configures yarn, including plugins that run code',
  '.pnpmfile.cjs': '.pnpmfile.cjs is code pnpm runs on install',
  '.gitattributes': '.gitattributes can configure filters that run commands',
  '.gitmodules': '.gitmodules points git at other repositories',
  '.editorconfig': '.editorconfig changes how every file is formatted',
  makefile: 'the Makefile defines commands that run on make',
  justfile: 'the justfile defines commands that run on just',
  '.justfile': 'the justfile defines commands that run on just',
  'taskfile.yml': 'Taskfile.yml defines commands that run on task',
  'taskfile.yaml': 'Taskfile.yaml defines commands that run on task',
  'mise.toml': 'mise.toml defines tasks and environment that mise runs',
  '.mise.toml': 'mise.toml defines tasks and environment that mise runs',
  'conftest.py': 'pytest runs conftest.py on every test run',
  'setup.py': 'setup.py runs on pip install',
  'noxfile.py': 'noxfile.py defines sessions that nox runs',
  'sitecustomize.py': 'Python runs sitecustomize.py on every start',
  'usercustomize.py': 'Python runs usercustomize.py on every start',
  'pyproject.toml': 'pyproject.toml names the build backend and tool plugins that run code',
  'setup.cfg': 'setup.cfg configures the Python build and tools',
  'tox.ini': 'tox.ini defines commands that tox runs',
  'build.gradle': 'build.gradle is code Gradle runs on every build',
  'build.gradle.kts': 'build.gradle.kts is code Gradle runs on every build',
  'settings.gradle': 'settings.gradle is code Gradle runs on every build',
  'settings.gradle.kts': 'settings.gradle.kts is code Gradle runs on every build',
  'build.rs': 'cargo runs build.rs on every build',
  'cargo.toml': 'Cargo.toml chooses build scripts and dependencies that run on build',
  '.gitlab-ci.yml': '.gitlab-ci.yml defines CI jobs that run code',
  jenkinsfile: 'the Jenkinsfile defines CI jobs that run code',
  '.pre-commit-config.yaml': '.pre-commit-config.yaml defines hooks that run on every commit',
  dockerfile: 'a Dockerfile defines commands that run when the image is built',
  containerfile: 'a Containerfile defines commands that run when the image is built',
  'docker-compose.yml': 'docker-compose.yml defines containers and commands',
  'docker-compose.yaml': 'docker-compose.yaml defines containers and commands',
  'compose.yml': 'compose.yml defines containers and commands',
  'compose.yaml': 'compose.yaml defines containers and commands',
  '.devcontainer.json': '.devcontainer.json defines a container and commands that run on open',
  rakefile: 'the Rakefile defines tasks that run on rake',
  gemfile: 'the Gemfile chooses gems that are installed and run',
  vagrantfile: 'the Vagrantfile is code Vagrant runs',
  'cmakelists.txt': 'CMakeLists.txt can run commands when the project is configured',
};

/** Shell start-up files (with the dot, or without it as dotfiles repositories keep them). */
const SHELL_STARTUP = new Set(['bashrc', 'bash_profile', 'bash_login', 'bash_logout', 'profile', 'zshrc', 'zshenv', 'zprofile', 'zlogin', 'zlogout', 'cshrc', 'tcshrc', 'kshrc', 'xinitrc', 'xprofile', 'config.fish']);

/** VS Code's own settings files as they sit in its user-data folder (a home or dotfiles workspace holds them). */
const EDITOR_USER_FILES = new Set(['settings.json', 'keybindings.json', 'tasks.json', 'mcp.json']);

/** Name patterns of tool configuration that the tool loads as code. */
const SENSITIVE_WRITE_PATTERNS: Array<[RegExp, string]> = [
  [/^eslint\.config\./, 'ESLint loads eslint.config.* as code'],
  [/^\.eslintrc/, 'ESLint loads .eslintrc.* (and the plugins it names)'],
  [/^prettier\.config\./, 'Prettier loads prettier.config.* as code'],
  [/^\.prettierrc/, 'Prettier loads .prettierrc.* (and the plugins it names)'],
  [/\.(config|conf)\.[cm]?[jt]sx?$/, 'build and test tools load *.config.js/ts files as code'],
  [/^(gulpfile|gruntfile|jakefile)\./, 'task runners load this file as code'],
  [/^requirements.*\.txt$/, 'pip installs what requirements files name, and installing runs code'],
];

function isEnvFile(name: string): boolean {
  // ".env*" (including .envrc, which direnv runs as shell code) and "prod.env".
  return name.startsWith('.env') || name.endsWith('.env');
}

/** Why writing (or creating) this path needs an explicit confirmation, if it does. */
export function sensitiveWriteReason(p: string): string | undefined {
  const segments = foldSegments(p);
  if (!segments.length) return undefined;
  for (const s of segments.slice(0, -1)) {
    if (SENSITIVE_WRITE_FOLDERS[s]) return SENSITIVE_WRITE_FOLDERS[s];
  }
  const name = segments[segments.length - 1];
  const parent = segments.length > 1 ? segments[segments.length - 2] : '';
  if (SENSITIVE_WRITE_FOLDERS[name]) return SENSITIVE_WRITE_FOLDERS[name];
  if (SENSITIVE_WRITE_FILES[name]) return SENSITIVE_WRITE_FILES[name];
  if (SHELL_STARTUP.has(name.replace(/^\./, ''))) return `${name} is a shell start-up file: shells run it as code`;
  if (EDITOR_USER_FILES.has(name) && (parent === 'user' || parent === 'machine')) {
    return `${parent}/${name} looks like VS Code's own settings, which can change what the editor and its extensions run and where they send keys`;
  }
  for (const [pattern, reason] of SENSITIVE_WRITE_PATTERNS) if (pattern.test(name)) return reason;
  if (isEnvFile(name)) return `${name} holds environment variables, often secrets`;
  if (name.endsWith('.code-workspace')) return 'a .code-workspace file holds workspace settings and tasks that can run commands';
  const secret = sensitiveReadReason(p);
  if (secret) return secret;
  return undefined;
}

const SECRET_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx', '.jks', '.keystore', '.kdbx', '.ppk', '.asc', '.gpg', '.tfvars', '.tfstate', '.tfstate.backup'];
const SECRET_NAMES = new Set(['.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.htpasswd', '.pgpass', 'credentials', 'secrets.json', 'secrets.yaml', 'secrets.yml', 'kubeconfig']);
const SECRET_FOLDERS = new Set(['.ssh', '.aws', '.gnupg']);
/** Files that hold tokens only in a certain folder: [folder, file]. */
const SECRET_IN_FOLDER: ReadonlyArray<[string, string]> = [
  ['.git', 'config'],
  ['.kube', 'config'],
  ['.docker', 'config.json'],
  ['gh', 'hosts.yml'],
];

/** Why reading this path may expose secrets (so the user is asked before it is sent), if it may. */
export function sensitiveReadReason(p: string): string | undefined {
  const segments = foldSegments(p);
  if (!segments.length) return undefined;
  const name = segments[segments.length - 1];
  const parent = segments.length > 1 ? segments[segments.length - 2] : '';
  if (isEnvFile(name)) return `${name} holds environment variables, often secrets`;
  if (/^id_(rsa|dsa|ecdsa|ed25519)/.test(name)) return `${name} looks like an SSH private key`;
  if (SECRET_EXTENSIONS.some((ext) => name.endsWith(ext))) return `${name} looks like a key, certificate or infrastructure state file`;
  if (SECRET_NAMES.has(name)) return `${name} often holds credentials or tokens`;
  if (segments.some((s) => SECRET_FOLDERS.has(s))) return `${name} is in a folder that holds credentials`;
  for (const [folder, file] of SECRET_IN_FOLDER) {
    if (parent === folder && name === file) return `${folder}/${file} can hold credentials or tokens`;
  }
  return undefined;
}
