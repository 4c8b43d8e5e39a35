// markdown-it for the host, created on first use. The extension host needs it only when a code
// block button is pressed or text is read aloud, so the bundle loads it from its own chunk
// (dist/markdown-it.js, see esbuild.mjs) then, instead of at activation.
import type MarkdownIt from 'markdown-it';
import type { Options } from 'markdown-it';

type MarkdownItClass = typeof MarkdownIt;

let loaded: MarkdownItClass | undefined;

function markdownItClass(): MarkdownItClass {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
    const mod = require('markdown-it') as MarkdownItClass & { default?: MarkdownItClass };
    loaded = mod.default ?? mod;
  }
  return loaded;
}

/** A getter for one markdown-it instance with these options, built the first time it is called. */
export function lazyMarkdownIt(options: Options): () => MarkdownIt {
  let md: MarkdownIt | undefined;
  return () => (md ??= new (markdownItClass())(options));
}
