// Shared fixtures for the Venice client tests: a simulator, a client with short timeouts, a
// capture server that plays the attacker, and small collectors.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetryNotice } from '../../../src/venice/api';
import { VeniceClient, type VeniceClientExtras } from '../../../src/venice/client';
import { VeniceError } from '../../../src/venice/errors';
import type { ResponseMeta, StreamEvent } from '../../../src/venice/types';
import { startSimulator, type Simulator } from '../../fixtures/simulator';
import { suiteSimulator } from './suiteSimulator';

/** Looks like a real key so that redaction patterns alone would not hide it. */
export const KEY = 'vk-test-9f8e7d6c5b4a-secret';

export interface ClientOptions {
  key?: string | undefined;
  timeoutMs?: number;
  maxRetries?: number;
  extras?: VeniceClientExtras;
  baseUrl?: string;
}

export interface TestClient {
  client: VeniceClient;
  metas: Array<{ meta: ResponseMeta; path: string }>;
  logs: string[];
}

export function makeClient(sim: Simulator, o: ClientOptions = {}): TestClient {
  const metas: TestClient['metas'] = [];
  const logs: string[] = [];
  const client = new VeniceClient(
    {
      baseUrl: () => o.baseUrl ?? sim.url,
      getApiKey: async () => ('key' in o ? o.key : KEY),
      timeoutMs: () => o.timeoutMs ?? 3000,
      maxRetries: () => o.maxRetries ?? 2,
      userAgent: 'venice-vscode-tests',
      log: (level, message) => logs.push(`${level} ${message}`),
      onResponseMeta: (meta, path) => metas.push({ meta, path }),
    },
    o.extras,
  );
  return { client, metas, logs };
}

export async function withSimulator(): Promise<Simulator> {
  return startSimulator({ validKeys: [KEY] });
}

/**
 * For one describe() block: a strict simulator that knows the test key (started before, reset before
 * each test, closed after) and a client factory whose clients are closed after each test.
 */
export function clientSuite(): { sim: Simulator; client(o?: ClientOptions): TestClient } {
  const sim = suiteSimulator({ validKeys: [KEY] });
  const open: VeniceClient[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  return {
    sim,
    client: (o = {}) => {
      const t = makeClient(sim, o);
      open.push(t.client);
      return t;
    },
  };
}

export interface Collected {
  events: StreamEvent[];
  error?: VeniceError;
  text: string;
  reasoning: string;
}

/** Drains a stream, keeping every event yielded before a failure. */
export async function collect(stream: AsyncIterable<StreamEvent>, onEvent?: (ev: StreamEvent) => void): Promise<Collected> {
  const events: StreamEvent[] = [];
  let error: VeniceError | undefined;
  try {
    for await (const ev of stream) {
      events.push(ev);
      onEvent?.(ev);
    }
  } catch (err) {
    if (!(err instanceof VeniceError)) throw err;
    error = err;
  }
  const join = (type: 'text' | 'reasoning'): string =>
    events
      .filter((e): e is Extract<StreamEvent, { type: 'text' | 'reasoning' }> => e.type === type)
      .map((e) => e.text)
      .join('');
  return { events, error, text: join('text'), reasoning: join('reasoning') };
}

/** Runs `fn` and returns the VeniceError it throws (fails the test if it does not throw one). */
export async function failure(fn: () => Promise<unknown>): Promise<VeniceError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof VeniceError) return err;
    throw new Error(`expected a VeniceError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a VeniceError, but the call succeeded');
}

export interface CaptureServer {
  url: string;
  hits: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** The "attacker": records anything that reaches it. Tests assert it got nothing. */
export async function startCaptureServer(): Promise<CaptureServer> {
  const hits: CaptureServer['hits'] = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

export function noticesCollector(): { notices: RetryNotice[]; onRetry: (n: RetryNotice) => void } {
  const notices: RetryNotice[] = [];
  return { notices, onRetry: (n) => notices.push(n) };
}

/** Every string a user or log could see from an error. */
export function errorSurface(err: VeniceError): string {
  return [err.message, err.detail ?? '', err.stack ?? '', JSON.stringify(err)].join('\n');
}

export function textChat(content: string, model = 'default'): { model: string; messages: Array<{ role: 'user'; content: string }> } {
  return { model, messages: [{ role: 'user', content }] };
}

// The loopback proxy lives with the TLS fixtures: the real-VS-Code suite uses it too.
export { startProxy, type LoopbackProxy } from '../../fixtures/tls/loopback';
