// T4/T5: model paths stay inside the workspace, lexically and after following symlinks.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { containingRoot, containingRoots, guardPath, lexicalProblem, type GuardRoot } from '../../../src/tools/pathGuard';

describe('tools: path guard', () => {
  let base: string;
  let ws: string;
  let outside: string;
  let roots: GuardRoot[];

  before(() => {
    base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'venice-guard-')));
    ws = path.join(base, 'ws');
    outside = path.join(base, 'outside');
    mkdirSync(path.join(ws, 'src'), { recursive: true });
    mkdirSync(path.join(base, 'ws-evil'), { recursive: true });
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(ws, 'src', 'app.ts'), 'export {};\n');
    writeFileSync(path.join(ws, 'README.md'), '# hi\n');
    writeFileSync(path.join(outside, 'victim.txt'), 'secret\n');
    writeFileSync(path.join(base, 'ws-evil', 'x'), 'evil\n');
    // T5 fixtures: links leading out, a dangling link, and a link that stays inside.
    symlinkSync(outside, path.join(ws, 'link'), 'dir');
    symlinkSync(path.join(outside, 'victim.txt'), path.join(ws, 'file.txt'), 'file');
    symlinkSync(path.join(outside, 'created.txt'), path.join(ws, 'new.txt'), 'file');
    symlinkSync(path.join(ws, 'src'), path.join(ws, 'src-link'), 'dir');
    symlinkSync(path.join(ws, 'README.md'), path.join(ws, 'readme-link.md'), 'file');
    roots = [{ name: 'ws', path: ws }];
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  async function refused(input: string, pattern: RegExp): Promise<void> {
    const r = await guardPath(input, roots);
    assert.equal(r.ok, false, `${JSON.stringify(input)} should be refused`);
    assert.match(!r.ok ? r.reason : '', pattern, JSON.stringify(input));
  }

  describe('accepts plain workspace paths', () => {
    it('an existing file, with its relative path and existence', async () => {
      const r = await guardPath('src/app.ts', roots);
      assert.ok(r.ok);
      assert.equal(r.relative, 'src/app.ts');
      assert.equal(r.absolute, path.join(ws, 'src', 'app.ts'));
      assert.equal(r.exists, true);
      assert.equal(r.isDirectory, false);
    });

    it('a new file in a new folder (deepest existing ancestor is inside)', async () => {
      const r = await guardPath('src/deep/new/file.ts', roots);
      assert.ok(r.ok);
      assert.equal(r.exists, false);
      assert.equal(r.relative, 'src/deep/new/file.ts');
    });

    it('"./" prefixes, backslash separators and ".." that stays inside', async () => {
      for (const input of ['./src/app.ts', 'src\\app.ts', 'src/../src/app.ts', 'src//app.ts']) {
        const r = await guardPath(input, roots);
        assert.ok(r.ok, input);
        assert.equal(r.relative, 'src/app.ts', input);
      }
    });

    it('symlinks that stay inside the workspace', async () => {
      const dir = await guardPath('src-link/app.ts', roots);
      assert.ok(dir.ok);
      assert.equal(dir.realRelative, 'src/app.ts');
      const file = await guardPath('readme-link.md', roots);
      assert.ok(file.ok);
      assert.equal(file.realRelative, 'README.md');
    });

    it('the folder itself only when allowed', async () => {
      await refused('.', /workspace folder itself/);
      const r = await guardPath('.', roots, { allowRoot: true });
      assert.ok(r.ok);
    });
  });

  describe('T4: traversal and absolute paths are refused', () => {
    const cases: Array<[string, RegExp]> = [
      ['../../.ssh/id_rsa', /outside the workspace/],
      ['..\\..\\Windows\\win.ini', /outside the workspace/],
      ['%2e%2e/%2e%2e/etc/passwd', /URL-encoded/],
      ['src/%2E%2E/%2e%2e/x', /URL-encoded/],
      ['/etc/passwd', /absolute paths/],
      ['C:\\Users\\x\\.aws\\credentials', /drive letters/],
      ['c:/Users/x', /drive letters/],
      ['\\\\?\\C:\\Windows\\win.ini', /absolute paths/],
      ['\\\\server\\share\\x', /absolute paths/],
      ['~/.bashrc', /home-directory/],
      ['~root/.ssh/id_rsa', /home-directory/],
      ['file:///etc/passwd', /URIs/],
      ['vscode-remote://x/etc/passwd', /URIs/],
      ['src/../../outside.txt', /outside the workspace/],
      ['../ws-evil/x', /outside the workspace/],
      ['..', /outside the workspace/],
      ['src/app.ts\u0000.png', /control characters/],
      ['a\nb', /control characters/],
      ['...', /only of dots/],
      ['src/. ./x', /only of dots/],
      ['NUL', /device names/],
      ['src/com1.txt', /device names/],
      ['README.md:stream', /URIs|colons/],
      ['src/a.txt:$DATA', /colons/],
      ['', /empty/],
      ['   ', /empty/],
    ];
    for (const [input, pattern] of cases) it(`refuses ${JSON.stringify(input)}`, () => refused(input, pattern));

    it('a sibling folder sharing the workspace name as a prefix is outside (not a startsWith check)', async () => {
      const r = await guardPath(`../${path.basename(ws)}-evil/x`, roots);
      assert.equal(r.ok, false);
    });

    // Issue 18 item 12: characters that make a path look like another one on the approval card.
    const invisible: Array<[string, string]> = [
      ['src/\u202Egnp.js', 'U+202E'], // right-to-left override: shows as "src/sj.png"
      ['src/\u202Dapp.ts', 'U+202D'], // left-to-right override
      ['src/\u2066a\u2069.ts', 'U+2066'], // isolates
      ['src/a\u200B.ts', 'U+200B'], // zero-width space
      ['src/\u200Dx.ts', 'U+200D'], // zero-width joiner
      ['\uFEFFREADME.md', 'U+FEFF'], // byte-order mark
      ['src/a\u00ADb.ts', 'U+00AD'], // soft hyphen
      ['src/a\u0085b.ts', 'U+0085'], // C1 control (next line)
      ['src/a\u009Bb.ts', 'U+009B'], // C1 control sequence introducer
      ['src/\u{E0041}a.ts', 'U+E0041'], // Unicode tag character
    ];
    for (const [input, code] of invisible) {
      it(`refuses the invisible character ${code} with an error naming it`, async () => {
        const r = await guardPath(input, roots);
        assert.equal(r.ok, false);
        assert.ok(!r.ok && r.reason.includes(code), !r.ok ? r.reason : '');
        assert.match(!r.ok ? r.reason : '', /invisible/);
      });
    }

    it('lexicalProblem alone accepts ordinary names with dots, dashes and spaces', () => {
      for (const ok of ['.env.example', 'a b/c-d_e.f.ts', '.github/workflows/ci.yml', 'naïve/ünïcode.md']) assert.equal(lexicalProblem(ok), undefined, ok);
    });
  });

  describe('T5: symlinks leading outside are refused, for reads and writes', () => {
    it('a file inside a symlinked folder pointing outside (link/pwn.txt, new)', () => refused('link/pwn.txt', /symbolic link/));
    it('an existing file through a symlinked folder (link/victim.txt)', () => refused('link/victim.txt', /symbolic link/));
    it('the symlinked folder itself', () => refused('link', /symbolic link/));
    it('a file symlink to an outside file (file.txt)', () => refused('file.txt', /symbolic link/));
    it('a dangling symlink to an outside path (new.txt)', () => refused('new.txt', /symbolic link whose target does not exist/));
    it('a path below a dangling symlink', () => refused('new.txt/x', /symbolic link whose target does not exist/));
    it('a symlink to a file that points back out through ..', async () => {
      symlinkSync('../outside/victim.txt', path.join(ws, 'relative-link.txt'));
      await refused('relative-link.txt', /symbolic link/);
    });
  });

  describe('multi-root workspaces', () => {
    it('picks the folder named by the first segment, and stays inside it', async () => {
      const other = path.join(base, 'other');
      mkdirSync(other, { recursive: true });
      writeFileSync(path.join(other, 'o.txt'), 'o');
      const multi: GuardRoot[] = [roots[0], { name: 'other', path: other }];
      const r = await guardPath('other/o.txt', multi);
      assert.ok(r.ok);
      assert.equal(r.root.name, 'other');
      const first = await guardPath('src/app.ts', multi);
      assert.ok(first.ok);
      assert.equal(first.root.name, 'ws');
      const escape = await guardPath('other/../../ws-evil/x', multi);
      assert.equal(escape.ok, false);
      const sideways = await guardPath('other/../ws/src/app.ts', multi);
      // Normalised before the folder is picked: "ws/src/app.ts", i.e. the folder named ws.
      assert.ok(sideways.ok);
      assert.equal(sideways.root.name, 'ws');
      assert.equal(sideways.relative, 'src/app.ts');
    });

    it('refuses everything when no folder is open', async () => {
      const r = await guardPath('a.txt', []);
      assert.equal(r.ok, false);
    });
  });

  describe('containingRoot (open editors, search hits)', () => {
    it('finds the folder and relative path of a file inside', async () => {
      const r = await containingRoot(path.join(ws, 'src', 'app.ts'), roots);
      assert.deepEqual(r && { name: r.root.name, relative: r.relative }, { name: 'ws', relative: 'src/app.ts' });
    });
    it('refuses files outside, and files reached through a symlink leading out', async () => {
      assert.equal(await containingRoot(path.join(outside, 'victim.txt'), roots), undefined);
      assert.equal(await containingRoot(path.join(ws, 'link', 'victim.txt'), roots), undefined);
      assert.equal(await containingRoot(path.join(base, 'ws-evil', 'x'), roots), undefined);
    });
  });

  describe('containingRoots (a whole findFiles listing at once)', () => {
    it('gives exactly the per-file answers: links leading out refused, links staying in kept', async () => {
      const many = path.join(ws, 'many');
      mkdirSync(many, { recursive: true });
      for (let i = 0; i < 40; i++) writeFileSync(path.join(many, `f${i}.ts`), `${i}\n`);
      symlinkSync(path.join(outside, 'victim.txt'), path.join(many, 'sneaky.ts'), 'file');
      symlinkSync(path.join(ws, 'README.md'), path.join(many, 'inside-link.md'), 'file');
      const paths = [
        ...Array.from({ length: 40 }, (_, i) => path.join(many, `f${i}.ts`)),
        path.join(many, 'sneaky.ts'),
        path.join(many, 'inside-link.md'),
        path.join(many, 'gone.ts'),
        path.join(ws, 'src', 'app.ts'),
        path.join(ws, 'src-link', 'app.ts'),
        path.join(ws, 'link', 'victim.txt'),
        path.join(ws, 'file.txt'),
        path.join(ws, 'new.txt'),
        path.join(outside, 'victim.txt'),
        path.join(base, 'ws-evil', 'x'),
        ws,
      ];
      const bulk = await containingRoots(paths, roots);
      const one = await Promise.all(paths.map((p) => containingRoot(p, roots)));
      const view = (r: { root: GuardRoot; relative: string } | undefined) => r && `${r.root.name}:${r.relative}`;
      assert.deepEqual(bulk.map(view), one.map(view));
      assert.equal(view(bulk[0]), 'ws:many/f0.ts');
      assert.deepEqual(bulk.slice(40, 43).map(view), [undefined, 'ws:many/inside-link.md', 'ws:many/gone.ts']);
      assert.equal(bulk.filter(Boolean).length, 40 + 2 + 2, 'the 40 files, the inside link, the missing file (as containingRoot), src/app.ts and src-link/app.ts');
    });

    it('answers for a multi-root workspace per root', async () => {
      const second = path.join(base, 'second');
      mkdirSync(second, { recursive: true });
      writeFileSync(path.join(second, 'b.ts'), 'b\n');
      const two: GuardRoot[] = [...roots, { name: 'second', path: second }];
      const r = await containingRoots([path.join(second, 'b.ts'), path.join(ws, 'README.md'), path.join(outside, 'victim.txt')], two);
      assert.deepEqual(r.map((x) => x && `${x.root.name}:${x.relative}`), ['second:b.ts', 'ws:README.md', undefined]);
    });
  });
});
