// A long chat reaches the webview in pages: the state carries only the newest messages, so it is
// small and the view can draw the end of the conversation at once; the webview then asks for the
// older ones page by page ('loadOlder') while it draws them. The host always keeps every message
// (export, history sent to the model); only what crosses to the webview is paged.

/** Messages in the state: more than a screenful, few enough that the state stays a few KB. */
export const NEWEST_PAGE = 60;
/** Messages per 'olderMessages' answer: large enough to need few round trips, small enough to post in a blink. */
export const OLDER_PAGE = 200;

export interface Page<T> {
  items: T[];
  /** How many come before items[0]. */
  olderCount: number;
}

/** The last `size` entries. */
export function newestPage<T>(entries: readonly T[], size = NEWEST_PAGE): Page<T> {
  const start = Math.max(0, entries.length - size);
  return { items: entries.slice(start), olderCount: start };
}

/** Up to `size` entries just before the one with id `beforeId`; undefined when there is no such entry. */
export function pageBefore<T extends { id: string }>(entries: readonly T[], beforeId: string, size = OLDER_PAGE): Page<T> | undefined {
  const end = entries.findIndex((e) => e.id === beforeId);
  if (end === -1) return undefined;
  const start = Math.max(0, end - size);
  return { items: entries.slice(start, end), olderCount: start };
}
