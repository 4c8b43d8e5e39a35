// Rebuilds the API message list from the stored conversation. Reasoning text is never sent back
// (its signatures are: llm/answer.ts); tool calls and their results are, so the model sees what
// really happened.
import type { ChatMessage, UserContentPart } from '../venice/types';
import { roundMessages } from '../llm/answer';
import { compactedThrough, summaryMessage } from './compact';
import type { Attachment, Compaction, Entry, UserEntry } from './model';

function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function formatAttachment(a: Attachment): string {
  const where = a.path ?? a.label;
  const range = a.startLine !== undefined && a.endLine !== undefined ? ` (lines ${a.startLine}-${a.endLine})` : '';
  const fence = fenceFor(a.content);
  return `Context from \`${where}\`${range}:\n\n${fence}${a.languageId ?? ''}\n${a.content}\n${fence}`;
}

/** The user's text followed by each attached selection or file. */
export function userContent(text: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return text;
  const parts = attachments.map(formatAttachment);
  return text.trim() ? `${text}\n\n${parts.join('\n\n')}` : parts.join('\n\n');
}

/**
 * A question as Venice reads it: text (with its context), then its images as `image_url` parts.
 * Whether the model may see them is the planner's call (fitRequest's vision gate), not this one's.
 */
export function userMessage(e: Pick<UserEntry, 'text' | 'attachments' | 'images'>): ChatMessage {
  const text = userContent(e.text, e.attachments);
  if (!e.images?.length) return { role: 'user', content: text };
  // Venice refuses an empty text part (minLength 1).
  const parts: UserContentPart[] = text ? [{ type: 'text', text }] : [];
  for (const image of e.images) parts.push({ type: 'image_url', image_url: { url: image.dataUrl } });
  return { role: 'user', content: parts };
}

/** Conversation entries -> API messages (without the system prompt); compacted turns become their summary. */
export function toApiMessages(entries: readonly Entry[], compaction?: Compaction): ChatMessage[] {
  const through = compactedThrough(entries, compaction);
  const out: ChatMessage[] = through >= 0 && compaction ? [summaryMessage(compaction.summary)] : [];
  for (const e of entries.slice(through + 1)) {
    if (e.role === 'user') out.push(userMessage(e));
    else for (const r of e.rounds) out.push(...roundMessages(r));
  }
  return out;
}
