// The OAuth side of a streamable-HTTP MCP server, for the official SDK's flow (metadata discovery,
// dynamic client registration, PKCE, refresh: all done by the SDK's auth()). This file only keeps
// what that flow produces, in the editor's SecretStorage under one key per server name and URL
// origin (so a server whose URL moves to another origin never gets the old tokens), and decides
// when the flow may involve the user: in the background (a chat turn starting the server) nothing
// is registered and no browser opens, the start just ends in "needs sign-in"; only the user's
// "Sign in" (an interaction: the loopback redirect and the consent modal) goes further.
// No `vscode` import: the store and the interaction are passed in.
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { isLoopback, type HttpServerConfig } from './config';

/** The slice of vscode.SecretStorage this needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The user's sign-in in progress: where the browser comes back, and how to send it there. */
export interface SignInInteraction {
  redirectUrl: string;
  /** The one-shot value the loopback listener expects back. */
  state: string;
  /** Asks the user and opens the authorization page; throws SignInCancelled when the user declines. */
  open(authorizationUrl: URL): Promise<void>;
}

/** The server wants OAuth and there is no usable token: the user must sign in ("Venice: MCP Servers"). */
export class SignInRequired extends Error {
  constructor(server: string) {
    super(`the MCP server "${server}" needs you to sign in (use Sign in in "Venice: MCP Servers")`);
    this.name = 'SignInRequired';
  }
}

export class SignInCancelled extends Error {
  constructor(message = 'sign-in was cancelled') {
    super(message);
    this.name = 'SignInCancelled';
  }
}

/** What is stored for one server (one SecretStorage entry, JSON). */
interface StoredAuth {
  client?: OAuthClientInformationMixed;
  /** The redirect URL the client was registered with (the loopback port changes between sign-ins). */
  clientRedirect?: string;
  tokens?: OAuthTokens;
  verifier?: string;
  discovery?: OAuthDiscoveryState;
}

const KEY_PREFIX = 'venice.mcp.oauth/';

/** The SecretStorage key of a server's sign-in: its name and its URL's origin, never the path or a token. */
export function storageKey(cfg: Pick<HttpServerConfig, 'name' | 'url'>): string {
  return `${KEY_PREFIX}${JSON.stringify([cfg.name, new URL(cfg.url).origin])}`;
}

export async function hasSignIn(store: SecretStore, cfg: Pick<HttpServerConfig, 'name' | 'url'>): Promise<boolean> {
  const raw = await store.get(storageKey(cfg));
  return raw !== undefined && read(raw).tokens !== undefined;
}

/** Sign out: forgets the tokens, the client registration and every other trace of the server's sign-in. */
export async function forgetSignIn(store: SecretStore, cfg: Pick<HttpServerConfig, 'name' | 'url'>): Promise<void> {
  await store.delete(storageKey(cfg));
}

/** The loopback port the stored client was registered with (a new sign-in listens there again if it can). */
export async function registeredPort(store: SecretStore, cfg: Pick<HttpServerConfig, 'name' | 'url'>): Promise<number | undefined> {
  const redirect = read(await store.get(storageKey(cfg))).clientRedirect;
  const port = redirect ? Number(new URL(redirect).port) : NaN;
  return Number.isInteger(port) && port > 1024 && port < 65536 ? port : undefined;
}

function read(raw: string | undefined): StoredAuth {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as StoredAuth) : {};
  } catch {
    return {};
  }
}

/** Plain http only to a loopback host; anything but http(s) never reaches openExternal. */
export function checkAuthorizationUrl(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return undefined;
  return `the authorization server gave a sign-in address that is not https (${url.protocol}); it was not opened`;
}

/** Where the browser would come back when no sign-in is running (never listened on: see redirectUrl). */
const IDLE_REDIRECT = 'http://127.0.0.1/callback';

export class McpOAuthProvider implements OAuthClientProvider {
  private readonly key: string;
  /** The authorization URL handed to the user, if the flow got that far. */
  authorizationUrl: URL | undefined;

  constructor(
    private readonly store: SecretStore,
    private readonly cfg: Pick<HttpServerConfig, 'name' | 'url'>,
    private readonly interaction?: SignInInteraction,
  ) {
    this.key = storageKey(cfg);
  }

  // The SDK treats a provider without a redirect URL as a machine-to-machine client (client
  // credentials): a background provider still has one, so refreshing works and nothing else runs.
  get redirectUrl(): string {
    return this.interaction?.redirectUrl ?? IDLE_REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Venice AI for VS Code',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    if (!this.interaction) throw new SignInRequired(this.cfg.name);
    return this.interaction.state;
  }

  private async load(): Promise<StoredAuth> {
    return read(await this.store.get(this.key));
  }

  private async update(change: (s: StoredAuth) => StoredAuth): Promise<void> {
    await this.store.store(this.key, JSON.stringify(change(await this.load())));
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const s = await this.load();
    if (!this.interaction) {
      // Registering with an authorization server is the user's decision (Sign in), never a side effect of a chat turn.
      if (!s.client && !s.discovery?.authorizationServerMetadata) throw new Error('the server answered 401 Unauthorized and names no OAuth authorization server to sign in with (check the headers in its entry)');
      if (!s.client) throw new SignInRequired(this.cfg.name);
      return s.client;
    }
    // Registered for another loopback port: register again (the SDK does when this is undefined).
    return s.client && s.clientRedirect === this.interaction.redirectUrl ? s.client : undefined;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    await this.update((s) => ({ ...s, client, clientRedirect: this.redirectUrl }));
  }

  async tokens(): Promise<OAuthTokens | undefined> {
    return (await this.load()).tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    await this.update((s) => ({ ...s, tokens, verifier: undefined }));
  }

  async redirectToAuthorization(authorizationUrl: URL): Promise<void> {
    if (!this.interaction) throw new SignInRequired(this.cfg.name);
    const refused = checkAuthorizationUrl(authorizationUrl);
    if (refused) throw new Error(refused);
    this.authorizationUrl = authorizationUrl;
    await this.interaction.open(authorizationUrl);
  }

  async saveCodeVerifier(verifier: string): Promise<void> {
    if (!this.interaction) throw new SignInRequired(this.cfg.name);
    await this.update((s) => ({ ...s, verifier }));
  }

  async codeVerifier(): Promise<string> {
    const verifier = (await this.load()).verifier;
    if (!verifier) throw new Error('no sign-in is in progress for this server (no PKCE verifier)');
    return verifier;
  }

  async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
    return (await this.load()).discovery;
  }

  async saveDiscoveryState(discovery: OAuthDiscoveryState): Promise<void> {
    await this.update((s) => ({ ...s, discovery }));
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all') {
      await this.store.delete(this.key);
      return;
    }
    const field = ({ client: 'client', tokens: 'tokens', verifier: 'verifier', discovery: 'discovery' } as const)[scope];
    await this.update((s) => ({ ...s, [field]: undefined, ...(field === 'client' ? { clientRedirect: undefined } : {}) }));
  }
}
