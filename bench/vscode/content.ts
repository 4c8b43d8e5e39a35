// What the chat benchmarks show: a long streamed answer of mixed Markdown and code (split into
// token-sized stream chunks), and a stored conversation of 2,000 messages in the product's format.
import type { AssistantEntry, Conversation, Entry, UserEntry } from '../../src/chat/model';
import { parseConversation } from '../../src/chat/storeSchema';

/** The answer's last token; it appears nowhere else, so its first paint is the last token's. */
export const SENTINEL = 'ZQXENDMARK';

function section(i: number): string {
  return [
    `## Part ${i}: streaming notes`,
    '',
    `Venice streams **token by token**; the view renders \`only the open tail\` of answer ${i}, see [the notes](https://example.com/notes/${i}).`,
    'Each block is kept once complete, so the cost per update stays flat as the answer grows.',
    '',
    '- parse the new line',
    `- keep block ${i} when the next one starts`,
    '- sanitize with *DOMPurify* before it reaches the DOM',
    '',
    '```ts',
    `export function render${i}(text: string, limit = ${i * 10}): string[] {`,
    '  const out: string[] = [];',
    "  for (const line of text.split('\\n')) {",
    '    if (out.length >= limit) break;',
    '    out.push(line.trimEnd());',
    '  }',
    '  return out;',
    '}',
    '```',
    '',
    '| step | cost | note |',
    '|---|---:|---|',
    `| parse | ${i}.2 ms | tail only |`,
    '| sanitize | 0.4 ms | per frame |',
    '',
    '```python',
    `def total_${i}(values):`,
    '    return sum(v * 2 for v in values if v > 0)',
    '```',
    '',
    `> Quoted remark ${i}: long answers must not block typing.`,
    '',
    `1. first step of ${i}`,
    '2. second step',
    '',
  ].join('\n');
}

/** Splits text roughly like a tokenizer: words with their leading space, long words in pieces, newlines apart. */
export function tokenize(text: string): string[] {
  return text.match(/\n|[ \t]*[^\s]{1,6}|[ \t]+/g) ?? [];
}

/** About `targetTokens` tokens of Markdown and code, ending with the sentinel as its own token. */
export function longAnswer(targetTokens: number): string[] {
  const tokens: string[] = [];
  for (let i = 1; tokens.length < targetTokens - 4; i++) tokens.push(...tokenize(section(i)));
  tokens.push('Done', ':', ' ', SENTINEL);
  return tokens;
}

function userEntry(i: number, at: number): UserEntry {
  return { id: `u${i}`, role: 'user', text: `Question ${i}: how does part ${i} of the renderer keep long chats fast?`, attachments: [], createdAt: at };
}

function assistantEntry(i: number, at: number): AssistantEntry {
  const code = i % 3 === 0 ? `\n\n\`\`\`ts\nconst part${i} = render(text, ${i});\nconsole.log(part${i}.length);\n\`\`\`\n` : '\n';
  const text =
    `Part ${i} keeps **finished blocks** and re-renders only the open tail. Messages are drawn newest first, ` +
    `a chunk per frame, so a long history opens without blocking the view.${code}\n- item one of ${i}\n- item two with \`code\`\n`;
  return {
    id: `a${i}`,
    role: 'assistant',
    createdAt: at + 1,
    state: 'done',
    model: 'zai-org-glm-5-2',
    rounds: [{ text, reasoning: '', toolCalls: [] }],
    usage: { promptTokens: 40 + i, completionTokens: 90 },
    citations: [],
    notes: [],
    finishReason: 'stop',
  };
}

/** A conversation of `messages` entries (alternating question and answer), checked with the product's own parser. */
export function bigConversation(id: string, messages: number, now = Date.now()): { json: string; conversation: Conversation } {
  const entries: Entry[] = [];
  const start = now - messages * 60_000;
  for (let i = 0; entries.length < messages; i++) {
    entries.push(userEntry(i, start + i * 60_000));
    if (entries.length < messages) entries.push(assistantEntry(i, start + i * 60_000));
  }
  const conversation: Conversation = { version: 1, id, title: `Benchmark: ${messages} messages`, createdAt: start, updatedAt: now, entries };
  const json = JSON.stringify(conversation);
  const parsed = parseConversation(json);
  if (parsed.entries.length !== messages) throw new Error('the generated conversation does not parse back whole');
  return { json, conversation };
}
