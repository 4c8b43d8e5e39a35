// Syntax highlighting on demand. highlight.js and its grammars (~85 KB minified) are a module of
// their own, dist/webview-hljs.js (built from hljs.ts, next to webview.js, so the same
// localResourceRoots and the page's nonce cover it), imported after the chat's first paint (or
// the first paint after code asked for colours): opening the chat parses ~30% less script first.
// Until the module is there, code shows plain (same elements, no colours); once it is, the view
// colours the plain blocks it already drew (MarkdownRenderer.colourPlainCode), and everything drawn
// later is coloured at once.
type Highlighter = typeof import('./hljs');

/** Relative to dist/webview.js; a variable, so the bundler leaves the import() to the browser. */
const MODULE = './webview-hljs.js';

let highlighter: Highlighter | undefined;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

/** Uses `h` from now on (the loaded module; tests pass hljs.ts itself). */
export function useHighlighter(h: Highlighter): void {
  highlighter = h;
  for (const cb of listeners) cb();
  listeners.clear();
}

/** Starts loading the highlighter (once); resolves when it is usable, or when loading failed (code then stays plain). */
export function loadHighlighter(): Promise<void> {
  loading ??= (import(MODULE) as Promise<Highlighter>).then(useHighlighter, () => undefined);
  return loading;
}

let soon = false;

/**
 * Loads the highlighter after the next paint: fetching and evaluating it must not delay the frame
 * that shows the chat (the first state), nor the frame with the text that asked for colours.
 */
export function loadHighlighterSoon(): void {
  if (soon || highlighter) return;
  soon = true;
  const later = () => setTimeout(() => void loadHighlighter(), 0);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(later);
  else later();
}

/** Runs `cb` once the highlighter is there (not at all if it already is: then code is coloured when drawn). */
export function whenHighlighterLoads(cb: () => void): void {
  if (!highlighter) listeners.add(cb);
}

/** Highlighted, HTML-escaped code (hljs escapes the text), or undefined: unknown language, or not loaded yet (it will be soon). */
export function highlightCode(code: string, language: string): string | undefined {
  if (!highlighter) {
    loadHighlighterSoon();
    return undefined;
  }
  return highlighter.highlightCode(code, language);
}
