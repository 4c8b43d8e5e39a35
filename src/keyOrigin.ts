// Issue 18 item 10: the API key is tied to the server it was approved for. SecretStorage keeps the
// origin beside the key; when venice.apiBaseUrl (user level: another extension or synced settings can
// change it) points elsewhere, the user is asked before the key goes there, and a refusal sends
// nothing. A key stored before origins were kept binds silently to Venice's own origin on first use
// and asks for any other. No `vscode` import: unit-tested in plain Node.
/** Venice's own API origin (the default venice.apiBaseUrl is built from it in src/config.ts). */
export const VENICE_ORIGIN = 'https://api.venice.ai';

/** Where the approved origin is kept (SecretStorage beside the key). */
export interface OriginMemory {
  get(): Promise<string | undefined>;
  set(origin: string): Promise<void>;
}

/** Asks the user whether the key may go to `origin` (it was approved for `approved`, if known). */
export type ConfirmOrigin = (origin: string, approved: string | undefined) => Promise<boolean>;

/** The origin of a base URL (`https://host:port`), or undefined when it is not an http(s) URL. */
export function originOf(baseUrl: string): string | undefined {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export class KeyOriginGate {
  /** One question per origin at a time, however many requests wait for it. */
  private readonly pending = new Map<string, Promise<boolean>>();
  /** Origins the user refused this session: not asked again until the key is set again. */
  private readonly refused = new Set<string>();

  constructor(
    private readonly memory: OriginMemory,
    private readonly confirm: ConfirmOrigin,
  ) {}

  /** Whether the key may be sent to `origin`; an approval is remembered beside the key. */
  async allows(origin: string): Promise<boolean> {
    const approved = await this.memory.get();
    if (approved === origin) return true;
    if (approved === undefined && origin === VENICE_ORIGIN) {
      await this.memory.set(origin);
      return true;
    }
    if (this.refused.has(origin)) return false;
    let asked = this.pending.get(origin);
    if (!asked) {
      asked = this.ask(origin, approved);
      this.pending.set(origin, asked);
    }
    return asked;
  }

  /** The user set the key while `origin` was configured: it is approved there, earlier refusals are forgotten. */
  async bind(origin: string): Promise<void> {
    this.refused.clear();
    await this.memory.set(origin);
  }

  private async ask(origin: string, approved: string | undefined): Promise<boolean> {
    try {
      const yes = await this.confirm(origin, approved);
      if (yes) await this.memory.set(origin);
      else this.refused.add(origin);
      return yes;
    } finally {
      this.pending.delete(origin);
    }
  }
}
