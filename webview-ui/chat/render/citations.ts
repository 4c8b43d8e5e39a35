// Web search citation markers -> links to the numbered sources under the answer. Venice has used
// `^1^`, `^1,3^` and the older `[REF]1[/REF]`; whether numbering starts at 0 or 1 is not stated,
// so an answer that uses a 0 anywhere is read as 0-based.
import { isAllowedLink, type CitationView } from '../../../src/shared/protocol';
import { h } from '../dom';

/** What rendering needs to know about an answer's sources. */
export interface RenderContext {
  citations: readonly CitationView[];
  /** Whether the answer numbers its citation markers from 0 (some models do). */
  citationBase: 0 | 1;
}

export const NO_CITATIONS: RenderContext = { citations: [], citationBase: 1 };

const MARKER = /\^(\d{1,3}(?:\s*,\s*\d{1,3})*)\^|\[REF\](\d{1,3}(?:\s*,\s*\d{1,3})*)\[\/REF\]/g;

export function citationBaseOf(text: string): 0 | 1 {
  for (const m of text.matchAll(MARKER)) {
    if ((m[1] ?? m[2]).split(',').some((n) => Number(n.trim()) === 0)) return 0;
  }
  return 1;
}

/** Replaces markers in text nodes (not inside code or existing links) with superscript source links. */
export function linkCitationMarkers(root: ParentNode, doc: Document, ctx: RenderContext): void {
  if (ctx.citations.length === 0) return;
  const walker = doc.createTreeWalker(root as Node, 4 /* NodeFilter.SHOW_TEXT */);
  const targets: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (parent?.closest('code, pre, a')) continue;
    MARKER.lastIndex = 0;
    if (MARKER.test(n.nodeValue ?? '')) targets.push(n as Text);
  }
  for (const node of targets) replaceMarkers(node, doc, ctx);
}

function replaceMarkers(node: Text, doc: Document, ctx: RenderContext): void {
  const text = node.nodeValue ?? '';
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const numbers = (m[1] ?? m[2]).split(',').map((n) => Number(n.trim()) + (ctx.citationBase === 0 ? 1 : 0));
    if (numbers.some((n) => n < 1 || n > ctx.citations.length)) continue;
    out.push(doc.createTextNode(text.slice(last, m.index)));
    const sup = h(doc, 'sup', { className: 'citation' });
    for (const n of numbers) {
      const source = ctx.citations[n - 1];
      sup.append(
        isAllowedLink(source.url)
          ? h(doc, 'a', { href: source.url, title: `${source.title} — ${source.url}`, 'aria-label': `Source ${n}: ${source.title}` }, `[${n}]`)
          : h(doc, 'span', { title: source.title }, `[${n}]`),
      );
    }
    out.push(sup);
    last = (m.index ?? 0) + m[0].length;
  }
  if (out.length === 0) return;
  out.push(doc.createTextNode(text.slice(last)));
  node.replaceWith(...out);
}
