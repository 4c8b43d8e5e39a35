// The three streaming clients, each reading the same completion and returning the text it assembled:
//   product  — the extension's Venice client (src/venice/client.ts, streamChat), as shipped;
//   baseline — the floor for this stack: undici `request` + eventsource-parser + JSON.parse per event;
//   openai   — the official `openai` SDK's streaming client, the peer most projects would use.
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { Agent, request } from 'undici';
import { VeniceClient } from '../../src/venice/client';
import { STREAM_MODEL } from './stream';

export type ClientName = 'product' | 'baseline' | 'openai';
export type StreamClient = () => Promise<string>;

const KEY = 'bench-key';
const MESSAGES = [{ role: 'user' as const, content: 'Stream the benchmark answer.' }];

export function makeClients(baseUrl: string): { clients: Record<ClientName, StreamClient>; close(): Promise<void> } {
  const venice = new VeniceClient({
    baseUrl: () => baseUrl,
    getApiKey: async () => KEY,
    timeoutMs: () => 60_000,
    maxRetries: () => 0,
  });
  const product: StreamClient = async () => {
    let text = '';
    for await (const ev of venice.streamChat({ model: STREAM_MODEL, messages: MESSAGES })) {
      if (ev.type === 'text') text += ev.text;
    }
    return text;
  };

  const agent = new Agent();
  const baseline: StreamClient = async () => {
    const res = await request(`${baseUrl}/chat/completions`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, accept: 'text/event-stream' },
      body: JSON.stringify({ model: STREAM_MODEL, messages: MESSAGES, stream: true }),
    });
    if (res.statusCode !== 200) throw new Error(`baseline: HTTP ${res.statusCode}`);
    let text = '';
    const parser = createParser({
      onEvent(ev) {
        if (ev.data === '[DONE]') return;
        const chunk = JSON.parse(ev.data) as { choices?: Array<{ delta?: { content?: string } }> };
        const piece = chunk.choices?.[0]?.delta?.content;
        if (piece) text += piece;
      },
    });
    const decoder = new TextDecoder();
    for await (const part of res.body) parser.feed(decoder.decode(part as Uint8Array, { stream: true }));
    return text;
  };

  const sdk = new OpenAI({ baseURL: baseUrl, apiKey: KEY, maxRetries: 0, timeout: 60_000 });
  const openai: StreamClient = async () => {
    const stream = await sdk.chat.completions.create({ model: STREAM_MODEL, messages: MESSAGES, stream: true });
    let text = '';
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta?.content;
      if (piece) text += piece;
    }
    return text;
  };

  return {
    clients: { product, baseline, openai },
    async close() {
      await venice.close();
      await agent.close();
    },
  };
}
