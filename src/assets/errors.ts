// A problem with what the user or a script asked for (or with a file Venice sent): shown as is,
// never retried. Recognised by name, because the asset studio is its own bundle (assets/lazy.ts) and
// the workspace writers it shares with images throw their own MediaInputError.
export class AssetInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssetInputError';
  }
}

export function isInputError(err: unknown): err is Error {
  const name = (err as { name?: unknown } | undefined)?.name;
  return err instanceof Error && (name === 'AssetInputError' || name === 'MediaInputError' || name === 'DownloadError');
}
