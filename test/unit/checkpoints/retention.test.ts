// Checkpoint storage in bounds, without the editor: which kept content is still needed (a blob
// shared by checkpoints counts once and stays while one of them is kept), which checkpoints go above
// the cap (oldest first), and the blob store's sweep (unneeded content deleted, recent or reused
// content never, crash leftovers too).
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore, sha256 } from '../../../src/checkpoints/blobStore';
import { parseCheckpoint, type Checkpoint, type FileState } from '../../../src/checkpoints/record';
import { planRetention } from '../../../src/checkpoints/retention';
import { checkpointView } from '../../../src/checkpoints/view';

const H = (c: string): string => c.repeat(64);
const kept = (hash: string, bytes = 10): FileState => ({ exists: true, sha256: hash, bytes, kept: true });
const cpOf = (...states: FileState[]): Checkpoint => ({ files: states.map((before, i) => ({ path: `/w/${i}`, label: `${i}`, before })) });

describe('checkpoints: storage care', () => {
  describe('retention plan', () => {
    const sizes: Record<string, number> = { [H('a')]: 100, [H('b')]: 100, [H('c')]: 100 };
    const sizeOf = (h: string) => sizes[h];

    it('under the cap everything stays, and a shared blob counts once', () => {
      const one = cpOf(kept(H('a')), kept(H('b')));
      const two = cpOf(kept(H('a')));
      const plan = planRetention([{ checkpoint: one, at: 1 }, { checkpoint: two, at: 2 }], sizeOf, 200);
      assert.deepEqual(plan.expire, []);
      assert.deepEqual([...plan.live].sort(), [H('a'), H('b')]);
      assert.equal(plan.liveBytes, 200);
    });

    it('above the cap the oldest go first, and a blob stays while a newer checkpoint needs it', () => {
      const oldest = cpOf(kept(H('a')), kept(H('b')));
      const middle = cpOf(kept(H('c')));
      const newest = cpOf(kept(H('a')));
      const plan = planRetention([{ checkpoint: newest, at: 30 }, { checkpoint: oldest, at: 10 }, { checkpoint: middle, at: 20 }], sizeOf, 200);
      assert.deepEqual(plan.expire, [oldest], 'dropping the oldest frees b (a is still needed) and that is enough');
      assert.deepEqual([...plan.live].sort(), [H('a'), H('c')]);
      assert.equal(plan.liveBytes, 200);
    });

    it('counts what "Undo restore" needs, ignores content never kept, and leaves expired checkpoints out', () => {
      const restored = cpOf(kept(H('a')));
      restored.restored = { at: 5, states: [kept(H('b'))] };
      const tooLarge = cpOf({ exists: true, sha256: H('c'), bytes: 9e9, kept: false }, { exists: false });
      const expired = { ...cpOf(kept(H('c'))), expired: true as const };
      const plan = planRetention([{ checkpoint: restored, at: 1 }, { checkpoint: tooLarge, at: 2 }, { checkpoint: expired, at: 3 }], sizeOf, 1000);
      assert.deepEqual([...plan.live].sort(), [H('a'), H('b')]);
      assert.deepEqual(plan.expire, []);
    });

    it('a blob missing on disk costs nothing; the expired mark survives storage and reaches the view', () => {
      const plan = planRetention([{ checkpoint: cpOf(kept(H('f'))), at: 1 }], sizeOf, 0);
      assert.deepEqual(plan.expire, []);
      const cp = parseCheckpoint(JSON.parse(JSON.stringify({ ...cpOf(kept(H('a'))), expired: true })));
      assert.equal(cp.expired, true);
      assert.equal(checkpointView(cp).expired, true);
      assert.equal(checkpointView(cpOf(kept(H('a')))).expired, undefined);
      assert.throws(() => parseCheckpoint({ files: [], expired: 'yes' }), /expired/);
    });
  });

  describe('blob store sweep', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'venice-blobs-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const text = (s: string) => new TextEncoder().encode(s);
    const fileOf = (hash: string) => join(dir, hash.slice(0, 2), hash);
    const age = (path: string, msAgo: number) => {
      const t = new Date(Date.now() - msAgo);
      utimesSync(path, t, t);
    };

    it('deletes unneeded content older than the grace period; needed, recent and reused content stays', async () => {
      const blobs = new BlobStore(dir);
      const needed = (await blobs.put(text('needed'))) as { sha256: string };
      const unneeded = (await blobs.put(text('unneeded'))) as { sha256: string };
      const recent = (await blobs.put(text('recent'))) as { sha256: string };
      const reused = (await blobs.put(text('reused'))) as { sha256: string };
      for (const h of [needed.sha256, unneeded.sha256, reused.sha256]) age(fileOf(h), 2 * 3600_000);
      // A running answer keeps the same content again: it is fresh once more.
      await blobs.put(text('reused'));
      const leftover = `${fileOf(unneeded.sha256)}.tmp-abc123`;
      writeFileSync(leftover, 'half');
      age(leftover, 2 * 3600_000);

      const listed = await blobs.list();
      assert.equal(listed.get(needed.sha256)?.bytes, 6);
      assert.equal(listed.size, 4, 'temp files are not blobs');

      const freed = await blobs.sweep(new Set([needed.sha256]), Date.now() - 3600_000);
      assert.deepEqual(freed, { files: 2, bytes: 'unneeded'.length + 'half'.length });
      assert.equal(existsSync(fileOf(needed.sha256)), true);
      assert.equal(existsSync(fileOf(unneeded.sha256)), false);
      assert.equal(existsSync(leftover), false);
      assert.equal(existsSync(fileOf(recent.sha256)), true, 'written within the grace period');
      assert.equal(existsSync(fileOf(reused.sha256)), true, 'reused within the grace period');
      assert.equal(sha256(text('needed')), needed.sha256);
    });

    it('an empty or missing folder sweeps nothing', async () => {
      const blobs = new BlobStore(join(dir, 'none'));
      assert.equal((await blobs.list()).size, 0);
      assert.deepEqual(await blobs.sweep(new Set(), Date.now()), { files: 0, bytes: 0 });
    });
  });
});
