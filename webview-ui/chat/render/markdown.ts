// Model output -> safe DOM. Two layers:
// 1. markdown-it with raw HTML off, links limited to http/https/mailto (others stay plain text),
//    images replaced by a text placeholder that shows the URL (nothing is ever fetched).
// 2. DOMPurify with a small allowlist of tags and attributes, in case layer 1 ever lets through more.
// Then small DOM passes: re-checked links, code block toolbars, citation markers.
// The CSP (no remote images, scripts by nonce only) is the third layer, outside this file.
import createDOMPurify from 'dompurify';
import MarkdownIt, { type Token } from 'markdown-it';
import { isAllowedLink } from '../../../src/shared/protocol';
import { imagePlaceholder } from '../../../src/shared/markdownImages';
import { linkCitationMarkers, NO_CITATIONS, type RenderContext } from './citations';
import { decorateCodeBlocks } from './codeBlocks';
import { highlightCode } from './highlight';

export interface MdEnv {
  references?: Record<string, unknown>;
}

// The render context is the citations' business; re-exported because it is part of this renderer's API.
export { NO_CITATIONS, type RenderContext } from './citations';

/** One top-level block (paragraph, list, table, fence…) with the source line it starts on. */
export interface Block {
  tokens: Token[];
  startLine: number;
}

export const ALLOWED_TAGS = [
  'a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code',
  'span', 'em', 'strong', 's', 'del', 'sup', 'sub', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
export const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];
const SANITIZE_CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  RETURN_DOM_FRAGMENT: true,
};

type WindowLike = Window & typeof globalThis;

export class MarkdownRenderer {
  readonly md: MarkdownIt;
  private readonly purify: ReturnType<typeof createDOMPurify>;

  constructor(private readonly win: WindowLike) {
    this.purify = createDOMPurify(win);
    // Set once: passed with every call, DOMPurify parses the whole configuration again each time
    // (half of what sanitizing a message cost).
    this.purify.setConfig(SANITIZE_CONFIG);
    const md = new MarkdownIt({
      html: false,
      linkify: true,
      typographer: false,
      highlight: (code, lang) => highlightCode(code, lang.split(/\s+/)[0] ?? '') ?? '',
    });
    // Only scheme-qualified links: "main.rs" or "app.py" are file names, not Serbian or Paraguayan sites.
    md.linkify.set({ fuzzyLink: false });
    md.validateLink = (url) => isAllowedLink(url);
    md.renderer.rules.image = (tokens, idx, options, env, self) => {
      const t = tokens[idx];
      const src = t.attrGet('src') ?? '';
      const alt = self.renderInlineAsText(t.children ?? [], options, env);
      const e = md.utils.escapeHtml;
      // The one rule for images on every surface (src/shared/markdownImages.ts).
      const p = imagePlaceholder(alt, src);
      return p.href ? `<span class="md-image">${e(p.label)} — <a href="${e(p.href)}">${e(p.href)}</a></span>` : `<span class="md-image">${e(p.label)}</span>`;
    };
    // Table alignment arrives as a style attribute, which the CSP would block: use classes.
    md.core.ruler.push('align_classes', (state) => {
      for (const t of state.tokens) {
        if (t.type !== 'th_open' && t.type !== 'td_open') continue;
        const m = /text-align:(left|right|center)/.exec(t.attrGet('style') ?? '');
        t.attrs = m ? [['class', `md-align-${m[1]}`]] : null;
      }
    });
    this.md = md;
  }

  /** Parses and splits into top-level blocks; `env` collects reference definitions. */
  parseBlocks(src: string, env: MdEnv): Block[] {
    const blocks: Block[] = [];
    let current: Token[] = [];
    let depth = 0;
    for (const t of this.md.parse(src, env)) {
      current.push(t);
      depth += t.nesting;
      if (depth === 0) {
        blocks.push({ tokens: current, startLine: current[0].map?.[0] ?? 0 });
        current = [];
      }
    }
    if (current.length > 0) blocks.push({ tokens: current, startLine: current[0].map?.[0] ?? 0 });
    return blocks;
  }

  /**
   * Renders consecutive blocks in one pass (one sanitizer run, however many blocks). Without
   * `highlight`, code is shown plain (same elements, no colouring): for a big code block that is
   * still streaming, re-highlighting it on every frame would cost more and more.
   */
  renderBlocks(blocks: readonly Block[], env: MdEnv, ctx: RenderContext, highlight = true): DocumentFragment {
    if (blocks.length === 0) return this.win.document.createDocumentFragment();
    const options = highlight ? this.md.options : { ...this.md.options, highlight: null };
    return this.sanitizeAndEnhance(this.md.renderer.render(blocks.flatMap((b) => b.tokens), options, env), ctx);
  }

  /** The whole text at once (what a finished answer renders as). */
  renderDocument(src: string, ctx: RenderContext = NO_CITATIONS): DocumentFragment {
    const env: MdEnv = {};
    return this.renderBlocks(this.parseBlocks(normalizeSource(src), env), env, ctx);
  }

  /**
   * Colours code blocks under `root` that were drawn plain (the highlighter was not loaded yet), in
   * place; the highlighter's HTML goes through the same sanitizer as everything else.
   */
  colourPlainCode(root: ParentNode): void {
    for (const code of Array.from(root.querySelectorAll('pre > code[class*="language-"]'))) {
      if (code.firstElementChild) continue;
      const lang = /(?:^|\s)language-([^\s]+)/.exec(code.className)?.[1] ?? '';
      const html = highlightCode(code.textContent ?? '', lang);
      if (html !== undefined) code.replaceChildren(this.sanitize(html));
    }
  }

  /** Exposed for tests: the second layer on its own, for HTML that did not come from markdown-it. */
  sanitizeAndEnhance(html: string, ctx: RenderContext): DocumentFragment {
    const frag = this.sanitize(html);
    const doc = this.win.document;
    for (const a of Array.from(frag.querySelectorAll('a'))) {
      const href = a.getAttribute('href') ?? '';
      if (!isAllowedLink(href)) {
        a.replaceWith(...Array.from(a.childNodes));
        continue;
      }
      // Hovering shows where the link really goes.
      a.setAttribute('title', href);
    }
    decorateCodeBlocks(frag, doc);
    linkCitationMarkers(frag, doc, ctx);
    return frag;
  }

  private sanitize(html: string): DocumentFragment {
    return this.purify.sanitize(html) as unknown as DocumentFragment;
  }
}

/** markdown-it works on text with \n line ends; offsets are computed on the same text. */
export function normalizeSource(src: string): string {
  return src.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}
