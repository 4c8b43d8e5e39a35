// Issue 18 item 9: auto-approve covers only ordinary source files (an allow-list); everything else
// still works but always asks, and VS Code's own folders, home and dotfiles workspaces always ask.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { autoApproveRefusal, writeGuardFor, type WriteEnvironment } from '../../../src/tools/autoApprove';
import type { GuardedPath } from '../../../src/tools/pathGuard';

const HOME = path.resolve('/home/dev');
const ENV: WriteEnvironment = { editorFolders: [path.join(HOME, '.config', 'Code'), path.join(HOME, '.vscode', 'extensions'), path.resolve('/usr/share/code/resources/app')], home: HOME };

/** A checked path as the guard returns it, under `root`, without links. */
function at(root: string, relative: string, over: Partial<GuardedPath> = {}): GuardedPath {
  const absolute = path.join(root, ...relative.split('/'));
  return { ok: true, root: { name: path.basename(root), path: root }, absolute, real: absolute, relative, realRelative: relative, exists: true, isDirectory: false, links: 1, ...over };
}

const PROJECT = path.join(HOME, 'src', 'app');

describe('tools: what auto-approve may write (allow-list)', () => {
  const ordinary = ['src/app.ts', 'src/view.tsx', 'lib/util.js', 'server/main.py', 'cmd/main.go', 'src/lib.rs', 'README.md', 'docs/guide.mdx', 'notes.txt', 'styles/site.css', 'images/generated/cat.png', 'src/App.vue', 'src/Main.java', 'db/schema.sql'];
  for (const p of ordinary) {
    it(`${p} is an ordinary source file: auto-approve may write it`, () => {
      assert.equal(autoApproveRefusal(p), undefined, p);
      assert.deepEqual(writeGuardFor(at(PROJECT, p), ENV), {}, p);
    });
  }

  // Every name from the security review, and the shapes around them: all ask, auto-approve or not.
  const asks = [
    'eslint.config.js', '.eslintrc.cjs', 'prettier.config.js', 'conftest.py', 'setup.py', 'pyproject.toml', 'build.gradle', 'build.rs', '.cargo/config.toml',
    'node_modules/x/index.js', '.pnpmfile.cjs', '.gitlab-ci.yml', '.circleci/config.yml', 'Jenkinsfile', '.pre-commit-config.yaml', 'Dockerfile', '.devcontainer.json',
    'justfile', 'Taskfile.yml', 'mise.toml', '.bashrc', '.zshrc', '.profile', '.config/Code/User/settings.json',
    // Dotfiles and dot-folders at any depth, and what the allow-list leaves out.
    '.env', 'src/.hidden.ts', 'packages/a/.config/x.ts', '.vscode/settings.json', '.github/workflows/ci.yml', 'a/b/.git/hooks/pre-push',
    'tsconfig.json', 'deno.json', 'composer.json', 'config.yaml', 'Cargo.toml', 'pom.xml', 'app.csproj', 'install.sh', 'run.ps1', 'build.bat', 'Makefile', 'bashrc', 'LICENSE',
    'vite.config.ts', 'AGENTS.md', 'docs/CLAUDE.md', 'requirements.txt', 'data.ipynb', 'icon.svg',
  ];
  for (const p of asks) {
    it(`${p} always asks`, () => {
      assert.ok(autoApproveRefusal(p), p);
      const guard = writeGuardFor(at(PROJECT, p), ENV);
      assert.ok(guard.warning ?? guard.alwaysAsk, `${p}: ${JSON.stringify(guard)}`);
    });
  }

  it('names that run code get a warning on the card, other files only a quiet reason', () => {
    assert.match(writeGuardFor(at(PROJECT, 'Dockerfile'), ENV).warning ?? '', /^Sensitive file: .*image is built/);
    const data = writeGuardFor(at(PROJECT, 'data/table.json'), ENV);
    assert.equal(data.warning, undefined);
    assert.match(data.alwaysAsk ?? '', /not an ordinary source file/);
  });

  it('a symlink is judged by its target too: notes.md -> .vscode/tasks.json warns', () => {
    const g = writeGuardFor(at(PROJECT, 'notes.md', { realRelative: '.vscode/tasks.json', real: path.join(PROJECT, '.vscode', 'tasks.json') }), ENV);
    assert.match(g.warning ?? '', /\.vscode/);
  });

  it('a file with other hard links warns', () => {
    assert.match(writeGuardFor(at(PROJECT, 'src/app.ts', { links: 2 }), ENV).warning ?? '', /hard links/);
  });

  it('a workspace folder that is itself .vscode or .git stays sensitive', () => {
    assert.match(writeGuardFor(at(path.join(PROJECT, '.vscode'), 'settings.json'), ENV).warning ?? '', /\.vscode/);
    assert.match(writeGuardFor(at(path.join(PROJECT, '.vscode'), 'notes.md'), ENV).warning ?? '', /\.vscode/);
    assert.match(writeGuardFor(at(path.join(PROJECT, '.git'), 'hooks/pre-commit'), ENV).warning ?? '', /\.git/);
    assert.match(writeGuardFor(at(path.join(PROJECT, '.git', 'hooks'), 'pre-commit'), ENV).warning ?? '', /\.git/);
  });

  it("anything inside VS Code's user data, extensions or application folder warns, wherever the workspace is", () => {
    const userData = path.join(HOME, '.config', 'Code');
    assert.match(writeGuardFor(at(path.join(userData, 'User'), 'settings.json'), ENV).warning ?? '', /VS Code's own folder/);
    assert.match(writeGuardFor(at(path.join(userData, 'User'), 'snippets/ts.json'), ENV).warning ?? '', /VS Code's own folder/);
    assert.match(writeGuardFor(at(path.join(HOME, '.vscode', 'extensions', 'pub.ext-1.0.0'), 'out/extension.js'), ENV).warning ?? '', /VS Code's own folder/);
    // A home workspace reaches them through ordinary-looking names too.
    assert.match(writeGuardFor(at(HOME, '.config/Code/User/settings.json'), ENV).warning ?? '', /VS Code's own folder/);
    // Through a symlink from an ordinary project.
    const linked = at(PROJECT, 'src/ext.js', { real: path.join(HOME, '.vscode', 'extensions', 'pub.ext-1.0.0', 'ext.js'), realRelative: '../../.vscode/extensions/pub.ext-1.0.0/ext.js' });
    assert.match(writeGuardFor(linked, ENV).warning ?? '', /VS Code's own folder/);
    // Letter case does not matter (macOS and Windows volumes).
    assert.match(writeGuardFor(at(path.join(HOME, '.config', 'CODE', 'User'), 'x.md'), ENV).warning ?? '', /VS Code's own folder/);
  });

  it('a home workspace, a dotfiles folder and a workspace inside a dot-folder never auto-approve', () => {
    assert.match(writeGuardFor(at(HOME, 'notes.md'), ENV).alwaysAsk ?? '', /home folder/);
    assert.match(writeGuardFor(at(path.join(HOME, 'dotfiles'), 'nvim/init.lua'), ENV).alwaysAsk ?? '', /dotfiles/);
    assert.match(writeGuardFor(at(path.join(HOME, '.local', 'share', 'proj'), 'src/a.ts'), ENV).alwaysAsk ?? '', /dot-folder/);
  });
});
