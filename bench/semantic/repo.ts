// A generated repository for the semantic-index benchmark: deterministic (seeded), code-like text
// in nested folders, file sizes spread like a real TypeScript repository (many small files, a few
// large ones; mean about 5 KB, like this repository's src and test). Written under /tmp at bench time.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { prng } from '../lib/stats';

const WORDS = (
  'invoice customer order payment refund ledger account balance session token cache queue worker retry timeout ' +
  'stream chunk buffer parser render layout widget button dialog router request response header cookie upload ' +
  'download image thumbnail video audio search index vector embedding model prompt message thread channel user ' +
  'profile avatar settings config schema migration table column record cursor page filter sort group metric ' +
  'trace span log error warning notice audit policy permission role tenant region cluster node shard replica'
).split(' ');

export interface RepoStats {
  files: number;
  bytes: number;
}

/** Lines of one file: mostly 15–105 lines, a quarter up to 305, a few up to 1,000. */
function lineCount(rand: () => number): number {
  const r = rand();
  if (r < 0.7) return 15 + Math.floor(rand() * 90);
  if (r < 0.95) return 105 + Math.floor(rand() * 200);
  return 305 + Math.floor(rand() * 700);
}

export function fileText(seed: number, lines = lineCount(prng(seed))): string {
  const rand = prng(seed * 7919 + 1);
  const w = () => WORDS[Math.floor(rand() * WORDS.length)];
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  const out: string[] = [`// ${cap(w())} ${w()} handling for the ${w()} ${w()} module.`, `import { ${w()}${cap(w())} } from './${w()}';`, ''];
  while (out.length < lines) {
    const name = `${w()}${cap(w())}${cap(w())}`;
    out.push(`/** ${cap(w())}s the ${w()} of a ${w()} before the ${w()} is ${w()}ed. */`);
    out.push(`export function ${name}(${w()}: ${cap(w())}, ${w()}Id: string): ${cap(w())} | undefined {`);
    const body = 3 + Math.floor(rand() * 12);
    for (let i = 0; i < body && out.length < lines; i++) {
      out.push(rand() < 0.3 ? `  if (!${w()}.${w()}) return undefined; // no ${w()} yet` : `  const ${w()}${i} = ${w()}${cap(w())}(${w()}, ${Math.floor(rand() * 1000)});`);
    }
    out.push(`  return ${w()};`, '}', '');
  }
  return `${out.join('\n')}\n`;
}

/** Writes `count` files under `root` in folders of up to 50 files, three levels deep. */
export function writeRepo(root: string, count: number, seed = 1): RepoStats {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, 'packages', `pkg${Math.floor(i / 2000)}`, 'src', `area${Math.floor(i / 50) % 40}`);
    if (i % 50 === 0) mkdirSync(dir, { recursive: true });
    const text = fileText(seed * 1_000_003 + i);
    writeFileSync(path.join(dir, `module${i}.ts`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: count, bytes };
}
