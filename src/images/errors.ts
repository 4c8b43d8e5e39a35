import { brand, hasBrand } from '../util/brand';

// A problem with what the user (or a script) asked for: shown as is, never retried, nothing sent.
export class MediaInputError extends Error {
  /** Also true for one made by a lazily loaded chunk's copy of this class (util/brand.ts). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, 'MediaInputError');
  }

  constructor(message: string) {
    super(message);
    brand(this, 'MediaInputError');
    this.name = 'MediaInputError';
  }
}

export function isMediaInputError(e: unknown): e is MediaInputError {
  return e instanceof MediaInputError;
}
