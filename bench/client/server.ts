// The loopback server of the client benchmark, run as its own process so the clients' CPU time is
// theirs alone. POST /chat/completions streams the benchmark body in its fixed slices (Nagle off,
// each slice its own write, with backpressure). Reports its port to the parent over IPC.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildStream } from './stream';

const chunks = Number(process.env.BENCH_CHUNKS ?? 50_000);
const stream = buildStream(chunks);

function write(res: http.ServerResponse, data: Buffer): Promise<void> {
  if (res.write(data)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', async () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    res.socket?.setNoDelay(true);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let at = 0;
    for (const n of stream.slices) {
      if (res.destroyed) return;
      await write(res, stream.body.subarray(at, at + n));
      at += n;
    }
    res.end();
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, bytes: stream.body.length, writes: stream.slices.length });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
