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
