// Incremental Markdown for a streaming answer. Markdown's block structure is decided line by line:
// once a complete line has started a new top-level block, the blocks before it can no longer change.
// Those are rendered once and kept; each update re-parses and re-renders only the open tail. The
// result is the same DOM a one-shot render of the final text gives (tested), at a cost per update
// that does not grow with the length of the answer.
// Why "complete line": "1. a\n\n2" ends the list with a paragraph "2", but "1. a\n\n2." continues it.
// The one exception: a reference definition ("[r]: https://…") can come after the text that uses
// it. When the open part brings a new or changed definition, everything is rendered again.
import { normalizeSource, type MarkdownRenderer, type MdEnv, type RenderContext, NO_CITATIONS } from './markdown';

export class StreamingMarkdown {
  /** Normalized source rendered so far. */
  private source = '';
  /** Source characters whose blocks are final and stay in the DOM. */
  private committedChars = 0;
  /** Reference definitions found in the kept part. */
  private references: Record<string, unknown> = {};
  /** The definitions last seen in the open part, to notice new or still-growing ones. */
  private openDefinitions = '[]';
  /** DOM nodes of the open tail (replaced on every update). */
  private tail: ChildNode[] = [];
  private ctx: RenderContext = NO_CITATIONS;

  constructor(
    readonly container: HTMLElement,
    private readonly renderer: MarkdownRenderer,
  ) {}

  get text(): string {
    return this.source;
  }

  /** New citations (or numbering) change the marker links in blocks already rendered: start over. */
  setContext(ctx: RenderContext): void {
    if (sameContext(ctx, this.ctx)) return;
    this.ctx = ctx;
    const text = this.source;
    this.reset();
    this.update(text);
  }

  update(rawText: string): void {
    const text = normalizeSource(rawText);
    if (text === this.source && this.source !== '') return;
    // Anything but an append (an edit, a replaced answer) starts from scratch.
    if (!text.startsWith(this.source)) this.reset();

    const pending = text.slice(this.committedChars);
    const env: MdEnv = { references: { ...this.references } };
    const blocks = this.renderer.parseBlocks(pending, env);
    const definitions = JSON.stringify(Object.entries(env.references ?? {}).filter(([k]) => !(k in this.references)));
    if (definitions !== this.openDefinitions && this.committedChars > 0) {
      // Kept blocks may use the new definition: render everything once more.
      this.reset();
      this.update(text);
      return;
    }
    this.openDefinitions = definitions;
    this.source = text;

    const lines = lineOffsets(pending);
    // The first block of the tail: the last block, or the one before it while the last block's
    // first line is still being written.
    let first = blocks.length - 1;
    if (first > 0 && !pending.includes('\n', lines[blocks[first].startLine] ?? pending.length)) first--;

    for (const n of this.tail) n.remove();
    const done = this.renderer.renderBlocks(blocks.slice(0, Math.max(0, first)), env, this.ctx);
    const open = this.renderer.renderBlocks(blocks.slice(Math.max(0, first)), env, this.ctx);
    this.tail = Array.from(open.childNodes);
    this.container.append(done, open);
    if (first > 0) {
      // Blocks before `first` are final. Their reference definitions are collected from that part
      // alone, so a half-written definition in the open part never sticks.
      const boundary = lines[blocks[first].startLine] ?? pending.length;
      const kept: MdEnv = { references: { ...this.references } };
      this.renderer.parseBlocks(pending.slice(0, boundary), kept);
      this.references = kept.references ?? {};
      this.openDefinitions = JSON.stringify(Object.entries(env.references ?? {}).filter(([k]) => !(k in this.references)));
      this.committedChars += boundary;
    }
  }

  reset(): void {
    while (this.container.firstChild) this.container.firstChild.remove();
    this.source = '';
    this.committedChars = 0;
    this.references = {};
    this.openDefinitions = '[]';
    this.tail = [];
  }
}

function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function sameContext(a: RenderContext, b: RenderContext): boolean {
  if (a.citationBase !== b.citationBase || a.citations.length !== b.citations.length) return false;
  return a.citations.every((c, i) => c.url === b.citations[i].url && c.title === b.citations[i].title);
}
