// The two functions markdown-it imports from `entities` (esbuild.mjs points its import here), done
// by the page's own HTML parser instead of the package's 47 KB decoding table, which was a third of
// webview.js and was built into typed arrays every time the view opened. markdown-it passes only a
// whole character reference (`&name;`, `&#123;`); anything else comes back unchanged without being
// parsed. The reference is parsed inside an inert <template> (nothing runs, nothing loads).

/** What markdown-it ever passes: `&` + a name or number + `;` (its ENTITY_RE and NAMED_RE). */
const REFERENCE = /^&[a-z#][a-z0-9]{1,31};$/i;

let template: HTMLTemplateElement | undefined;

/** The attribute value or text the parser makes of `html` (one element or text node in a template). */
function parsed(html: string, read: (node: Node | null) => string | null | undefined): string | undefined {
  template ??= document.createElement('template');
  template.innerHTML = html;
  return read(template.content.firstChild) ?? undefined;
}

/**
 * Like `entities`' decodeHTML for a whole reference: text rules, so a legacy reference without its
 * semicolon decodes as a prefix (`&notit;` → `¬it;`), as browsers do in text.
 */
export function decodeHTML(str: string): string {
  if (!REFERENCE.test(str)) return str;
  return parsed(str, (n) => n?.textContent) ?? str;
}

/**
 * Like `entities`' decodeHTMLStrict: attribute rules, where a legacy reference followed by a letter
 * or digit stays as it is, so only a whole known `&name;` decodes (`&notit;` stays).
 */
export function decodeHTMLStrict(str: string): string {
  if (!REFERENCE.test(str)) return str;
  return parsed(`<i title="${str}"></i>`, (n) => (n instanceof Element ? n.getAttribute('title') : undefined)) ?? str;
}
