// T6: which paths always ask before a write, and which reads ask before contents go to the API.
import * as assert from 'node:assert/strict';
import { sensitiveReadReason, sensitiveWriteReason } from '../../../src/tools/sensitive';

describe('tools: sensitive paths (T6)', () => {
  it('writes to editor, git, CI and hook folders always ask, in any letter case or with trailing dots', () => {
    for (const p of [
      '.vscode/settings.json',
      '.vscode/tasks.json',
      '.vscode/launch.json',
      '.VSCode/Settings.json',
      '.vscode./settings.json',
      '.vscode',
      '.git/hooks/pre-commit',
      '.git/config',
      '.GIT/HOOKS/post-checkout',
      '.github/workflows/ci.yml',
      '.devcontainer/devcontainer.json',
      '.husky/pre-commit',
      'packages/app/.vscode/settings.json',
      'ws/.vscode/settings.json',
    ]) {
      assert.ok(sensitiveWriteReason(p), p);
    }
  });

  it('writes to env files, workspace files, package.json and npm config always ask', () => {
    for (const p of ['.env', '.env.local', '.ENV.production', 'config/prod.env', '.envrc', 'team.code-workspace', 'package.json', 'packages/a/package.json', 'Package.JSON', '.npmrc', 'Makefile', 'keys/server.pem', 'id_rsa']) {
      assert.ok(sensitiveWriteReason(p), p);
    }
  });

  it('ordinary source files do not', () => {
    for (const p of ['src/app.ts', 'README.md', 'notes.txt', 'docs/vscode-tips.md', 'src/git/helpers.ts', 'environment.ts', 'package-lock.txt', 'images/generated/cat.png']) {
      assert.equal(sensitiveWriteReason(p), undefined, p);
    }
  });

  it('the reason names what is at stake', () => {
    assert.match(sensitiveWriteReason('.vscode/settings.json') ?? '', /run commands/);
    assert.match(sensitiveWriteReason('package.json') ?? '', /scripts/);
  });

  it('reads of files that commonly hold secrets ask', () => {
    for (const p of ['.env', '.env.local', 'app/.env.production', 'certs/server.pem', 'server.KEY', 'id_rsa', 'id_ed25519.pub', '.npmrc', '.netrc', '.git-credentials', '.aws/credentials', '.ssh/config', '.git/config', 'secrets.json', 'store.p12']) {
      assert.ok(sensitiveReadReason(p), p);
    }
  });

  it('reads of ordinary files do not', () => {
    for (const p of ['src/app.ts', 'README.md', 'notes.txt', '.vscode/settings.json', 'package.json', 'docs/keys.md', 'env.ts']) {
      assert.equal(sensitiveReadReason(p), undefined, p);
    }
  });
});

describe('tools: sensitive paths from the security review (issue 18, items 9 and 12)', () => {
  // Every name the review lists, plus the neighbours that work the same way: writing any of them can run code.
  const writes: Array<[string, RegExp]> = [
    ['eslint.config.js', /ESLint/],
    ['eslint.config.mjs', /ESLint/],
    ['packages/web/eslint.config.ts', /ESLint/],
    ['.eslintrc.cjs', /ESLint/],
    ['.eslintrc.json', /ESLint/],
    ['prettier.config.js', /Prettier/],
    ['.prettierrc.mjs', /Prettier/],
    ['conftest.py', /pytest/],
    ['tests/conftest.py', /pytest/],
    ['setup.py', /pip install/],
    ['pyproject.toml', /build backend/],
    ['build.gradle', /Gradle/],
    ['app/build.gradle.kts', /Gradle/],
    ['build.rs', /cargo/],
    ['.cargo/config.toml', /cargo/],
    ['node_modules/left-pad/index.js', /installed packages/],
    ['packages/a/node_modules/.bin/tsc', /installed packages/],
    ['.pnpmfile.cjs', /pnpm/],
    ['.gitlab-ci.yml', /CI/],
    ['.circleci/config.yml', /CI/],
    ['Jenkinsfile', /CI/],
    ['.pre-commit-config.yaml', /commit/],
    ['Dockerfile', /image is built/],
    ['docker/Dockerfile', /image is built/],
    ['.devcontainer.json', /container/],
    ['justfile', /just/],
    ['Taskfile.yml', /task/],
    ['mise.toml', /mise/],
    ['vite.config.ts', /load/],
    ['jest.config.cjs', /load/],
    ['gulpfile.js', /task runners/],
    ['requirements.txt', /pip/],
    ['CMakeLists.txt', /configured/],
    // A home or dotfiles workspace: shell start-up files, with or without the dot.
    ['.bashrc', /shell start-up/],
    ['.zshrc', /shell start-up/],
    ['.profile', /shell start-up/],
    ['.bash_profile', /shell start-up/],
    ['bashrc', /shell start-up/],
    ['zsh/zshenv', /shell start-up/],
    ['.config/fish/config.fish', /\.config/],
    // VS Code's own user settings as a home workspace sees them.
    ['.config/Code/User/settings.json', /\.config/],
    ['Library/Application Support/Code/User/settings.json', /VS Code's own settings/],
    ['AppData/Roaming/Code/User/keybindings.json', /VS Code's own settings/],
    ['.vscode-server/data/Machine/settings.json', /VS Code's own settings/],
    ['.ssh/authorized_keys', /ssh/],
  ];
  for (const [p, why] of writes) {
    it(`writing ${p} always asks, saying why`, () => {
      assert.match(sensitiveWriteReason(p) ?? '(none)', why, p);
    });
  }

  it('absolute paths count every folder on the way: a workspace that is .vscode or .git stays sensitive', () => {
    assert.match(sensitiveWriteReason('/home/u/repo/.vscode/settings.json') ?? '', /\.vscode/);
    assert.match(sensitiveWriteReason('/home/u/repo/.git/hooks/pre-commit') ?? '', /\.git/);
    assert.match(sensitiveWriteReason('C:\\Users\\u\\repo\\.git\\config') ?? '', /\.git/);
    assert.equal(sensitiveWriteReason('/home/u/repo/src/app.ts'), undefined);
  });

  const secrets = ['.kube/config', 'home/.kube/config', '.docker/config.json', '.config/gh/hosts.yml', 'infra/prod.tfvars', 'infra/terraform.tfstate', 'terraform.tfstate.backup', '.pgpass', 'kubeconfig'];
  for (const p of secrets) {
    it(`reading ${p} asks first (it holds credentials)`, () => {
      assert.ok(sensitiveReadReason(p), p);
    });
  }

  it('the same names in other folders are not secrets', () => {
    for (const p of ['src/config', 'docker/config.json', 'gh/hosts.yaml', 'docs/terraform.md', 'kube/config.ts']) {
      assert.equal(sensitiveReadReason(p), undefined, p);
    }
  });
});
