// Prompt caching, applied by the planner to every surface's request for a model whose `/models`
// pricing lists `cache_input`: a `prompt_cache_key` that stays the same for a whole conversation,
// and `cache_control` breakpoints on the stable prefix, so the next request reads that prefix from
// the cache at the cheaper price.
//
// Where the breakpoints go (Venice, like Anthropic, takes at most 4 per request):
// - the system message: the tool list is sent before it, so this one covers tools + system;
// - the user message of the previous turn: the prefix the last request wrote ends there, so this
//   request reads it back (the older turns);
// - the newest user message: written now, read by the next turn and by this answer's tool rounds.
// Tool messages take no content parts in the spec, so a breakpoint never lands on one.
// No `vscode` import.
import { createHash } from 'node:crypto';
import type { ChatCompletionRequest, ChatMessage, TextPart } from '../venice/types';

export const MAX_CACHE_BREAKPOINTS = 4;

const EPHEMERAL = { type: 'ephemeral' } as const;

/**
 * The conversation's cache key: a hash of how it opens (the system message and the first user
 * message), which every request of the conversation repeats, whatever surface sends it. When the
 * opening changes (the oldest turns trimmed away, or compacted) the cached prefix is gone anyway.
 */
export function promptCacheKey(model: string, messages: readonly ChatMessage[]): string {
  const system = messages.find((m) => m.role === 'system' || m.role === 'developer');
  const firstUser = messages.find((m) => m.role === 'user');
  const hash = createHash('sha256').update(JSON.stringify([model, system?.content ?? '', firstUser?.content ?? ''])).digest('hex');
  return `vscode-venice-${hash.slice(0, 32)}`;
}

/** The message with a breakpoint on its last text part (undefined when it has no text to mark). */
function marked(m: ChatMessage): ChatMessage | undefined {
  if (m.role === 'tool') return undefined;
  if (typeof m.content === 'string') {
    if (!m.content) return undefined;
    const parts: TextPart[] = [{ type: 'text', text: m.content, cache_control: EPHEMERAL }];
    return { ...m, content: parts } as ChatMessage;
  }
  if (!Array.isArray(m.content)) return undefined;
  const parts = [...m.content];
  const last = parts.findLastIndex((p) => p.type === 'text' && p.text.length > 0);
  if (last < 0) return undefined;
  parts[last] = { ...(parts[last] as TextPart), cache_control: EPHEMERAL };
  return { ...m, content: parts } as ChatMessage;
}

/** Which messages get a breakpoint: the system message, then the last two user messages. */
export function breakpointIndexes(messages: readonly ChatMessage[]): number[] {
  const out: number[] = [];
  const system = messages.findIndex((m) => m.role === 'system' || m.role === 'developer');
  if (system >= 0) out.push(system);
  const users: number[] = [];
  for (let i = messages.length - 1; i >= 0 && users.length < 2; i--) if (messages[i].role === 'user') users.unshift(i);
  for (const i of users) if (!out.includes(i)) out.push(i);
  return out.slice(0, MAX_CACHE_BREAKPOINTS);
}

/** The body with the conversation's cache key and its breakpoints (the caller decides the model caches). */
export function withPromptCache(body: ChatCompletionRequest): ChatCompletionRequest {
  const messages = [...body.messages];
  for (const i of breakpointIndexes(messages)) messages[i] = marked(messages[i]) ?? messages[i];
  return { ...body, prompt_cache_key: promptCacheKey(body.model, body.messages), messages };
}
