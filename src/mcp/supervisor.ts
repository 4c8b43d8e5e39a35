// The life of one MCP server: started on first need (never at activation), its tools listed and
// their schemas checked, restarted with growing waits when it crashes (and given up after a few
// crashes in a row, until the user restarts it), disabled and enabled by the user. It never throws
// into a chat: a start that fails leaves a state and a last error; a call that fails throws an
// Error whose message the model reads. An HTTP server that wants OAuth and has no usable token
// waits in "needsSignIn" (no restarts) until the user signs in. No `vscode` import (the connection
// is injected).
import type { ServerConfig } from './config';
import type { ConnectOptions, McpConnection, RemoteTool } from './connection';
import { SignInRequired } from './oauthProvider';
import { checkInputSchema } from './schema';

export type ServerState = 'idle' | 'starting' | 'running' | 'restarting' | 'failed' | 'disabled' | 'needsSignIn';

export interface ListedTool {
  remote: RemoteTool;
  /** The schema offered to the model and its argument check, or why the tool is not offered. */
  accepted?: { schema: Record<string, unknown>; check(args: Record<string, unknown>): string | undefined };
  refused?: string;
}

export interface SupervisorDeps {
  connect(cfg: ServerConfig, opts: ConnectOptions): Promise<McpConnection>;
  /** Compiles an argument check for an accepted schema; throws when the schema does not compile. */
  compile(schema: Record<string, unknown>): (args: Record<string, unknown>) => string | undefined;
  /** Why this server must not start now (the key in its entry, an untrusted workspace entry), or undefined. */
  mayStart(cfg: ServerConfig): Promise<string | undefined>;
  log(level: 'info' | 'warn' | 'error', line: string): void;
  onChange(): void;
  clientVersion: string;
  timing?: Partial<SupervisorTiming>;
}

export interface SupervisorTiming {
  /** Connect and list tools, at most. */
  startMs: number;
  /** Wait before the n-th restart in a row (1-based). */
  backoffMs(attempt: number): number;
  /** Crashes in a row before giving up until the user restarts. */
  maxCrashes: number;
  /** Up this long, the crash count starts again. */
  stableMs: number;
}

const DEFAULT_TIMING: SupervisorTiming = {
  startMs: 30_000,
  backoffMs: (n) => Math.min(30_000, 1000 * 2 ** (n - 1)),
  maxCrashes: 5,
  stableMs: 60_000,
};

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/^MCP error -?\d+: /, '').slice(0, 500);
}

export class ServerSupervisor {
  private _state: ServerState = 'idle';
  private _tools: ListedTool[] = [];
  private _lastError: string | undefined;
  private conn: McpConnection | undefined;
  private starting: Promise<void> | undefined;
  private startAbort: AbortController | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private crashes = 0;
  private startedAt = 0;
  /** Bumped whenever a session is abandoned, so late events of an old session are ignored. */
  private generation = 0;
  private readonly timing: SupervisorTiming;

