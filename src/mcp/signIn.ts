// The user's sign-in to an OAuth-protected MCP server, editor side: a progress notification with
// Cancel, the loopback listener, the modal that names the server and the authorization server's
// origin before anything opens, vscode.env.openExternal, and the outcome in one message. The
// protocol itself is the SDK's (connection.ts signIn); tokens go to SecretStorage only
// (oauthProvider.ts). Every way out (declined, cancelled, timed out, refused) leaves the server
// waiting for sign-in, never half signed in.
import * as vscode from 'vscode';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import { oneLine } from '../util/text';
import type { HttpServerConfig } from './config';
import { signIn } from './connection';
import { registeredPort, SignInCancelled, type SecretStore } from './oauthProvider';
import { listenForRedirect, SignInTimedOut, SIGN_IN_TIMEOUT_MS } from './oauthRedirect';

export interface SignInDeps {
  secrets: SecretStore;
  clientVersion: string;
  log(level: 'info' | 'warn' | 'error', line: string): void;
  timeoutMs?: number;
}

export type SignInOutcome = 'signedIn' | 'notNeeded' | 'cancelled' | 'timedOut' | 'failed';

const OPEN = 'Open Browser';

async function consent(cfg: HttpServerConfig, url: URL): Promise<boolean> {
  const choice = await notifyWarning(
    `Sign in to the MCP server "${cfg.name}"?`,
    {
      modal: true,
      detail: `Venice will open your browser at the authorization server\n\n${url.origin}\n\nto sign in for ${new URL(cfg.url).origin}. The tokens it gets are kept in VS Code's secret storage and sent only to that server. Sign in only if you trust both.`,
    },
    OPEN,
  );
  return choice === OPEN;
}

export async function runSignIn(cfg: HttpServerConfig, deps: SignInDeps): Promise<SignInOutcome> {
  const timeoutMs = deps.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Signing in to the MCP server "${cfg.name}"`, cancellable: true },
    async (progress, token): Promise<{ outcome: SignInOutcome; why?: string }> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      const listener = await listenForRedirect({ timeoutMs, signal: abort.signal, port: await registeredPort(deps.secrets, cfg) });
      try {
        const result = await signIn(cfg, {
          secrets: deps.secrets,
          clientVersion: deps.clientVersion,
          signal: abort.signal,
          timeoutMs,
          code: () => listener.code,
          interaction: {
            redirectUrl: listener.redirectUrl,
            state: listener.state,
            open: async (url) => {
              // Cancelled while the modal was open: the answer no longer opens anything.
              if (!(await consent(cfg, url)) || abort.signal.aborted) throw new SignInCancelled();
              deps.log('info', `sign-in: opening the authorization server ${url.origin} in the browser`);
              if (!(await vscode.env.openExternal(vscode.Uri.parse(url.href, true)))) throw new SignInCancelled('the browser was not opened');
              progress.report({ message: 'finish signing in in your browser…' });
            },
          },
        });
        return { outcome: result };
      } catch (e) {
        if (e instanceof SignInTimedOut) return { outcome: 'timedOut', why: e.message };
        if (e instanceof SignInCancelled || abort.signal.aborted) return { outcome: 'cancelled', why: e instanceof Error ? e.message : undefined };
        // The servers' words: one line, capped.
        const why = (e instanceof Error ? e.message : String(e)).replace(/^MCP error -?\d+: /, '');
        return { outcome: 'failed', why: oneLine(why, { maxLength: 300, stripInvisible: true }) };
      } finally {
        sub.dispose();
        listener.close();
      }
    },
  );
  const name = cfg.name;
  const again = 'Choose Sign in in "Venice: MCP Servers" to try again.';
  switch (outcome.outcome) {
    case 'signedIn':
      deps.log('info', 'signed in');
      void notifyInfo(`Signed in to the MCP server "${name}".`);
      break;
    case 'notNeeded':
      deps.log('info', 'sign-in: the server accepted the connection without it');
      void notifyInfo(`The MCP server "${name}" does not need a sign-in right now.`);
      break;
    case 'cancelled':
      deps.log('info', `sign-in cancelled${outcome.why ? `: ${outcome.why}` : ''}`);
      void notifyInfo(`Sign-in to the MCP server "${name}" was cancelled; it still needs sign-in. ${again}`);
      break;
    case 'timedOut':
    case 'failed':
      deps.log('warn', `sign-in failed: ${outcome.why ?? 'unknown reason'}`);
      void notifyError(`Sign-in to the MCP server "${name}" did not complete: ${outcome.why ?? 'unknown reason'}. ${again}`);
      break;
  }
  return outcome.outcome;
}
