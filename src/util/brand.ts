// `instanceof` that holds across bundles. A lazily loaded chunk (esbuild.mjs lazyChunks) carries its
// own copy of every module it imports, so an error class thrown by the main bundle is another class
// object in the chunk (and the reverse). Classes that cross that line mark their instances with a
// global symbol and answer `instanceof` from the mark.

/** Marks `instance` as made by the class known as `name`. */
export function brand(instance: object, name: string): void {
  Object.defineProperty(instance, Symbol.for(`venice.${name}`), { value: true, enumerable: false });
}

/** True when `value` carries the mark of the class known as `name`. */
export function hasBrand(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[Symbol.for(`venice.${name}`)] === true;
}
