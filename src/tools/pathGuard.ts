// Path containment for every tool that touches a file the model named. No `vscode` import: it takes
// the workspace folders as plain paths and checks them with node:fs, so it is unit-tested in Node.
//
// The model's path is untrusted. We accept only a plain relative path, resolve it against one
// workspace folder, and require that both the lexical result and its real location (after
// following symlinks, of the target or of its deepest existing ancestor) stay inside that folder.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';

export interface GuardRoot {
  /** Workspace folder name (used as a prefix in multi-root workspaces). */
  name: string;
  /** Absolute file-system path of the folder. */
  path: string;
}

export interface GuardedPath {
  ok: true;
  root: GuardRoot;
  /** Absolute path under the root (lexical; what the tool reads or writes). */
  absolute: string;
  /** Where it really is after following symlinks (inside the root's real path). */
  real: string;
  /** Relative to the root, with forward slashes. */
  relative: string;
  /** Relative path of `real` to the root's real path: what a symlinked path really names. */
  realRelative: string;
  exists: boolean;
  isDirectory: boolean;
  /** Hard-link count of an existing file (above 1, an edit also changes other names of it). */
  links: number;
}

export interface GuardRefusal {
  ok: false;
  reason: string;
}

export type GuardResult = GuardedPath | GuardRefusal;

