import * as vscode from 'vscode';
import { addSecret } from './util/redact';

const KEY_ID = 'venice.apiKey';

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

  constructor(private readonly secrets: vscode.SecretStorage) {
    addSecret(process.env.VENICE_API_KEY);
    this.sub = secrets.onDidChange((e) => {
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

  /** Where the current key comes from, for messages ("set in VS Code" vs "from the environment"). */
  async source(): Promise<'secretStorage' | 'environment' | 'none'> {
    await this.get();
    if (this.cached) return 'secretStorage';
    return process.env.VENICE_API_KEY?.trim() ? 'environment' : 'none';
  }

  async set(key: string): Promise<void> {
    addSecret(key);
    await this.secrets.store(KEY_ID, key);
    this.cached = key;
    this.loaded = true;
    this.changed.fire();
  }

  async clear(): Promise<void> {
    // The old value stays registered with redact(): it must not show up in logs later either.
    await this.secrets.delete(KEY_ID);
    this.cached = undefined;
    this.loaded = true;
    this.changed.fire();
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
