// A pass-through HTTP proxy between the extension and the Venice simulator that notes when each
// response's first and last bytes left for the client. The render benchmark measures from the last
// byte of the stream leaving the "server" to the last token painted in the chat view.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  bytes: number;
  startedAt: number;
  firstByteAt: number;
  /** When the last byte was handed to the OS for the client (res.end callback), wall clock ms. */
  lastByteAt: number;
}

export interface TimingProxy {
  /** The API base URL to configure (same path as the simulator's). */
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startTimingProxy(targetBaseUrl: string): Promise<TimingProxy> {
  const target = new URL(targetBaseUrl);
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    const ex: Exchange = { method: req.method ?? 'GET', path: req.url ?? '', status: 0, bytes: 0, startedAt: Date.now(), firstByteAt: 0, lastByteAt: 0 };
    exchanges.push(ex);
    res.socket?.setNoDelay(true);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        ex.status = up.statusCode ?? 0;
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on('data', (chunk: Buffer) => {
          if (!ex.firstByteAt) ex.firstByteAt = Date.now();
          ex.bytes += chunk.length;
          if (!res.write(chunk)) {
            up.pause();
            res.once('drain', () => up.resume());
          }
        });
        up.on('end', () => res.end(() => (ex.lastByteAt = Date.now())));
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    exchanges,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