  constructor(
    readonly config: ServerConfig,
    private readonly deps: SupervisorDeps,
    disabled = false,
  ) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    if (disabled) this._state = 'disabled';
  }

  get state(): ServerState {
    return this._state;
  }
  get tools(): readonly ListedTool[] {
    return this._tools;
  }
  get lastError(): string | undefined {
    return this._lastError;
  }

  /** Starts the server if it is not running; resolves when it runs, failed, or `signal` fired. Never throws. */
  async ensureStarted(signal: AbortSignal): Promise<void> {
    if (this._state === 'idle') this.starting = this.start();
    if (this._state !== 'starting' || !this.starting) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      signal.addEventListener('abort', done, { once: true });
      void this.starting?.then(done, done);
    });
  }

  /** Runs one tool; throws an Error whose message says what went wrong (for the model). */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number): Promise<unknown> {
    const conn = this.conn;
    if (this._state !== 'running' || !conn) throw new Error(`the server "${this.config.name}" is ${this.describeState()}`);
    try {
      return await conn.callTool(tool, args, signal, timeoutMs);
    } catch (e) {
      if (signal.aborted) throw new Error('the call was cancelled', { cause: e });
      if (e instanceof SignInRequired) {
        this.awaitSignIn(e);
        throw new Error(`${e.message}; the call did not run`, { cause: e });
      }
      const why = message(e);
      if (/timed? ?out/i.test(why)) throw new Error(`the server did not answer within ${Math.round(timeoutMs / 1000)} s (the call was cancelled)`, { cause: e });
      throw new Error(why, { cause: e });
    }
  }

  /** The user's Restart: forget earlier crashes and start now. */
  async restart(): Promise<void> {
    if (this._state === 'disabled') return;
    await this.stop();
    this.crashes = 0;
    this._lastError = undefined;
    this._state = 'idle';
    this.starting = this.start();
    await this.starting;
  }

  async disable(): Promise<void> {
    await this.stop();
    this._state = 'disabled';
    this._tools = [];
    this.deps.onChange();
  }

  enable(): void {
    if (this._state !== 'disabled') return;
    this._state = 'idle';
    this.crashes = 0;
    this._lastError = undefined;
    this.deps.onChange();
  }

  async dispose(): Promise<void> {
    await this.stop();
    this._state = 'disabled';
  }

  describeState(): string {
    switch (this._state) {
      case 'restarting':
        return `restarting after a crash${this._lastError ? ` (${this._lastError})` : ''}`;
      case 'failed':
        return `not available: ${this._lastError ?? 'it failed'}`;
      case 'disabled':
        return 'disabled by the user';
      case 'needsSignIn':
        return 'waiting for you to sign in';
      default:
        return this._state;
    }
  }

  private async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.startAbort?.abort();
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close();
  }

  private async start(): Promise<void> {
    const generation = ++this.generation;
    // 'starting' at once (before the trust question), so every caller waits for this one start.
    this._state = 'starting';
    this.deps.onChange();
    const refusal = await this.deps.mayStart(this.config).catch((e: unknown) => message(e));
    if (generation !== this.generation) return;
    if (refusal) {
      this.fail(refusal);
      return;
    }
    const abort = new AbortController();
    this.startAbort = abort;
    const timer = setTimeout(() => abort.abort(), this.timing.startMs);
    let conn: McpConnection | undefined;
    try {
      this.deps.log('info', `starting: ${this.config.kind === 'http' ? this.config.url : this.config.command}`);
      conn = await this.deps.connect(this.config, {
        signal: abort.signal,
        timeoutMs: this.timing.startMs,
        clientVersion: this.deps.clientVersion,
        log: (line) => this.deps.log('info', line),
        onClosed: (reason) => {
          if (generation === this.generation) this.crashed(reason);
        },
        onToolsChanged: () => {
          if (generation === this.generation) void this.refreshTools(generation);
        },
      });
      if (generation !== this.generation) {
        await conn.close();
        return;
      }
      this.conn = conn;
      await this.listTools(conn, abort.signal);
      if (generation !== this.generation) return;
      this._state = 'running';
      this.startedAt = Date.now();
      this.deps.log('info', `running with ${this._tools.length} tools (${this._tools.filter((t) => t.refused).length} refused)`);
      for (const t of this._tools) if (t.refused) this.deps.log('warn', `tool "${t.remote.name}" is not offered to the model: ${t.refused}`);
      this.deps.onChange();
    } catch (e) {
      if (generation !== this.generation) return;
      if (e instanceof SignInRequired) {
        this.conn = undefined;
        await conn?.close();
        this.awaitSignIn(e);
        return;
      }
      const why = abort.signal.aborted ? `it did not start within ${Math.round(this.timing.startMs / 1000)} s` : message(e);
      this.conn = undefined;
      await conn?.close();
      this.crashed(`start failed: ${why}`);
    } finally {
      clearTimeout(timer);
      if (this.startAbort === abort) this.startAbort = undefined;
    }
  }

  private async listTools(conn: McpConnection, signal: AbortSignal): Promise<void> {
    const remote = await conn.listTools(signal, this.timing.startMs);
    this._tools = remote.map((t) => this.checkTool(t));
  }

  private checkTool(remote: RemoteTool): ListedTool {
    const schema = checkInputSchema(remote.inputSchema);
    if (!schema.ok) return { remote, refused: schema.reason };
    try {
      return { remote, accepted: { schema: schema.schema, check: this.deps.compile(schema.schema) } };
    } catch (e) {
      return { remote, refused: `its input schema is not valid JSON Schema (${message(e)})` };
    }
  }

  private async refreshTools(generation: number): Promise<void> {
    const conn = this.conn;
    if (!conn) return;
    try {
      const abort = AbortSignal.timeout(this.timing.startMs);
      await this.listTools(conn, abort);
      if (generation === this.generation) {
        this.deps.log('info', `tool list changed: ${this._tools.length} tools`);
        this.deps.onChange();
      }
    } catch (e) {
      this.deps.log('warn', `could not refresh the tool list: ${message(e)}`);
    }
  }

  /** No restarts: only the user's sign-in (then Restart) can help. */
  private awaitSignIn(e: SignInRequired): void {
    this.generation++;
    const conn = this.conn;
    this.conn = undefined;
    void conn?.close();
    this._state = 'needsSignIn';
    this._lastError = 'sign-in required';
    this._tools = [];
    this.deps.log('warn', e.message);
    this.deps.onChange();
  }

  private fail(reason: string): void {
    this._state = 'failed';
    this._lastError = reason;
    this._tools = [];
    this.deps.log('error', reason);
    this.deps.onChange();
  }

  /** The session ended on its own (or never began): restart after a wait, or give up. */
  private crashed(reason: string): void {
    const generation = ++this.generation;
    const conn = this.conn;
    this.conn = undefined;
    void conn?.close();
    if (this._state === 'running' && Date.now() - this.startedAt > this.timing.stableMs) this.crashes = 0;
    this.crashes++;
    this._lastError = reason;
    if (this.crashes >= this.timing.maxCrashes) {
      this.fail(`${reason}; stopped after ${this.crashes} failures in a row (use Restart in "Venice: MCP Servers")`);
      return;
    }
    const wait = this.timing.backoffMs(this.crashes);
    this._state = 'restarting';
    this.deps.log('warn', `${reason}; restarting in ${Math.round(wait / 100) / 10} s`);
    this.deps.onChange();
    this.restartTimer = setTimeout(() => {
      if (generation !== this.generation) return;
      this.restartTimer = undefined;
      this.starting = this.start();
    }, wait);
  }
}
