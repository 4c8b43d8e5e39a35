// Bench-only comparison renderer: what a straightforward chat view does, re-parsing and re-rendering
// the whole message on every streamed delta. It uses the product's own MarkdownRenderer (the same
// markdown-it + DOMPurify + highlight.js setup and code-block decoration, bundled separately for the
// benchmark) and draws into the product's message element, so both renderers produce the same DOM
// and pay the same layout and paint. Injected into the chat webview frame by bench/vscode/render.ts;
// while enabled it takes the `delta` messages for text before the product's listener sees them.
import { MarkdownRenderer } from '../../webview-ui/chat/render/markdown';

interface DeltaMessage {
  type: 'delta';
  messageId: string;
  round: number;
  channel: 'text' | 'reasoning';
  text: string;
}

function isTextDelta(data: unknown): data is DeltaMessage {
  const d = data as Partial<DeltaMessage> | null;
  return typeof d === 'object' && d !== null && d.type === 'delta' && d.channel === 'text' && typeof d.messageId === 'string' && typeof d.text === 'string';
}

const renderer = new MarkdownRenderer(window);
const texts = new Map<string, string>();
let enabled = false;
let renders = 0;

window.addEventListener(
  'message',
  (event: MessageEvent<unknown>) => {
    if (!enabled || !isTextDelta(event.data)) return;
    // Capture phase on window runs before the app's own listener: the product never sees this delta.
    event.stopImmediatePropagation();
    const d = event.data;
    const key = `${d.messageId}/${d.round}`;
    const text = (texts.get(key) ?? '') + d.text;
    texts.set(key, text);
    const target = document.querySelectorAll(`article[data-message-id="${CSS.escape(d.messageId)}"] .rounds > .round`)[d.round]?.querySelector('.markdown');
    if (!target) return;
    target.replaceChildren(renderer.renderDocument(text));
    renders++;
  },
  true,
);

(window as unknown as { __veniceNaive: unknown }).__veniceNaive = {
  enable(): void {
    enabled = true;
    texts.clear();
    renders = 0;
  },
  disable(): void {
    enabled = false;
  },
  renders(): number {
    return renders;
  },
};
