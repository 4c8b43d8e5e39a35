import * as vscode from 'vscode';
import { KeyOriginGate, originOf, type ConfirmOrigin } from './keyOrigin';
import { notifyWarning } from './ui/notify';
import { addSecret } from './util/redact';
import { VeniceError } from './venice/errors';

const KEY_ID = 'venice.apiKey';
/** The origin the key was approved for, beside it in SecretStorage (issue 18 item 10). */
const ORIGIN_ID = 'venice.apiKeyOrigin';

/** The modal question before the key goes to a server it was not approved for. */
async function askBeforeSending(origin: string, approved: string | undefined): Promise<boolean> {
  const send = 'Send Key';
  const detail = approved
    ? `Your key was approved for ${approved}. venice.apiBaseUrl in your user settings now points to ${origin} (another extension or synced settings may have changed it). Only send the key to a server you trust with it.`
    : `Your key was saved before Venice remembered its server. venice.apiBaseUrl in your user settings points to ${origin}, not Venice. Only send the key to a server you trust with it.`;
  return (await notifyWarning(`Send your Venice API key to ${origin}?`, { modal: true, detail }, send)) === send;
}

/**
 * The one place that touches the API key. It lives only in SecretStorage; VENICE_API_KEY in the
 * environment is a read-only fallback. Every value seen is registered with redact().
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly sub: vscode.Disposable;
  private cached: string | undefined;
  private loaded = false;
  private readonly gate: KeyOriginGate;
  /** The approved origin as last read or written (undefined: read it again). */
  private origin: { value: string | undefined } | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    confirm: ConfirmOrigin = askBeforeSending,
  ) {
    // The approved origin is read once and kept until SecretStorage says it changed: every request
    // asks for it, and each read is a round trip to the main process (inline completions feel it).
    this.gate = new KeyOriginGate(
      {
        get: async () => (this.origin ??= { value: (await secrets.get(ORIGIN_ID)) || undefined }).value,
        set: (o) => {
          this.origin = { value: o };
          return Promise.resolve(secrets.store(ORIGIN_ID, o));
        },
      },
      confirm,
    );
    addSecret(process.env.VENICE_API_KEY);
    this.sub = secrets.onDidChange((e) => {
      if (e.key === ORIGIN_ID) this.origin = undefined;
      if (e.key === KEY_ID) {
        this.loaded = false;
        this.changed.fire();
      }
    });
  }

  async get(): Promise<string | undefined> {
    if (!this.loaded) {
      this.cached = (await this.secrets.get(KEY_ID)) || undefined;
      this.loaded = true;
      addSecret(this.cached);
    }
    return this.cached || process.env.VENICE_API_KEY?.trim() || undefined;
  }

  /**
   * The key for a request to `baseUrl`, once its origin is the one the key was approved for (asking
   * first when it is not). A refusal throws: nothing is sent.
   */
  async keyFor(baseUrl: string): Promise<string | undefined> {
    const key = await this.get();
    if (!key) return undefined;
    const origin = originOf(baseUrl);
    // Whoever exports VENICE_API_KEY may name its server beside it (the offline demo does, for its simulator).
    const envOrigin = this.cached ? undefined : originOf(process.env.VENICE_API_KEY_ORIGIN ?? '');
    if (origin && envOrigin === origin) return key;
    if (origin && (await this.gate.allows(origin))) return key;
    throw new VeniceError({
      kind: 'auth',
      action: 'openSettings',
      message: origin
        ? `Your Venice API key was not sent to ${origin} (venice.apiBaseUrl): you did not approve that server. Change venice.apiBaseUrl back, or set the key again to approve it.`
        : 'Your Venice API key was not sent: venice.apiBaseUrl is not an http(s) URL.',
    });
  }

  /** Where the current key comes from, for messages ("set in VS Code" vs "from the environment"). */
  async source(): Promise<'secretStorage' | 'environment' | 'none'> {
    await this.get();
    if (this.cached) return 'secretStorage';
    return process.env.VENICE_API_KEY?.trim() ? 'environment' : 'none';
  }

  /** Saves the key, approved for `origin` (the server venice.apiBaseUrl pointed to when the user set it). */
  async set(key: string, origin: string | undefined): Promise<void> {
    addSecret(key);
    await this.secrets.store(KEY_ID, key);
    if (origin) await this.gate.bind(origin);
    else {
      await this.secrets.delete(ORIGIN_ID);
      this.origin = undefined;
    }
    this.cached = key;
    this.loaded = true;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    // The old value stays registered with redact(): it must not show up in logs later either.
    await this.secrets.delete(KEY_ID);
    await this.secrets.delete(ORIGIN_ID);
    this.origin = undefined;
    this.cached = undefined;
    this.loaded = true;
    this.changed.fire();
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
