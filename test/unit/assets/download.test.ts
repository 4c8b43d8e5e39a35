// Streaming a finished job to disk: capped, signature-checked, atomic, never over an existing file,
// never outside the workspace; a failure or a cancel leaves no file and no temp file behind.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadToFile, type DownloadTarget } from '../../../src/assets/download';
import { sniffAudioType, sniffVideoType } from '../../../src/venice/media';
import type { MediaBody } from '../../../src/venice/queue';

function mp4(size: number): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(24, 0);
  b.write('ftypisom', 4, 'latin1');
  return b;
}

/** A body that hands out `data` in chunks of `chunk` bytes, and notes whether it was closed. */
function body(data: Buffer, opts: { chunk?: number; contentLength?: number | null; contentType?: string } = {}): MediaBody & { closed: boolean } {
  const chunk = opts.chunk ?? 7;
  const b = {
    contentType: opts.contentType ?? 'video/mp4',
    contentLength: opts.contentLength === null ? undefined : (opts.contentLength ?? data.byteLength),
    closed: false,
    async *chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < data.byteLength; i += chunk) yield data.subarray(i, i + chunk);
    },
    close(): void {
      b.closed = true;
    },
  };
  return b;
}

describe('assets: streaming a job result to disk', () => {
  let root: string;
  let target: DownloadTarget;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'venice-dl-'));
    target = { root, dir: path.join(root, 'videos', 'generated'), stem: 'gondola-20261207-101500', maxBytes: 1000, what: 'video', sniff: (h) => sniffVideoType(h) };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const files = (): string[] => readdirSync(target.dir);

  it('writes the bytes (in small chunks, the signature split across them) and names the file from the container', async () => {
    const data = mp4(500);
    const b = body(data, { chunk: 3 });
    const out = await downloadToFile(b, target);
    assert.equal(out.file, path.join(target.dir, 'gondola-20261207-101500.mp4'));
    assert.deepEqual(readFileSync(out.file), data);
    assert.equal(out.bytes, 500);
    assert.deepEqual(files(), ['gondola-20261207-101500.mp4']);
    assert.ok(b.closed);
  });

  it('never replaces an existing file: the next free name is used', async () => {
    mkdirSync(target.dir, { recursive: true });
    writeFileSync(path.join(target.dir, 'gondola-20261207-101500.mp4'), 'mine');
    const out = await downloadToFile(body(mp4(100)), target);
    assert.equal(path.basename(out.file), 'gondola-20261207-101500-1.mp4');
    assert.equal(readFileSync(path.join(target.dir, 'gondola-20261207-101500.mp4'), 'utf8'), 'mine');
  });

  it('refuses a declared size over the cap before reading, and an undeclared one while reading; nothing stays', async () => {
    const declared = body(mp4(2000));
    await assert.rejects(downloadToFile(declared, target), /2000|0 MB|more than/);
    assert.ok(declared.closed);
    await assert.rejects(downloadToFile(body(mp4(2000), { contentLength: null }), target), /larger than/);
    assert.deepEqual(files(), [], 'no file and no temp file');
  });

  it('refuses what is not the expected container (an HTML error page), and audio is sniffed as audio', async () => {
    await assert.rejects(downloadToFile(body(Buffer.from('<html><body>Bad gateway</body></html>'), { contentType: 'text/html' }), target), /not an MP4 video/);
    assert.deepEqual(files(), []);
    const wav = Buffer.alloc(64);
    wav.write('RIFF', 0, 'latin1');
    wav.write('WAVE', 8, 'latin1');
    const out = await downloadToFile(body(wav), { ...target, what: 'audio', sniff: (h) => sniffAudioType(h) });
    assert.equal(path.extname(out.file), '.wav');
  });

  it('a body that ends early, or a cancel, leaves nothing behind', async () => {
    await assert.rejects(downloadToFile(body(mp4(100), { contentLength: 200 }), target), /ended early/);
    const ac = new AbortController();
    const slow: MediaBody = {
      contentType: 'video/mp4',
      async *chunks() {
        yield mp4(32);
        ac.abort();
        yield Buffer.alloc(32);
      },
      close() {},
    };
    await assert.rejects(downloadToFile(slow, { ...target, signal: ac.signal }), /cancelled/);
    assert.deepEqual(files(), []);
  });

  it('writes nothing outside the workspace: a folder outside, or a link leading out, is refused', async () => {
    await assert.rejects(downloadToFile(body(mp4(50)), { ...target, dir: path.join(root, '..', 'elsewhere') }), /inside the workspace/);
    const outside = mkdtempSync(path.join(os.tmpdir(), 'venice-out-'));
    try {
      symlinkSync(outside, path.join(root, 'videos'));
      await assert.rejects(downloadToFile(body(mp4(50)), target), /outside the workspace/);
      assert.deepEqual(readdirSync(outside), []);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a file name that is not one plain segment', async () => {
    for (const stem of ['../evil', '.hidden', 'a/b', '']) await assert.rejects(downloadToFile(body(mp4(50)), { ...target, stem }), /not a usable file name/);
  });
});
