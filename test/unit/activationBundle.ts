// For tests of what loads at activation: bundles src/extension.ts the way esbuild.mjs does (the lazy
// chunks' require() calls left out) and lists the files that went in.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';

const ROOT = path.resolve(__dirname, '../..');

/** The keys of esbuild.mjs's lazyChunks, read from the file itself so tests follow it. */
export function lazyKeys(): string[] {
  const source = readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
  const start = source.indexOf('const lazyChunks = {');
  return [...source.slice(start, source.indexOf('};', start)).matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]);
}

/** The input files (repository-relative) of the activation bundle. */
export async function activationInputs(): Promise<string[]> {
  const keys = lazyKeys();
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/extension.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    write: false,
    metafile: true,
    outdir: path.join(ROOT, 'out/bundle-test'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'lazy',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => (args.kind === 'require-call' && keys.includes(args.path) ? { path: args.path, external: true } : undefined));
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs);
}
