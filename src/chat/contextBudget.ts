// Fits a message's attached context into the tokens the model has left for it. When the pieces do
// not fit, the largest are cut first (each keeps as much as a fair share allows), terminal output
// keeps its end and everything else its beginning, and the answer gets a note naming what was cut.
// Only the copy sent to Venice is cut: the stored message keeps everything. No `vscode` import.
import { estimateTextTokens } from '../llm/tokens';
import type { Attachment } from './model';

export interface FittedContext {
  attachments: Attachment[];
  /** One visible note per cut piece (empty when everything fits). */
  notes: string[];
}

function tokensLabel(n: number): string {
  return `~${n.toLocaleString('en-US')}`;
}

/** The largest share each piece may keep so that all of them together fit `budget`. */
function fairShare(sizes: readonly number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(left / (sorted.length - i));
    if (sorted[i] > share) return share;
    left -= sorted[i];
  }
  return Number.POSITIVE_INFINITY;
}

/** `text` cut to about `tokens` tokens, keeping its start (or its end), with a marker where it was cut. */
export function cutToTokens(text: string, tokens: number, keep: 'start' | 'end'): string {
  if (estimateTextTokens(text) <= tokens) return text;
  const marker = keep === 'start' ? '\n[… cut to fit the model’s context window]' : '[… earlier output cut to fit the model’s context window]\n';
  const room = Math.max(0, tokens - estimateTextTokens(marker));
  // The estimate is close to linear in length: scale, then shrink until it fits.
  let chars = Math.floor(text.length * (room / Math.max(1, estimateTextTokens(text))));
  let part = keep === 'start' ? text.slice(0, chars) : text.slice(text.length - chars);
  while (chars > 0 && estimateTextTokens(part) > room) {
    chars = Math.floor(chars * 0.9);
    part = keep === 'start' ? text.slice(0, chars) : text.slice(text.length - chars);
  }
  return keep === 'start' ? `${part}${marker}` : `${marker}${part}`;
}

export function fitAttachments(attachments: readonly Attachment[], budgetTokens: number): FittedContext {
  const sizes = attachments.map((a) => estimateTextTokens(a.content));
  const total = sizes.reduce((n, s) => n + s, 0);
  if (total <= budgetTokens) return { attachments: [...attachments], notes: [] };
  const share = fairShare(sizes, Math.max(0, budgetTokens));
  const notes: string[] = [];
  const fitted = attachments.map((a, i) => {
    if (sizes[i] <= share) return a;
    const content = cutToTokens(a.content, share, a.kind === 'terminal' ? 'end' : 'start');
    notes.push(`Attached context "${a.label}" was cut from ${tokensLabel(sizes[i])} to ${tokensLabel(estimateTextTokens(content))} tokens to fit the model's context window.`);
    return { ...a, content };
  });
  return { attachments: fitted, notes };
}
