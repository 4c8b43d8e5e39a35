// Incremental Markdown for a streaming answer. Markdown's block structure is decided line by line:
// once a complete line has started a new top-level block, the blocks before it can no longer change.
// Those are rendered once and kept; each update re-parses and re-renders only the open tail. The
// result is the same DOM a one-shot render of the final text gives (tested), at a cost per update
// that does not grow with the length of the answer.
// Why "complete line": "1. a\n\n2" ends the list with a paragraph "2", but "1. a\n\n2." continues it.
// The one exception: a reference definition ("[r]: https://…") can come after the text that uses
// it. When the open part brings a new or changed definition, everything is rendered again.
// While the answer is still streaming (final = false), a big code block in the open tail is shown
// without colours: highlighting it again on every frame would cost more the longer it gets. It is
// highlighted once it is closed (kept), or when the answer ends (an update with final = true).
import { normalizeSource, type Block, type MarkdownRenderer, type MdEnv, type RenderContext, NO_CITATIONS } from './markdown';

/** An open code block longer than this (characters) is highlighted only when it is closed or the answer ends. */
export const OPEN_FENCE_HIGHLIGHT_LIMIT = 2_000;
/**
 * Kept blocks are grouped, this many top-level elements a group, in a `div.md-chunk` that the
 * browser skips while it is off-screen (content-visibility, styles.css): without it, every frame of
 * a long answer that is still streaming walks, lays out and paints all of it again. Groups are cut
 * by count, so the DOM is the same however the text arrived; short answers have none.
 */
export const CHUNK_ELEMENTS = 40;

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
  /** Kept nodes not in a chunk yet (directly in the container, before the tail), and how many are elements. */
  private loose: ChildNode[] = [];
  private looseElements = 0;
  /** The tail was drawn without highlighting (a big open code block). */
  private tailPlain = false;
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

  /** `final`: no more text will come (the default); false while the answer streams. */
  update(rawText: string, final = true): void {
    const text = normalizeSource(rawText);
    // Unchanged text needs no work, unless the answer just ended and the tail still lacks colours.
    if (text === this.source && this.source !== '' && !(final && this.tailPlain)) return;
    // Anything but an append (an edit, a replaced answer) starts from scratch.
    if (!text.startsWith(this.source)) this.reset();

    const pending = text.slice(this.committedChars);
    const env: MdEnv = { references: { ...this.references } };
    const blocks = this.renderer.parseBlocks(pending, env);
    const definitions = JSON.stringify(Object.entries(env.references ?? {}).filter(([k]) => !(k in this.references)));
    if (definitions !== this.openDefinitions && this.committedChars > 0) {
      // Kept blocks may use the new definition: render everything once more.
      this.reset();
      this.update(text, final);
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
    const tailBlocks = blocks.slice(Math.max(0, first));
    this.tailPlain = !final && tailBlocks.some(hasBigFence);
    const done = this.renderer.renderBlocks(blocks.slice(0, Math.max(0, first)), env, this.ctx);
    const open = this.renderer.renderBlocks(tailBlocks, env, this.ctx, !this.tailPlain);
    this.tail = Array.from(open.childNodes);
    this.keep(done);
    this.container.append(open);
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

  /** Appends final blocks; every CHUNK_ELEMENTS elements of them go into a chunk of their own. */
  private keep(done: DocumentFragment): void {
    for (const node of Array.from(done.childNodes)) {
      this.container.append(node);
      this.loose.push(node);
      if (node.nodeType !== 1 || ++this.looseElements < CHUNK_ELEMENTS) continue;
      const chunk = this.container.ownerDocument.createElement('div');
      chunk.className = 'md-chunk';
      this.container.insertBefore(chunk, this.loose[0]);
      chunk.append(...this.loose);
      this.loose = [];
      this.looseElements = 0;
    }
  }

  reset(): void {
    while (this.container.firstChild) this.container.firstChild.remove();
    this.loose = [];
    this.looseElements = 0;
    this.source = '';
    this.committedChars = 0;
    this.references = {};
    this.openDefinitions = '[]';
    this.tail = [];
    this.tailPlain = false;
  }
}

function hasBigFence(block: Block): boolean {
  return block.tokens.some((t) => t.type === 'fence' && t.content.length > OPEN_FENCE_HIGHLIGHT_LIMIT);
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
