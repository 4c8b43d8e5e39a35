// The captured output of one command: only its tail is kept, so a command that prints 100 MB holds
// at most about twice the cap in memory, and the model is told how much was cut. No `vscode` import.

export class OutputTail {
  private chunks: string[] = [];
  private held = 0;
  private cut = 0;

  constructor(readonly maxChars: number) {}

  append(text: string): void {
    if (!text) return;
    if (text.length >= this.maxChars) {
      // A piece as long as the cap replaces everything held: no join of what would be cut anyway.
      this.cut += this.held + text.length - this.maxChars;
      this.chunks = [ownCopy(text.slice(text.length - this.maxChars))];
      this.held = this.maxChars;
      return;
    }
    this.chunks.push(text);
    this.held += text.length;
    // Compact only once the held text is twice the cap: amortized O(1) per character.
    if (this.held > this.maxChars * 2) this.compact();
  }

  /**
   * `chars` characters came that are not kept (the reader skipped the head of a piece too big to
   * matter): everything held is older than them, so it is cut too. What comes next is the tail.
   */
  skip(chars: number): void {
    if (chars <= 0) return;
    this.cut += this.held + chars;
    this.chunks = [];
    this.held = 0;
  }

  /** Characters seen so far, kept or not. */
  get totalChars(): number {
    return this.held + this.cut;
  }

  /** Characters dropped from the start. */
  get cutChars(): number {
    return this.cut + Math.max(0, this.held - this.maxChars);
  }

  /** The last `maxChars` characters (or the last `max`, when smaller). */
  tail(max = this.maxChars): string {
    this.compact();
    const all = this.chunks.join('');
    return all.length > max ? all.slice(all.length - max) : all;
  }

  private compact(): void {
    if (this.chunks.length === 1 && this.held <= this.maxChars) return;
    let all = this.chunks.join('');
    if (all.length > this.maxChars) {
      this.cut += all.length - this.maxChars;
      all = all.slice(all.length - this.maxChars);
    }
    this.chunks = all ? [ownCopy(all)] : [];
    this.held = all.length;
  }
}

/**
 * The text in a string of its own. A slice of a string keeps the whole original alive in V8, and
 * what is sliced here may be a many-MB piece of terminal output: the kept tail must not hold it.
 */
function ownCopy(text: string): string {
  // Joining two strings writes a new flat one; the slice then refers only to that copy.
  return [text, ' '].join('').slice(0, -1);
}

/** "[… 12,345 earlier characters cut …]" or '' when nothing was cut. */
export function cutNote(cutChars: number): string {
  return cutChars > 0 ? `[… ${cutChars.toLocaleString('en-US')} earlier characters cut; only the last part is kept …]\n` : '';
}
