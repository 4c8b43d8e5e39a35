// A problem with what the user (or a script) asked for: shown as is, never retried, nothing sent.
export class MediaInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaInputError';
  }
}

export function isMediaInputError(e: unknown): e is MediaInputError {
  return e instanceof MediaInputError;
}
