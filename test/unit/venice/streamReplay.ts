// Replays recorded SSE bodies (test/fixtures/streams/*.sse) to the real client (client.ts + sse.ts)
// from a loopback server: one body per request, written whole, in tiny pieces (1–3 bytes) or in
// random pieces (seeded), each piece its own write, so the parser sees every possible split.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { prng } from '../../../bench/lib/stats';
import { VeniceClient } from '../../../src/venice/client';
import { KEY } from './helpers';

export type Chunking = 'whole' | 'tiny' | 'random';
export const CHUNKINGS: readonly Chunking[] = ['whole', 'tiny', 'random'];

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'streams');

/** A fixture's bytes; its header lines are SSE comments, which every SSE parser skips. */
export function streamFixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export function split(body: Buffer, how: Chunking, seed = 7): Buffer[] {
  if (how === 'whole') return [body];
  const next = prng(seed);
  const out: Buffer[] = [];
  for (let at = 0, k = 0; at < body.length; k++) {
    const size = how === 'tiny' ? 1 + (k % 3) : 1 + Math.floor(next() * 48);
    out.push(body.subarray(at, at + size));
    at += size;
  }
  return out;
}

export interface ReplayServer {
  url: string;
  /** The JSON body of every request, in order. */
  requests: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>;
}

/** Answers the n-th chat request with the n-th body, split as asked. */
export async function startReplay(bodies: Buffer[], how: Chunking, seed = 7): Promise<ReplayServer> {
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = bodies[requests.length];
      requests.push(await readBody(req));
      if (!body) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"no more recorded streams"}');
        return;
      }
      res.socket?.setNoDelay(true);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const piece of split(body, how, seed)) {
        res.write(piece);
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The real client pointed at a replay server; `logs` collects what it logs ("level message"). */
export function replayClient(server: ReplayServer): { client: VeniceClient; logs: string[] } {
  const logs: string[] = [];
  const client = new VeniceClient({
    baseUrl: () => server.url,
    getApiKey: async () => KEY,
    timeoutMs: () => 5000,
    maxRetries: () => 0,
    userAgent: 'venice-vscode-tests',
    log: (level, message) => logs.push(`${level} ${message}`),
  });
  return { client, logs };
}
