// The captured output of one command: only its tail is kept, so a command that prints 100 MB holds
// at most about twice the cap in memory, and the model is told how much was cut. No `vscode` import.

export class OutputTail {
  private chunks: string[] = [];
  private held = 0;
  private cut = 0;

  constructor(readonly maxChars: number) {}

  append(text: string): void {
    if (!text) return;
    this.chunks.push(text);
    this.held += text.length;
    // Compact only once the held text is twice the cap: amortized O(1) per character.
    if (this.held > this.maxChars * 2) this.compact();
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
    this.chunks = all ? [all] : [];
    this.held = all.length;
  }
}

/** "[… 12,345 earlier characters cut …]" or '' when nothing was cut. */
export function cutNote(cutChars: number): string {
  return cutChars > 0 ? `[… ${cutChars.toLocaleString('en-US')} earlier characters cut; only the last part is kept …]\n` : '';
}
