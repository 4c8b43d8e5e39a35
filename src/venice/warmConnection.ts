// One spare connection to the Venice server, opened ahead of a request that is about to come: inline
// completions ask for it when the user types after a pause (the pool's kept-alive connection has
// usually been closed by then), so the TCP and TLS handshakes overlap the typing debounce instead of
// delaying the request. Only a connection is opened: nothing is written on it until undici hands it
// a real request, so nothing (the key least of all) goes anywhere a request would not go.
// It is undici's `connect` option: a connection undici asks for takes the spare when it is to the
// same place and still open, else a new one is made as usual.
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';

/** A spare not taken within this long is closed (servers drop idle connections; nothing leaks). */
const SPARE_MS = 15_000;

interface Spare {
  key: string;
  socket: Socket;
  timer: NodeJS.Timeout;
  drop: () => void;
}

/** Where a connection goes (undici names an IPv6 host without its brackets; a URL keeps them). */
function placeOf(o: { protocol: string; hostname: string; port?: string | number }): string {
  const port = String(o.port || (o.protocol === 'https:' ? 443 : 80));
  return `${o.protocol}//${o.hostname.replace(/^\[|\]$/g, '')}:${port}`;
}

export class WarmConnector {
  private spare: Spare | undefined;
  private opening: string | undefined;
  /** undici's connection requests that came while the spare to their place was still opening. */
  private waiting: Array<{ options: buildConnector.Options; callback: buildConnector.Callback }> = [];

  constructor(private readonly base: buildConnector.connector) {}

  /** undici's `connect` option. */
  readonly connect: buildConnector.connector = (options, callback) => {
    const key = placeOf(options);
    const spare = this.take(key);
    if (spare) {
      // Never synchronously: undici's client does not expect its connect callback inside the call.
      process.nextTick(() => callback(null, spare));
      return;
    }
    // The spare is on its way (the request came right after the preconnect): one handshake, not two.
    if (this.opening === key) this.waiting.push({ options, callback });
    else this.base(options, callback);
  };

  /** Opens the spare connection to `origin` unless one is open or opening already. */
  warm(origin: URL): void {
    const key = placeOf(origin);
    // One spare at a time (the waiting requests are all for the place being opened).
    if (this.opening !== undefined || (this.spare?.key === key && !this.spare.socket.destroyed)) return;
    this.opening = key;
    this.base({ protocol: origin.protocol, hostname: origin.hostname.replace(/^\[|\]$/g, ''), host: origin.host, port: origin.port }, (err, socket) => {
      if (this.opening === key) this.opening = undefined;
      const [first, ...others] = this.waiting.splice(0);
      // Anyone else waiting connects as usual (and a failure is reported by their own attempt).
      for (const w of others) this.base(w.options, w.callback);
      if (err || !socket) {
        if (first) this.base(first.options, first.callback);
        return;
      }
      if (first) first.callback(null, socket);
      else this.keep(key, socket);
    });
  }

  /** True when a spare connection to `origin` is open. */
  has(origin: URL): boolean {
    return this.spare?.key === placeOf(origin) && !this.spare.socket.destroyed;
  }

  close(): void {
    for (const w of this.waiting.splice(0)) this.base(w.options, w.callback);
    const spare = this.spare;
    this.spare = undefined;
    if (spare) {
      spare.drop();
      spare.socket.destroy();
    }
  }

  private keep(key: string, socket: Socket): void {
    this.close();
    const drop = (): void => {
      clearTimeout(timer);
      socket.off('close', gone);
      socket.off('end', gone);
      socket.off('error', gone);
      socket.ref();
    };
    // Closed by the server (or failed): it is not a spare any more.
    const gone = (): void => {
      if (this.spare?.socket === socket) this.close();
      else socket.destroy();
    };
    const timer = setTimeout(() => this.spare?.socket === socket && this.close(), SPARE_MS).unref();
    socket.on('close', gone).on('end', gone).on('error', gone);
    // A spare alone must not keep the process alive.
    socket.unref();
    this.spare = { key, socket, timer, drop };
  }

  private take(key: string): Socket | undefined {
    const spare = this.spare;
    if (!spare || spare.key !== key) return undefined;
    this.spare = undefined;
    spare.drop();
    if (spare.socket.destroyed || !spare.socket.readable || !spare.socket.writable) {
      spare.socket.destroy();
      return undefined;
    }
    return spare.socket;
  }
}
