// Completions already fetched, by the text before the cursor: when the user types along a shown
// suggestion (or accepts part of it), the rest is served from here without a request. An entry
// matches while the text before the cursor is its own prefix plus the start of its completion and
// the text after the cursor is unchanged. No `vscode` import.

/** Characters of the prefix an entry keeps for comparison (enough to tell places apart). */
const PREFIX_TAIL = 2_000;
/** What callers pass as `prefix` at least (when the document has that much before the cursor). */
export const CACHE_PREFIX_CHARS = 4_000;
/** Characters of the suffix compared. */
const SUFFIX_HEAD = 500;
const MAX_ENTRIES = 50;

interface Entry {
  key: string;
  /** Offset of the cursor when the completion was fetched. */
  offset: number;
  prefixTail: string;
  suffixHead: string;
  completion: string;
}

export interface CacheLookup {
  /** Document identity (URI), so two files never share entries. */
  key: string;
  /** Cursor offset in the document. */
  offset: number;
  /** Text before the cursor: the whole of it, or at least its last CACHE_PREFIX_CHARS characters. */
  prefix: string;
  suffix: string;
}

export class CompletionCache {
  private entries: Entry[] = [];

  /** The rest of a cached completion that still fits here, or undefined. */
  get(at: CacheLookup): string | undefined {
    const suffixHead = at.suffix.slice(0, SUFFIX_HEAD);
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      const typed = at.offset - e.offset;
      if (e.key !== at.key || typed < 0 || typed >= e.completion.length || e.suffixHead !== suffixHead) continue;
      const expected = e.prefixTail + e.completion.slice(0, typed);
      if (!at.prefix.endsWith(expected)) continue;
      // A short tail was the whole document before the cursor: nothing may come before it now either.
      if (e.prefixTail.length < PREFIX_TAIL && at.prefix.length !== expected.length) continue;
      // Most recently used last.
      this.entries.splice(i, 1);
      this.entries.push(e);
      return e.completion.slice(typed);
    }
    return undefined;
  }

  set(at: CacheLookup, completion: string): void {
    if (!completion) return;
    const prefixTail = at.prefix.slice(-PREFIX_TAIL);
    this.entries = this.entries.filter((e) => !(e.key === at.key && e.offset === at.offset && e.prefixTail === prefixTail));
    this.entries.push({ key: at.key, offset: at.offset, prefixTail, suffixHead: at.suffix.slice(0, SUFFIX_HEAD), completion });
    if (this.entries.length > MAX_ENTRIES) this.entries.shift();
  }

  clear(): void {
    this.entries = [];
  }
}