export interface GuardOptions {
  /** Accept the workspace folder itself (e.g. "."). Default false. */
  allowRoot?: boolean;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function refuse(reason: string): GuardRefusal {
  return { ok: false, reason };
}

/**
 * The first control (\p{Cc}: NUL, C0, DEL, C1) or format (\p{Cf}: bidi overrides, zero-width
 * characters, soft hyphen) character, as "U+202E", if any. Such a character never belongs in a path
 * the model names: "src/\u202Egnp.js" shows as "src/sj.png" on an approval card.
 */
export function invisibleCharacter(s: string): string | undefined {
  const m = /[\p{Cc}\p{Cf}]/u.exec(s);
  return m ? `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** Lexical checks on the raw text, before any file-system access. Returns a reason or undefined. */
export function lexicalProblem(input: string): string | undefined {
  if (typeof input !== 'string' || input.trim() === '') return 'the path is empty';
  const hidden = invisibleCharacter(input);
  if (hidden) return `the path contains control characters or invisible characters (${hidden}), which can make it look like another path; use plain characters`;
  if (/^[a-zA-Z]:/.test(input)) return 'absolute Windows paths (drive letters) are not allowed; use a path relative to the workspace';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(input)) return 'URIs (such as file://) are not allowed; use a path relative to the workspace';
  if (input.startsWith('/') || input.startsWith('\\')) return 'absolute paths are not allowed; use a path relative to the workspace';
  if (input.startsWith('~')) return 'home-directory paths (~) are not allowed; use a path relative to the workspace';
  if (/%[0-9a-fA-F]{2}/.test(input)) return 'URL-encoded characters (such as %2e) are not allowed in paths';
  if (input.includes(':')) return 'colons are not allowed in paths';
  const segments = input.replace(/\\/g, '/').split('/');
  if (segments.some((s) => WINDOWS_DEVICE.test(s.trim()))) return 'Windows device names (such as NUL or CON) are not allowed';
  // Windows drops trailing dots and spaces, so "..." or ". ." could act as "..".
  if (segments.some((s) => /^[. ]+$/.test(s) && s !== '.' && s !== '..')) return 'path segments made only of dots or spaces are not allowed';
  return undefined;
}

/** True when `rel` (from path.relative) leaves its base: "..", "../x", or another drive. */
export function escapes(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function pickRoot(normalized: string, roots: readonly GuardRoot[]): { root: GuardRoot; rest: string } {
  if (roots.length > 1) {
    const [first, ...rest] = normalized.split('/');
    const named = roots.find((r) => r.name === first);
    if (named) return { root: named, rest: rest.join('/') || '.' };
  }
  return { root: roots[0], rest: normalized };
}

function isNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Resolves a model-supplied path inside one of the workspace roots, or says why not.
 * Symlinks are followed for the check: a link (or a dangling link) leading outside is refused.
 */
export async function guardPath(input: string, roots: readonly GuardRoot[], opts: GuardOptions = {}): Promise<GuardResult> {
  if (!roots.length) return refuse('no workspace folder is open on the local file system');
  const lexical = lexicalProblem(input);
  if (lexical) return refuse(lexical);

  // Backslashes count as separators everywhere, so "..\\..\\x" cannot hide a traversal on POSIX.
  const normalized = path.posix.normalize(input.trim().replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
  const { root, rest } = pickRoot(normalized, roots);
  const base = path.resolve(root.path);
  const absolute = path.resolve(base, rest);
  const relative = path.relative(base, absolute);
  if (escapes(relative)) return refuse(`"${input}" is outside the workspace`);
  if (relative === '' && !opts.allowRoot) return refuse('the path names the workspace folder itself, not a file');

  let realRoot: string;
  try {
    realRoot = await realpath(base);
  } catch {
    return refuse(`the workspace folder ${root.name} cannot be read`);
  }

  // Walk up to the deepest part of the path that exists; follow symlinks from there.
  const missing: string[] = [];
  let probe = absolute;
  let realExisting: string | undefined;
  for (;;) {
    try {
      const st = await lstat(probe);
      if (st.isSymbolicLink()) {
        try {
          await stat(probe);
        } catch {
          return refuse(`"${input}" goes through a symbolic link whose target does not exist`);
        }
      }
      realExisting = await realpath(probe);
      break;
    } catch (e) {
      if (!isNotFound(e)) return refuse(`"${input}" cannot be checked (${(e as { code?: string }).code ?? 'error'})`);
      if (probe === base) return refuse(`the workspace folder ${root.name} cannot be read`);
      missing.unshift(path.basename(probe));
      probe = path.dirname(probe);
    }
  }
  const real = path.join(realExisting, ...missing);
  const realRelative = path.relative(realRoot, real);
  if (escapes(realRelative)) return refuse(`"${input}" leads outside the workspace through a symbolic link`);
  if (realRelative === '' && !opts.allowRoot) return refuse('the path names the workspace folder itself, not a file');

  let exists = false;
  let isDirectory = false;
  let links = 0;
  if (!missing.length) {
    const st = await stat(absolute);
    exists = true;
    isDirectory = st.isDirectory();
    links = st.nlink;
  } else {
    // A missing path below an existing file ("a.txt/b") can never be created.
    const parent = await stat(realExisting);
    if (!parent.isDirectory()) return refuse(`"${input}" is below a file, not a folder`);
  }
  return {
    ok: true,
    root,
    absolute,
    real,
    relative: relative.split(path.sep).join('/'),
    realRelative: realRelative.split(path.sep).join('/'),
    exists,
    isDirectory,
    links,
  };
}

/**
 * Checks an already-absolute path (e.g. an open editor's file, or a search hit) is inside a root,
 * following symlinks. Returns the root and relative path, or undefined.
 */
export async function containingRoot(absolutePath: string, roots: readonly GuardRoot[]): Promise<GuardedPath | undefined> {
  for (const root of roots) {
    const rel = path.relative(path.resolve(root.path), path.resolve(absolutePath));
    if (rel === '' || escapes(rel)) continue;
    const checked = await guardPath(rel.split(path.sep).join('/'), [root]);
    if (checked.ok) return checked;
  }
  return undefined;
}

/** Checks at once this many folders (a listing of thousands of files shares a few hundred folders). */
const BULK_PARALLEL = 16;

interface FolderFacts {
  /** The folder's real location (symlinks followed), undefined when it cannot be read. */
  real: string | undefined;
  /** Entries that are plain (not symbolic-link) files or folders. */
  plain: Set<string>;
}

async function folderFacts(dir: string): Promise<FolderFacts> {
  try {
    const [real, entries] = await Promise.all([realpath(dir), readdir(dir, { withFileTypes: true })]);
    return { real, plain: new Set(entries.filter((e) => !e.isSymbolicLink()).map((e) => e.name)) };
  } catch {
    return { real: undefined, plain: new Set() };
  }
}

/**
 * containingRoot for many files at once (a findFiles listing): the same answers, with one realpath
 * and one readdir per folder instead of several calls per file, a few folders at a time. A file
 * whose folder really lies inside its root and which is not itself a symbolic link is inside; any
 * other case (a link, an unreadable folder, a nested root) gets the full per-file check.
 */
export async function containingRoots(absolutePaths: readonly string[], roots: readonly GuardRoot[]): Promise<Array<{ root: GuardRoot; relative: string } | undefined>> {
  const realRoots = new Map<GuardRoot, Promise<string | undefined>>();
  const realRoot = (root: GuardRoot) => {
    let p = realRoots.get(root);
    if (!p) realRoots.set(root, (p = realpath(path.resolve(root.path)).catch(() => undefined)));
    return p;
  };
  const folders = new Map<string, Promise<FolderFacts>>();
  const facts = (dir: string) => {
    let p = folders.get(dir);
    if (!p) folders.set(dir, (p = folderFacts(dir)));
    return p;
  };
  const quick = async (absolute: string): Promise<{ root: GuardRoot; relative: string } | undefined> => {
    const abs = path.resolve(absolute);
    const root = roots.find((r) => {
      const rel = path.relative(path.resolve(r.path), abs);
      return rel !== '' && !escapes(rel);
    });
    if (!root) return undefined;
    const relative = path.relative(path.resolve(root.path), abs).split(path.sep).join('/');
    const [rootReal, dir] = await Promise.all([realRoot(root), facts(path.dirname(abs))]);
    if (lexicalProblem(relative) || !rootReal || !dir.real || !dir.plain.has(path.basename(abs))) return containingRoot(absolute, roots);
    const realRelative = path.relative(rootReal, path.join(dir.real, path.basename(abs)));
    if (realRelative === '' || escapes(realRelative)) return containingRoot(absolute, roots);
    return { root, relative };
  };
  const out = new Array<{ root: GuardRoot; relative: string } | undefined>(absolutePaths.length);
  // Files of one folder come together in a listing: a few workers walking it share each folder's facts.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < absolutePaths.length) {
      const i = next++;
      out[i] = await quick(absolutePaths[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_PARALLEL, absolutePaths.length) }, worker));
  return out;
}
