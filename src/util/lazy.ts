// A value built the first time it is asked for: how activation stays cheap. The composition root
// wraps the require() of a lazy chunk (see esbuild.mjs `lazyChunks`) and the feature's start-up in
// one of these, and the thin stubs registered at activation call it on first use.

/** `build` runs once, on the first call; a build that throws runs again on the next call. */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

export interface LazyObject<T extends object> {
  /** Stands for the instance: reading any member builds it first (methods come bound to it). */
  readonly proxy: T;
  /** The instance if something has used it already; never builds it (for disposal). */
  ifBuilt(): T | undefined;
}

/**
 * An object built on first use of any of its members, handed out before it exists: the services
 * (src/services.ts) are passed to every feature at activation, while their code loads from a lazy
 * chunk only when a feature first calls them. `then` reads as absent without building, so awaiting
 * or returning the proxy from an async function does not load anything.
 */
export function lazyObject<T extends object>(build: () => T): LazyObject<T> {
  const instance = lazy(build);
  let built: T | undefined;
  const get = (): T => (built ??= instance());
  const proxy = new Proxy({} as T, {
    get(_, key) {
      if (key === 'then') return undefined;
      const target = get();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(get(), key, value),
    has: (_, key) => Reflect.has(get(), key),
  });
  return { proxy, ifBuilt: () => built };
}
