// The HTML and Content Security Policy of our webviews (chat and player), and the chat's webview options. Pure functions (no
// `vscode` import) so the invariants are unit-tested: a fresh 128-bit crypto nonce per document,
// scripts only by nonce, no remote images, no network from the page.
import { randomBytes } from 'node:crypto';
import { INITIAL_STATE_ID, type InitialState } from '../shared/initialState';

export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * `img-src` allows only the extension's own files and data: URLs (never https:, so a rendered answer
 * cannot beacon out); `connect-src`/`frame-src` are closed; styles come only from our CSS files.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    'media-src blob: data:',
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
}

export interface ChatHtmlParts {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** The page's stylesheet (codicons' stylesheet is bundled into it: one fetch, see webview-ui/chat/main.ts). */
  styleUri: string;
  /** A stylesheet to load before styleUri (the codicons of a build that does not bundle them; tests). */
  codiconsUri?: string;
  /** The codicon font that styleUri uses, fetched with the page's files (see WebviewHtmlParts.fontUris). */
  fontUri?: string;
  /** The chat's state written into the page, so it draws without waiting for a message (src/shared/initialState.ts). */
  initialState?: InitialState;
}

/**
 * JSON that can sit inside a `<script type="application/json">` block: every `<`, `>` and `&` is
 * escaped, so text from the model or a server (`</script><script>…`, `<!--`) cannot end the block,
 * and U+2028/U+2029 too. A data block never runs (the CSP's nonce rule is for scripts that do).
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function chatHtml(p: ChatHtmlParts): string {
  const data = p.initialState ? `<script type="application/json" id="${INITIAL_STATE_ID}">${jsonForHtml(p.initialState)}</script>\n` : '';
  return webviewHtml({ cspSource: p.cspSource, nonce: p.nonce, title: 'Venice Chat', scriptUri: p.scriptUri, styleUris: p.codiconsUri ? [p.codiconsUri, p.styleUri] : [p.styleUri], fontUris: p.fontUri ? [p.fontUri] : [], body: `${data}<div id="app"></div>` });
}

/** Any of our webviews (chat, player): the same CSP and document shape, its own title, styles and static body. */
export interface WebviewHtmlParts {
  cspSource: string;
  nonce: string;
  /** Plain text (escaped here). */
  title: string;
  scriptUri: string;
  /** Stylesheets in cascade order. */
  styleUris: string[];
  /**
   * Fonts the stylesheets use, preloaded: without it a font is asked for only once the script has
   * drawn something that uses it, one more trip through the webview's service worker, and VS Code
   * shows the page only after its load event, which waits for that font.
   */
  fontUris?: string[];
  /** Static markup written by us, never from the model or the API (it is not escaped). */
  body: string;
}

export function webviewHtml(p: WebviewHtmlParts): string {
  const a = escapeAttribute;
  const fonts = (p.fontUris ?? []).map((u) => `<link rel="preload" href="${a(u)}" as="font" type="font/ttf" crossorigin>\n`).join('');
  const styles = fonts + p.styleUris.map((u) => `<link rel="stylesheet" href="${a(u)}">\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(p.cspSource, p.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}<title>${a(p.title)}</title>
</head>
<body>
${p.body}
<script type="module" nonce="${a(p.nonce)}" src="${a(p.scriptUri)}"></script>
</body>
</html>`;
}

export interface ChatWebviewOptions<U> {
  enableScripts: true;
  enableForms: false;
  localResourceRoots: U[];
}

/**
 * Scripts on (the UI is a script), forms off, command URIs left unset (off), and the page may load
 * only from dist/ and media/ — never the default (workspace folders + the whole extension).
 */
export function chatWebviewOptions<U>(extensionUri: U, join: (base: U, ...segments: string[]) => U): ChatWebviewOptions<U> {
  return { enableScripts: true, enableForms: false, localResourceRoots: [join(extensionUri, 'dist'), join(extensionUri, 'media')] };
}
