// The "attacker" server: anything that reaches it is a leak. Tests assert it saw nothing.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaptureServer {
  url: string;
  hits: Array<{ method: string; url: string; authorization: boolean }>;
  close(): Promise<void>;
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const hits: CaptureServer['hits'] = [];
  const server = http.createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', authorization: Boolean(req.headers.authorization) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"captured":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
