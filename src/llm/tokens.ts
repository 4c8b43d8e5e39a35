// The one token estimate of the extension: the chat view's trimming, the planner's budget, @venice
// and VS Code's `provideTokenCount` all count with it. Venice has no tokenizer endpoint and each
// model tokenizes differently, so this errs on the high side: a prompt we think fits should fit.
//
// The rule:
// - ASCII text: 1 token per 4 characters (English prose and code run at 3.5-4.5 chars/token);
// - other characters up to U+07FF (accented Latin, Greek, Cyrillic, Hebrew, Arabic): 1 per 2;
// - everything above (CJK, emoji, other scripts): 1 token each; the sum is rounded up;
// - each message adds 4 tokens of framing (role and separators);
// - a tool call adds its name, id and JSON arguments as text (VS Code's parts carry no id, so the
//   lm adapter adds TOOL_CALL_OVERHEAD_TOKENS for the framing instead);
// - an image counts as 1,024 tokens (vision models bill several hundred to a few thousand).
// No `vscode` import.
import type { ChatMessage } from '../venice/types';

export const MESSAGE_OVERHEAD_TOKENS = 4;
export const TOOL_CALL_OVERHEAD_TOKENS = 8;
export const IMAGE_TOKENS = 1024;

/** Quarter tokens of `text`, so sums over several texts stay exact before the one rounding. */
export function textUnits(text: string): number {
  let units = 0;
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
  return units;
}

export function estimateTextTokens(text: string): number {
  return Math.ceil(textUnits(text) / 4);
}

/** One Venice chat message as the model will see it. */
export function estimateChatMessageTokens(m: ChatMessage): number {
  let units = 0;
  let extra = MESSAGE_OVERHEAD_TOKENS;
  if (typeof m.content === 'string') units += textUnits(m.content);
  else if (Array.isArray(m.content)) {
    for (const part of m.content) {
      if (part.type === 'text') units += textUnits(part.text);
      else extra += IMAGE_TOKENS;
    }
  }
  if (m.role === 'assistant' && m.tool_calls) {
    for (const c of m.tool_calls) {
      units += textUnits(c.function.name) + textUnits(c.function.arguments) + textUnits(c.id);
    }
  }
  return Math.ceil(units / 4) + extra;
}

/** "128k" style, for notes. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1_000) return `${Math.round(n / 1_000)}k`;
  return String(n);
}
