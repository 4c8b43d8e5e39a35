// VS Code's budget checks (`provideTokenCount`) for VS Code's own message parts, counted with the
// extension's one estimate (src/llm/tokens.ts). Parts carry no tool-call ids, so a call adds a
// fixed framing cost; other attached data counts 1 token per 3 bytes. No `vscode` import.
import { estimateTextTokens, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, TOOL_CALL_OVERHEAD_TOKENS } from '../llm/tokens';
import type { PortableMessage, PortablePart } from './messages';

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
