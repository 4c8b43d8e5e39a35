// The checkpoint of one answer as it is stored inside the conversation: for each file the answer's
// tools touched, its state before the first change (the bytes live once in the blob store, named
// by their SHA-256), what the answer left, and, while restored, what "Undo restore" puts back.
// Plain data and its strict reader; no `vscode` import.

/** A file at one moment. `kept`: its bytes are in the blob store (false when it was over the size cap). */
export type FileState = { exists: false } | { exists: true; sha256: string; bytes: number; kept: boolean };

export interface CheckpointFile {
  /** Absolute path on the local file system. */
  path: string;
  /** Workspace label, as the tools named it. */
  label: string;
  /** Before the answer's first change to it. */
  before: FileState;
  /** What the answer left (read when it ended; bytes not kept): a later difference is a change by hand. */
  after?: FileState;
}

export interface Checkpoint {
  files: CheckpointFile[];
  /** Set while the files are restored: their states just before the restore (same order as `files`). */
  restored?: { at: number; states: FileState[] };
  /** Its kept copies were dropped to keep checkpoint storage under its cap (retention.ts): nothing can be restored. */
  expired?: true;
}

export const MISSING: FileState = { exists: false };

export function sameState(a: FileState | undefined, b: FileState | undefined): boolean {
  if (!a || !b) return false;
  if (!a.exists || !b.exists) return a.exists === b.exists;
  return a.sha256 === b.sha256;
}

/** How the answer changed the file, as the change list says it. */
export function changeKind(f: CheckpointFile): 'created' | 'deleted' | 'modified' {
  if (!f.before.exists) return 'created';
  if (f.after && !f.after.exists) return 'deleted';
  return 'modified';
}

const SHA256 = /^[0-9a-f]{64}$/;

function fail(what: string): never {
  throw new Error(`checkpoint: ${what}`);
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function count(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`${what} is not a count`);
  return v;
}

function parseState(v: unknown): FileState {
  const o = record(v, 'file state');
  if (o.exists === false) return { exists: false };
  if (o.exists !== true) fail('file state');
  // The hash names a blob file: only 64 lowercase hex digits, never a path.
  if (typeof o.sha256 !== 'string' || !SHA256.test(o.sha256)) fail('sha256');
  if (typeof o.kept !== 'boolean') fail('kept');
  return { exists: true, sha256: o.sha256, bytes: count(o.bytes, 'bytes'), kept: o.kept };
}

function parseFile(v: unknown): CheckpointFile {
  const o = record(v, 'file');
  if (typeof o.path !== 'string' || !o.path || typeof o.label !== 'string') fail('file path');
  const file: CheckpointFile = { path: o.path, label: o.label, before: parseState(o.before) };
  if (o.after !== undefined) file.after = parseState(o.after);
  return file;
}

/** Reads a stored checkpoint; throws on anything that is not one. */
export function parseCheckpoint(v: unknown): Checkpoint {
  const o = record(v, 'checkpoint');
  if (!Array.isArray(o.files)) fail('files');
  const cp: Checkpoint = { files: o.files.map(parseFile) };
  if (o.restored !== undefined) {
    const r = record(o.restored, 'restored');
    if (!Array.isArray(r.states) || r.states.length !== cp.files.length) fail('restored states');
    cp.restored = { at: count(r.at, 'restored at'), states: r.states.map(parseState) };
  }
  if (o.expired !== undefined) {
    if (o.expired !== true) fail('expired');
    cp.expired = true;
  }
  return cp;
}
