// Streams a finished media job to disk: never held in memory (one network chunk at a time), capped in
// size (the declared length is checked first, the running count always), its container signature
// checked on the first bytes, written to a hidden temp file beside the target and moved into place
// without ever replacing an existing file. Nothing is written outside `root` (real paths compared,
// so a symlinked folder cannot lead out). No `vscode` import: unit-tested and benchmarked in Node.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { MediaBody } from '../venice/queue';

/** What went wrong with a download, said so that the user knows what to do. */
export class DownloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadError';
  }
}

export interface DownloadTarget {
  /** Workspace folder (absolute): the file must end up inside it. */
  root: string;
  /** Folder inside `root` to write into (absolute; created when missing). */
  dir: string;
  /** File name without extension (already sanitised by the caller; checked again here). */
  stem: string;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** What it is, for messages: "video", "audio". */
  what: string;
  /** Reads the container from the first bytes: the extension to use, or undefined when it is not the expected media. */
  sniff(head: Uint8Array): string | undefined;
  signal?: AbortSignal;
  /** Told the bytes written so far (at most every 4 MB). */
  onBytes?(written: number, total: number | undefined): void;
}

export interface Downloaded {
  file: string;
  bytes: number;
  ext: string;
}

const HEAD_BYTES = 16;
const MAX_NAME_ATTEMPTS = 1000;

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A name we made ourselves can still be checked: one plain segment, no dot file, no reserved characters. */
function checkStem(stem: string): void {
  // eslint-disable-next-line no-control-regex
  if (!stem || stem.length > 120 || /[\\/\u0000-\u001f<>:"|?*]/.test(stem) || stem.startsWith('.') || stem.includes('..')) {
    throw new DownloadError(`"${stem.slice(0, 60)}" is not a usable file name.`);
  }
}

/** The real path of the deepest part of `dir` that exists (a link anywhere on the way is followed). */
async function realExistingAncestor(dir: string): Promise<string> {
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    try {
      return await fs.realpath(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || path.dirname(p) === p) throw e;
    }
  }
}

async function ensureDirInside(root: string, dir: string): Promise<string> {
  const realRoot = await fs.realpath(root);
  if (!inside(path.resolve(dir), path.resolve(root))) throw new DownloadError('The output folder must be inside the workspace folder.');
  // Before creating anything: a link on the way out of the workspace must not get folders made behind it.
  if (!inside(await realExistingAncestor(dir), realRoot)) throw new DownloadError('The output folder leads outside the workspace folder (through a link); nothing was written.');
  await fs.mkdir(dir, { recursive: true });
  const realDir = await fs.realpath(dir);
  if (!inside(realDir, realRoot)) throw new DownloadError('The output folder leads outside the workspace folder (through a link); nothing was written.');
  return realDir;
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Moves the finished temp file to `stem.ext`, or `stem-1.ext`…, never over an existing file. */
async function place(temp: string, dir: string, stem: string, ext: string): Promise<string> {
  for (let n = 0; n < MAX_NAME_ATTEMPTS; n++) {
    const target = path.join(dir, `${n ? `${stem}-${n}` : stem}.${ext}`);
    try {
      // link() fails when the name exists: no check-then-write race.
      await fs.link(temp, target);
      await fs.unlink(temp).catch(() => undefined);
      return target;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
      // File systems without hard links: rename after a check (the name was free a moment ago).
      try {
        await fs.access(target);
        continue;
      } catch {
        await fs.rename(temp, target);
        return target;
      }
    }
  }
  throw new DownloadError(`Could not find a free file name for ${stem}.${ext}.`);
}

/** Writes `body` into `target.dir`; the body is always consumed or closed. */
export async function downloadToFile(body: MediaBody, target: DownloadTarget): Promise<Downloaded> {
  let temp: string | undefined;
  let handle: fs.FileHandle | undefined;
  try {
    checkStem(target.stem);
    if (body.contentLength !== undefined && body.contentLength > target.maxBytes) {
      throw new DownloadError(`The ${target.what} from Venice is ${mb(body.contentLength)}, more than the ${mb(target.maxBytes)} this extension saves; nothing was written.`);
    }
    const dir = await ensureDirInside(target.root, target.dir);
    temp = path.join(dir, `.${target.stem}.${randomBytes(4).toString('hex')}.part`);
    handle = await fs.open(temp, 'wx', 0o644);
    let written = 0;
    let reported = 0;
    let head: Uint8Array | undefined = new Uint8Array(0);
    let ext: string | undefined;
    for await (const chunk of body.chunks()) {
      if (aborted(target.signal)) throw new DownloadError('cancelled');
      if (head) {
        // Hold back the first bytes until the signature can be read (they are 16 bytes at most).
        const joined: Uint8Array = new Uint8Array(head.byteLength + chunk.byteLength);
        joined.set(head);
        joined.set(chunk, head.byteLength);
        if (joined.byteLength < HEAD_BYTES) {
          head = joined;
          continue;
        }
        ext = target.sniff(joined.subarray(0, HEAD_BYTES));
        if (!ext) throw new DownloadError(`Venice sent something that is not ${target.what === 'video' ? 'an MP4 video' : 'audio'} (${body.contentType || 'no content type'}); nothing was written.`);
        head = undefined;
        written += joined.byteLength;
        if (written > target.maxBytes) throw new DownloadError(`The ${target.what} from Venice is larger than ${mb(target.maxBytes)}; the download was stopped and nothing was written.`);
        await handle.write(joined);
        continue;
      }
      written += chunk.byteLength;
      if (written > target.maxBytes) throw new DownloadError(`The ${target.what} from Venice is larger than ${mb(target.maxBytes)}; the download was stopped and nothing was written.`);
      await handle.write(chunk);
      if (written - reported >= 4 * 1024 * 1024) {
        reported = written;
        target.onBytes?.(written, body.contentLength);
      }
    }
    if (aborted(target.signal)) throw new DownloadError('cancelled');
    if (head) {
      // A body shorter than the signature window.
      ext = head.byteLength ? target.sniff(head) : undefined;
      if (!ext) throw new DownloadError(`Venice sent ${head.byteLength ? 'a file too short to be' : 'no'} ${target.what}; nothing was written.`);
      written = head.byteLength;
      await handle.write(head);
    }
    if (body.contentLength !== undefined && written !== body.contentLength) {
      throw new DownloadError(`The ${target.what} download ended early (${written} of ${body.contentLength} bytes); nothing was written. Try again.`);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    const file = await place(temp, dir, target.stem, ext ?? 'bin');
    temp = undefined;
    return { file, bytes: written, ext: ext ?? 'bin' };
  } finally {
    body.close();
    await handle?.close().catch(() => undefined);
    if (temp) await fs.unlink(temp).catch(() => undefined);
  }
}
