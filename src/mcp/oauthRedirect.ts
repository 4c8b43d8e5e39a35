// Where the browser comes back after an MCP server's sign-in: a one-shot HTTP listener on
// 127.0.0.1 with a random port (RFC 8252 loopback redirect; works in desktop VS Code and in
// code-server alike, unlike a vscode:// URI). It accepts only GET on its path with the state it
// made; anything else is refused and the wait goes on. It answers a small plain-text page that
// repeats nothing it received, then closes. The wait ends with the code, the server's refusal,
// a timeout or cancellation, never hangs. No `vscode` import.
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { oneLine } from '../util/text';

export const REDIRECT_PATH = '/callback';
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface RedirectListener {
  redirectUrl: string;
  /** Random, single use: the redirect must carry it back. */
  state: string;
  /** The authorization code; rejects on the server's error, timeout or cancellation. */
  code: Promise<string>;
  close(): void;
}

export class SignInTimedOut extends Error {
  constructor(ms: number) {
    const within = ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} s`;
    super(`no answer came back from the browser within ${within}; sign-in was stopped`);
    this.name = 'SignInTimedOut';
  }
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  res.end(text);
}

/**
 * `port`: the port of an earlier sign-in, tried first so the client registered for that redirect
 * URL is used again (any free port when it is taken).
 */
export async function listenForRedirect(options: { timeoutMs?: number; signal?: AbortSignal; port?: number } = {}): Promise<RedirectListener> {
  const timeoutMs = options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  const state = randomBytes(24).toString('base64url');
  let settle: { resolve(code: string): void; reject(e: Error): void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers may attach late (after the consent modal): a rejection before then is not "unhandled".
  code.catch(() => undefined);
  let done = false;

  const server = createServer((req, res) => {
    if (done) return answer(res, 410, 'This sign-in has already finished. You can close this tab.');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== REDIRECT_PATH) return answer(res, 404, 'Not found.');
    if (url.searchParams.get('state') !== state) return answer(res, 400, 'This sign-in answer does not belong to the sign-in Venice started. Nothing was done.');
    const error = url.searchParams.get('error');
    const got = url.searchParams.get('code');
    if (error || !got) {
      answer(res, 400, 'Sign-in did not complete. Return to VS Code for details.');
      const said = oneLine(url.searchParams.get('error_description') ?? error ?? 'no authorization code', { maxLength: 200, stripInvisible: true });
      finish(new Error(`the authorization server did not sign you in: ${said}`));
      return;
    }
    answer(res, 200, 'Signed in. You can close this tab and return to VS Code.');
    finish(got);
  });

  const timer = setTimeout(() => finish(new SignInTimedOut(timeoutMs)), timeoutMs);
  const onAbort = (): void => finish(new Error('sign-in was cancelled'));

  function finish(result: string | Error): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // Let the answer page go out, then stop listening (no new connections from now on).
    server.close();
    setTimeout(() => server.closeAllConnections(), 1000).unref();
    if (typeof result === 'string') settle?.resolve(result);
    else settle?.reject(result);
  }

  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (e) {
    if (!options.port) throw e;
    await listen(0);
  }
  server.unref();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUrl: `http://127.0.0.1:${port}${REDIRECT_PATH}`,
    state,
    code,
    close: () => finish(new Error('sign-in was cancelled')),
  };
}
