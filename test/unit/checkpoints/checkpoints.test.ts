// The checkpoint store without the editor: content-addressed blobs (each content stored once, a
// size cap, names checked), the per-answer recorder (first touch wins, "did not exist", renames,
// never .git), the restore plan (what goes back, what was changed by hand since, what is skipped)
// and the stored record's strict reader.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore, sha256 } from '../../../src/checkpoints/blobStore';
import { parseCheckpoint, type Checkpoint, type FileState } from '../../../src/checkpoints/record';
import { AnswerRecorder, type CurrentFiles } from '../../../src/checkpoints/recorder';
import { planRestore } from '../../../src/checkpoints/restorePlan';
import { checkpointView } from '../../../src/checkpoints/view';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const asText = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : new TextDecoder().decode(b));

/** Files as the editor would report them, changeable by the test like a tool or a user would. */
class Files implements CurrentFiles {
  readonly content = new Map<string, Uint8Array>();
  reads = 0;
  set(path: string, s: string | undefined): void {
    if (s === undefined) this.content.delete(path);
    else this.content.set(path, text(s));
  }
  async read(path: string): Promise<Uint8Array | undefined> {
    this.reads++;
    return this.content.get(path);
  }
}

function blobFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

describe('checkpoints: the store, the recorder and the restore plan', () => {
  let dir: string;
  let blobs: BlobStore;
  let files: Files;
  let holder: { checkpoint?: Checkpoint };
  let changes: number;
  let recorder: AnswerRecorder;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'venice-checkpoints-'));
    blobs = new BlobStore(join(dir, 'blobs'), 1024);
    files = new Files();
    holder = {};
    changes = 0;
    recorder = new AnswerRecorder(blobs, files, holder, () => changes++);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('blob store', () => {
    it('stores each content once, named by its SHA-256, and gives the bytes back', async () => {
      const a = await blobs.put(text('same content'));
      const b = await blobs.put(text('same content'));
      const c = await blobs.put(text('other content'));
      assert.deepEqual(a, { exists: true, sha256: sha256(text('same content')), bytes: 12, kept: true });
      assert.deepEqual(b, a);
      assert.notEqual(c.exists && c.sha256, a.exists && a.sha256);
      assert.equal(blobFiles(blobs.dir).length, 2, 'two distinct contents, two files');
      assert.equal(asText(await blobs.get(a.exists ? a.sha256 : '')), 'same content');
    });

    it('keeps nothing above the size cap, but still knows the content by its hash', async () => {
      const big = new Uint8Array(1025).fill(65);
      const state = await blobs.put(big);
      assert.deepEqual(state, { exists: true, sha256: sha256(big), bytes: 1025, kept: false });
      assert.deepEqual(blobFiles(blobs.dir), [], 'nothing written');
      assert.equal(await blobs.get(sha256(big)), undefined);
      const atCap = await blobs.put(new Uint8Array(1024).fill(66));
      assert.equal(atCap.exists && atCap.kept, true, 'exactly the cap is kept');
    });

    it('refuses names that are not a hash and bytes that do not match their name', async () => {
      assert.equal(await blobs.get('../../etc/passwd'), undefined);
      const state = await blobs.put(text('genuine'));
      assert.ok(state.exists);
      writeFileSync(join(blobs.dir, state.sha256.slice(0, 2), state.sha256), 'tampered');
      assert.equal(await blobs.get(state.sha256), undefined, 'a damaged blob is not handed out as the old content');
    });
  });

  describe('recorder', () => {
    it('keeps the state before the first change only, and says when the list grew', async () => {
      files.set('/w/a.ts', 'original');
      await recorder.recordBefore([{ path: '/w/a.ts', label: 'a.ts' }]);
      files.set('/w/a.ts', 'after the first edit');
      await recorder.recordBefore([{ path: '/w/a.ts', label: 'a.ts' }]);
      const cp = holder.checkpoint;
      assert.ok(cp);
      assert.equal(cp.files.length, 1);
      const before = cp.files[0].before;
      assert.ok(before.exists && before.kept);
      assert.equal(asText(await blobs.get(before.sha256)), 'original');
      assert.equal(changes, 1, 'told once: the second touch added nothing');
    });

    it('records a file that did not exist, and trusts a tool that created a file new without reading it', async () => {
      await recorder.recordBefore([{ path: '/w/new.ts', label: 'new.ts' }]);
      const reads = files.reads;
      await recorder.recordBefore([{ path: '/w/image.png', label: 'image.png', didNotExist: true }]);
      assert.equal(files.reads, reads, 'not read');
      assert.deepEqual(
        holder.checkpoint?.files.map((f) => [f.label, f.before.exists]),
        [
          ['new.ts', false],
          ['image.png', false],
        ],
      );
    });

    it('records both ends of a rename, and the restore plan puts the old name back and removes the new one', async () => {
      files.set('/w/old.ts', 'content');
      await recorder.recordBefore([
        { path: '/w/old.ts', label: 'old.ts' },
        { path: '/w/new.ts', label: 'new.ts' },
      ]);
      files.set('/w/old.ts', undefined);
      files.set('/w/new.ts', 'content');
      await recorder.finish();
      const cp = holder.checkpoint;
      assert.ok(cp);
      assert.deepEqual(checkpointView(cp).files.map((f) => `${f.label} ${f.change}`), ['old.ts deleted', 'new.ts created']);

      const current = await Promise.all(cp.files.map(async (f) => blobs.stateOf(await files.read(f.path))));
      const plan = planRestore(cp.files.map((f) => ({ path: f.path, label: f.label, target: f.before, expected: f.after })), current, blobs.maxKeptBytes);
      assert.deepEqual(plan.changedSince, []);
      assert.deepEqual(
        plan.steps.map((s) => [s.label, s.target.exists]),
        [
          ['old.ts', true],
          ['new.ts', false],
        ],
      );
    });

    it('never records a file inside .git', async () => {
      files.set('/w/.git/config', '[core]');
      await recorder.recordBefore([{ path: '/w/.git/config', label: '.git/config' }]);
      assert.equal(holder.checkpoint?.files.length ?? 0, 0);
      assert.equal(changes, 0);
    });
  });

  describe('restore plan', () => {
    async function recordEdit(path: string, before: string | undefined, after: string | undefined): Promise<void> {
      files.set(path, before);
      await recorder.recordBefore([{ path, label: path.slice(3) }]);
      files.set(path, after);
    }
    const currentOf = (cp: Checkpoint): Promise<FileState[]> => Promise.all(cp.files.map(async (f) => blobs.stateOf(await files.read(f.path))));
    const restoreTargets = (cp: Checkpoint) => cp.files.map((f) => ({ path: f.path, label: f.label, target: f.before, expected: f.after }));

    it('puts edited files back and removes created ones; files already back are left alone', async () => {
      await recordEdit('/w/edited.ts', 'old', 'new');
      await recordEdit('/w/created.ts', undefined, 'fresh');
      await recordEdit('/w/same.ts', 'x', 'y');
      await recorder.finish();
      files.set('/w/same.ts', 'x');
      const cp = holder.checkpoint;
      assert.ok(cp);
      const plan = planRestore(restoreTargets(cp), await currentOf(cp), blobs.maxKeptBytes);
      assert.deepEqual(plan.steps.map((s) => [s.label, s.target.exists]), [
        ['edited.ts', true],
        ['created.ts', false],
      ]);
      assert.deepEqual(plan.changedSince, [], 'same.ts is already as it was: nothing to ask, nothing to write');
    });

    it('notices a file changed by hand since the answer', async () => {
      await recordEdit('/w/a.ts', 'v1', 'v2 by the answer');
      await recorder.finish();
      files.set('/w/a.ts', 'v3 by hand');
      const cp = holder.checkpoint;
      assert.ok(cp);
      const plan = planRestore(restoreTargets(cp), await currentOf(cp), blobs.maxKeptBytes);
      assert.deepEqual(plan.changedSince, ['a.ts']);
      assert.equal(plan.steps.length, 1, 'still restorable once the user agrees');
    });

    it('skips, with a reason, a file whose earlier content was over the cap and one whose current content is', async () => {
      await recordEdit('/w/huge-before.bin', 'h'.repeat(2000), 'small');
      await recordEdit('/w/huge-now.txt', 'small', 'n'.repeat(2000));
      await recorder.finish();
      const cp = holder.checkpoint;
      assert.ok(cp);
      assert.match(checkpointView(cp).files[0].note ?? '', /too large to keep \(2 KB\)/);
      const plan = planRestore(restoreTargets(cp), await currentOf(cp), blobs.maxKeptBytes);
      assert.deepEqual(plan.steps, []);
      assert.equal(plan.skipped.length, 2);
      assert.match(plan.skipped[0], /^huge-before\.bin: its earlier content \(2 KB\) was over the 1 KB checkpoint limit/);
      assert.match(plan.skipped[1], /^huge-now\.txt: its current content \(2 KB\) is over the 1 KB checkpoint limit/);
    });

    it('never plans a write inside .git, even from a forged record', () => {
      const plan = planRestore([{ path: '/w/.git/HEAD', label: '.git/HEAD', target: { exists: false } }], [{ exists: true, sha256: 'a'.repeat(64), bytes: 3, kept: false }], 1024);
      assert.deepEqual(plan.steps, []);
      assert.match(plan.skipped[0], /inside a \.git folder/);
    });
  });

  describe('stored record', () => {
    it('reads back what it wrote, restored state included', async () => {
      await (async () => {
        files.set('/w/a.ts', 'a');
        await recorder.recordBefore([{ path: '/w/a.ts', label: 'a.ts' }, { path: '/w/b.ts', label: 'b.ts' }]);
        await recorder.finish();
      })();
      const cp = holder.checkpoint;
      assert.ok(cp);
      cp.restored = { at: 123, states: [{ exists: false }, { exists: false }] };
      assert.deepEqual(parseCheckpoint(JSON.parse(JSON.stringify(cp))), cp);
    });

    it('refuses a hash that is not one (it names a blob file) and a restored list of the wrong length', () => {
      const file = { path: '/w/a.ts', label: 'a.ts', before: { exists: true, sha256: '../../x', bytes: 1, kept: true } };
      assert.throws(() => parseCheckpoint({ files: [file] }), /sha256/);
      assert.throws(() => parseCheckpoint({ files: [], restored: { at: 1, states: [{ exists: false }] } }), /restored states/);
    });
  });
});
