// Token estimate for VS Code's budget checks (`provideTokenCount`). Venice has no tokenizer endpoint
// and each model tokenizes differently, so this errs on the high side: a prompt VS Code thinks
// fits should really fit.
//
// The rule:
// - ASCII text: 1 token per 4 characters (English prose and code run at 3.5-4.5 chars/token);
// - other characters up to U+07FF (accented Latin, Greek, Cyrillic, Hebrew, Arabic): 1 per 2;
// - everything above (CJK, emoji, other scripts): 1 token each;
//   the sum is rounded up.
// - each message adds 4 tokens of framing (role and separators);
// - a tool call adds its name and JSON input as text, plus 8 tokens;
// - an image counts as 1,024 tokens (vision models bill several hundred to a few thousand);
// - other attached data counts 1 token per 3 bytes.
// No `vscode` import.
import type { PortableMessage, PortablePart } from './messages';

export const MESSAGE_OVERHEAD_TOKENS = 4;
export const TOOL_CALL_OVERHEAD_TOKENS = 8;
export const IMAGE_TOKENS = 1024;

export function estimateTextTokens(text: string): number {
  let units = 0; // quarter tokens, so the sum stays exact
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) units += 1;
    else if (code < 0x800) units += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is one character above U+FFFF: count it once.
      units += 4;
      i++;
    } else units += 4;
  }
  return Math.ceil(units / 4);
}

function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

function partTokens(p: PortablePart): number {
  switch (p.kind) {
    case 'text':
      return estimateTextTokens(p.text);
    case 'toolCall':
      return TOOL_CALL_OVERHEAD_TOKENS + estimateTextTokens(p.name) + estimateTextTokens(jsonText(p.input));
    case 'toolResult':
      return MESSAGE_OVERHEAD_TOKENS + p.content.reduce((n, c) => n + partTokens(c), 0);
    case 'data':
      if (p.mimeType.startsWith('image/')) return IMAGE_TOKENS;
      // Text-like attachments are sent as text; estimate them as UTF-8 text of the same size.
      return Math.ceil(p.data.byteLength / 3);
  }
}

export function estimateMessageTokens(message: PortableMessage): number {
  return MESSAGE_OVERHEAD_TOKENS + message.parts.reduce((n, p) => n + partTokens(p), 0);
}
