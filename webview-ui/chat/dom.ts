// Tiny DOM helpers. Text always goes in through textContent: nothing the model or the API says is
// ever parsed as HTML here (Markdown goes through render/markdown.ts, which sanitizes).

type Attrs = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
  return el;
}

/** A codicon (decorative: the button around it carries the accessible name). */
export function icon(doc: Document, name: string, extra = ''): HTMLSpanElement {
  return h(doc, 'span', { className: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

/** An icon button with an accessible name (and the same text as tooltip). */
export function iconButton(doc: Document, label: string, codicon: string, attrs: Attrs = {}): HTMLButtonElement {
  return h(doc, 'button', { type: 'button', className: 'icon-button', 'aria-label': label, title: label, ...attrs }, icon(doc, codicon));
}

/** A button with an icon and visible text. */
export function textButton(doc: Document, label: string, codicon: string | undefined, attrs: Attrs = {}): HTMLButtonElement {
  return h(doc, 'button', { type: 'button', className: 'text-button', ...attrs }, codicon ? icon(doc, codicon) : undefined, h(doc, 'span', { text: label }));
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}
