// The streamed chat completion every client reads: tens of thousands of realistic chunks (the JSON
// Venice sends, with ASCII, accents, CJK and emoji in the text), cut into network writes at awkward
// byte boundaries (inside JSON, inside `data:`, inside multi-byte UTF-8 characters). Deterministic:
// the server and the clients build the same bytes and the same expected text.
import { prng } from '../lib/stats';

export interface BenchStream {
  /** The whole SSE body. */
  body: Buffer;
  /** Byte lengths of the writes the server makes, in order (sum = body.length). */
  slices: number[];
  /** Content chunks (one `data:` event each), not counting role/finish/usage/[DONE]. */
  chunks: number;
  /** The answer text a correct client assembles. */
  text: string;
}

const WORDS = [
  'The', ' stream', 'ing', ' client', ' reads', ' every', ' chunk', ',', ' parses', ' its', ' JSON', ' and', ' appends',
  ' the', ' delta', '.', '\n\n', '```ts', '\n', 'const', ' x', ' =', ' await', ' venice', '.chat', '(', '{', ' model', ':',
  " '", 'zai', '-org', "'", ' }', ');', '\n', '```', '\n', ' café', ' naïve', ' — ', ' 日本', '語', ' 🎉', ' **bold**',
  ' `code`', ' [link](https://example.com)', ' résumé', ' Ωμέγα', ' 🚀🚀', '\t', ' "quoted"', ' back\\slash',
];

export const STREAM_MODEL = 'zai-org-glm-5-2';

export function buildStream(chunks: number, seed = 7): BenchStream {
  const rnd = prng(seed);
  const created = 1_780_000_000;
  const head = { id: 'chatcmpl-bench0123456789', object: 'chat.completion.chunk', created, model: STREAM_MODEL };
  const events: string[] = [];
  const event = (payload: unknown) => events.push(`data: ${JSON.stringify(payload)}\n\n`);
  event({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }] });
  let text = '';
  for (let i = 0; i < chunks; i++) {
    const piece = WORDS[Math.floor(rnd() * WORDS.length)];
    text += piece;
    event({ ...head, choices: [{ index: 0, delta: { content: piece }, finish_reason: null, logprobs: null }] });
  }
  event({ ...head, choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }] });
  event({ ...head, choices: [], usage: { prompt_tokens: 12, completion_tokens: chunks, total_tokens: chunks + 12 } });
  events.push('data: [DONE]\n\n');
  const body = Buffer.from(events.join(''), 'utf8');

  // Mostly network-sized writes with many tiny ones in between; any cut point is fine (UTF-8 included).
  const slices: number[] = [];
  for (let at = 0; at < body.length; ) {
    const size = rnd() < 0.3 ? 1 + Math.floor(rnd() * 16) : 512 + Math.floor(rnd() * 7680);
    const n = Math.min(size, body.length - at);
    slices.push(n);
    at += n;
  }
  return { body, slices, chunks, text };
}
