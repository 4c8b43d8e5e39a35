// A value built the first time it is asked for: how activation stays cheap. The composition root
// wraps the require() of a lazy chunk (see esbuild.mjs `lazyChunks`) and the feature's start-up in
// one of these, and the thin stubs registered at activation call it on first use.

/** `build` runs once, on the first call; a build that throws runs again on the next call. */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
