// How model Markdown images are shown on every surface: never loaded (a remote image is a request the
// model chooses, e.g. a tracking pixel carrying conversation text in its URL), but written as
// "Image not loaded: alt" with a link to the URL when the URL is an allowed link. The chat view's
// markdown-it rule and the Markdown rewriters for @venice and the export all use `imagePlaceholder`.
import { allowedLink } from './protocol';

export interface ImagePlaceholder {
  label: string;
  /** The URL to link to, as the parser read it; absent when the URL is not an allowed link. */
  href?: string;
}

export function imagePlaceholder(alt: string, src: string): ImagePlaceholder {
  const label = `Image not loaded${alt ? `: ${alt}` : ''}`;
  const href = src ? allowedLink(src) : undefined;
  return href ? { label, href } : { label };
}

/** An inline image: `![alt](url)`, `![alt](<url> "title")`. Alt text without brackets or line breaks. */
const INLINE_IMAGE = /!\[([^\][\n]*)\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;

function escapeText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`);
}

function placeholderMarkdown(alt: string, rawSrc: string): string {
  const src = rawSrc.startsWith('<') ? rawSrc.slice(1, -1) : rawSrc;
  const p = imagePlaceholder(alt.trim(), src);
  return p.href ? `[${escapeText(p.label)}](<${p.href.replace(/[<>\s]/g, encodeURIComponent)}>)` : escapeText(p.label);
}

/** One line outside code fences: inline images become placeholders, other `![` (reference images) plain links. */
function rewriteLine(line: string): string {
  // Code spans stay as they are: split on backtick runs and rewrite only the text between them.
  const parts = line.split(/(`+[^`]*`+)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : part.replace(INLINE_IMAGE, (_m, alt: string, src: string) => placeholderMarkdown(alt, src)).replace(/!\[/g, '\\![')))
    .join('');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Markdown for surfaces that render it themselves (VS Code's Chat for @venice, exported files): every
 * image written as the chat view shows it. Fenced code is left alone. Works on a whole text, or line by
 * line through `ImageRewriter` while an answer streams.
 */
export function imagesToLinks(markdown: string): string {
  const r = new ImageRewriter();
  return r.push(markdown) + r.end();
}

/**
 * `imagesToLinks` for a stream of deltas: what `push` returns is final (it is never changed by later
 * text); a line is held back only from a `!` that may start an image until that image is complete.
 */
export class ImageRewriter {
  private pending = '';
  private fence: string | undefined;

  push(delta: string): string {
    this.pending += delta;
    let out = '';
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      out += `${this.line(this.pending.slice(0, nl))}\n`;
      this.pending = this.pending.slice(nl + 1);
    }
    // The unfinished line: in a fence, or with no `!` yet, it can go now.
    if (this.fence !== undefined || FENCE.test(this.pending) || /^ {0,3}[`~]{1,2}$/.test(this.pending)) return out;
    const bang = this.pending.indexOf('!');
    const ready = bang < 0 ? this.pending : this.pending.slice(0, bang);
    // A backtick in the ready part may open a code span that the held part belongs to: keep it simple and wait.
    if (ready.includes('`') || ready.length === 0) return out;
    this.pending = this.pending.slice(ready.length);
    return out + ready;
  }

  /** The rest, when the answer ends. */
  end(): string {
    const rest = this.pending;
    this.pending = '';
    return rest ? this.line(rest) : '';
  }

  private line(text: string): string {
    const fence = FENCE.exec(text)?.[1];
    if (this.fence !== undefined) {
      if (fence && fence[0] === this.fence[0] && fence.length >= this.fence.length && text.trim() === fence) this.fence = undefined;
      return text;
    }
    if (fence) {
      this.fence = fence;
      return text;
    }
    return rewriteLine(text);
  }
}
