// All MCP servers of the window: one supervisor per configured server (rebuilt when its entry
// changes), started together on the first chat turn that offers tools, and the choice of which of
// their tools a request offers: within the request's limits (tool count and the characters their
// descriptions take of the model's context), shared fairly between servers, with a note when some
// are left out. Calls are routed by the offered name. A server waiting for the user's sign-in is
// offered as one notice tool, so the model can tell the user (the answer never waits for it).
// No `vscode` import.
import { describeTarget, fingerprint, type ServerConfig } from './config';
import { McpNameTable } from './names';
import { ServerSupervisor, type ListedTool, type ServerState, type SupervisorDeps } from './supervisor';

/** One MCP tool offered to the model in this request. */
export interface OfferedTool {
  /** `mcp_<server>_<tool>`: the function name the model calls. */
  apiName: string;
  server: string;
  /** The tool's own name on its server. */
  tool: string;
  description: string;
  parameters: Record<string, unknown>;
  /** What the server runs or reaches (shown on the approval card). */
  target: string;
  check(args: Record<string, unknown>): string | undefined;
  /** A notice in tool form (a server waiting for sign-in): calling it runs nothing and returns this text. */
  notice?: string;
}

export interface Offer {
  tools: OfferedTool[];
  /** For the user (the answer's notes): tools left out, servers that failed. */
  notes: string[];
}

export interface OfferLimits {
  maxTools: number;
  /** Characters of JSON the offered definitions may take. */
  maxChars: number;
}

export interface ServerStatus {
  name: string;
  source: ServerConfig['source'];
  target: string;
  state: ServerState;
  stateText: string;
  lastError?: string;
  tools: Array<{ name: string; refused?: string }>;
}

const MAX_DESCRIPTION = 1024;

export type ManagerDeps = Omit<SupervisorDeps, 'log' | 'onChange'> & {
  log(server: string, level: 'info' | 'warn' | 'error', line: string): void;
  onChange?(): void;
};

export class McpManager {
  private supervisors = new Map<string, { fp: string; sup: ServerSupervisor }>();
  private configErrors: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ManagerDeps) {}

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    this.deps.onChange?.();
    for (const l of this.listeners) l();
  }

  /** Takes the configured servers; unchanged ones keep running, changed or removed ones stop. */
  configure(servers: readonly ServerConfig[], errors: readonly string[], disabled: ReadonlySet<string>): void {
    this.configErrors = [...errors];
    const next = new Map<string, { fp: string; sup: ServerSupervisor }>();
    for (const cfg of servers) {
      const fp = fingerprint(cfg) + cfg.source;
      const known = this.supervisors.get(cfg.name);
      if (known && known.fp === fp) {
        next.set(cfg.name, known);
        this.supervisors.delete(cfg.name);
        if (disabled.has(cfg.name) && known.sup.state !== 'disabled') void known.sup.disable();
        if (!disabled.has(cfg.name)) known.sup.enable();
        continue;
      }
      const sup = new ServerSupervisor(
        cfg,
        { ...this.deps, log: (level, line) => this.deps.log(cfg.name, level, line), onChange: () => this.changed() },
        disabled.has(cfg.name),
      );
      next.set(cfg.name, { fp, sup });
    }
    for (const { sup } of this.supervisors.values()) void sup.dispose();
    this.supervisors = next;
    this.changed();
  }

  /** Starts every enabled server that is not running yet; resolves when each runs or failed (or `signal` fired). */
  async prepare(signal: AbortSignal): Promise<void> {
    await Promise.all([...this.supervisors.values()].map(({ sup }) => sup.ensureStarted(signal)));
  }

  /** The MCP tools to offer in one request, within `limits`. */
  offer(limits: OfferLimits): Offer {
    const names = new McpNameTable();
    const notes: string[] = [];
    const queues: Array<{ sup: ServerSupervisor; usable: ListedTool[]; taken: OfferedTool[] }> = [];
    const notices: OfferedTool[] = [];
    for (const { sup } of this.supervisors.values()) {
      if (sup.state === 'failed' || sup.state === 'restarting') notes.push(`MCP server "${sup.config.name}" is ${sup.describeState()}; its tools are not offered.`);
      if (sup.state === 'needsSignIn' && notices.length < limits.maxTools) {
        notes.push(`MCP server "${sup.config.name}" needs you to sign in; its tools are not offered. Sign in from "Venice: MCP Servers".`);
        notices.push(this.signInNotice(sup, names));
      }
      if (sup.state !== 'running') continue;
      queues.push({ sup, usable: sup.tools.filter((t) => t.accepted), taken: [] });
    }
    // Round robin: one tool of each server in turn, so a server with 200 tools cannot crowd out the others.
    let count = notices.length;
    let chars = 0;
    let full = false;
    for (let i = 0; !full && queues.some((q) => i < q.usable.length); i++) {
      for (const q of queues) {
        const listed = q.usable[i];
        if (!listed?.accepted) continue;
        const offered = this.toOffered(q.sup, listed, names);
        const size = JSON.stringify({ n: offered.apiName, d: offered.description, p: offered.parameters }).length;
        if (count + 1 > limits.maxTools || chars + size > limits.maxChars) {
          full = true;
          break;
        }
        count++;
        chars += size;
        q.taken.push(offered);
      }
    }
    for (const q of queues) {
      const left = q.usable.length - q.taken.length;
      if (left <= 0) continue;
      const name = q.sup.config.name;
      notes.push(
        `MCP server "${name}" lists ${q.usable.length} usable tools; ${q.taken.length} are offered in this request (at most ${limits.maxTools} MCP tools fit in this request, within the request's tool limit and a quarter of the model's context). Disable servers you do not need in "Venice: MCP Servers".`,
      );
      const last = q.taken[q.taken.length - 1];
      // The model should know too, so it can say that a tool it needs was not offered.
      if (last) last.description = `${last.description}\n(Note: ${left} more tools of the MCP server "${name}" are not offered in this request.)`;
    }
    return { tools: [...notices, ...queues.flatMap((q) => q.taken)], notes };
  }

  private signInNotice(sup: ServerSupervisor, names: McpNameTable): OfferedTool {
    const name = sup.config.name;
    const notice = `The MCP server "${name}" needs the user to sign in before its tools can be used; none of its tools are available now. Tell the user to open "Venice: MCP Servers", choose the server "${name}" and then Sign in.`;
    return {
      apiName: names.claim(name, 'sign_in_required'),
      server: name,
      tool: 'sign_in_required',
      description: `${notice} Calling this runs nothing; it only returns this message.`,
      parameters: { type: 'object', properties: {}, additionalProperties: false },
      target: describeTarget(sup.config),
      check: () => undefined,
      notice,
    };
  }

  /** A configured server's entry (for its sign-in), or undefined. */
  configOf(server: string): ServerConfig | undefined {
    return this.supervisors.get(server)?.sup.config;
  }

  private toOffered(sup: ServerSupervisor, listed: ListedTool, names: McpNameTable): OfferedTool {
    const accepted = listed.accepted as NonNullable<ListedTool['accepted']>;
    const raw = typeof listed.remote.description === 'string' ? listed.remote.description : '';
    const description = `${raw.slice(0, MAX_DESCRIPTION)}${raw.length > MAX_DESCRIPTION ? '…' : ''} [MCP server "${sup.config.name}"]`.trim();
    return {
      apiName: names.claim(sup.config.name, listed.remote.name),
      server: sup.config.name,
      tool: listed.remote.name,
      description,
      parameters: accepted.schema,
      target: describeTarget(sup.config),
      check: accepted.check,
    };
  }

  /** Runs `tool` on `server`; throws an Error with a message for the model. */
  async call(server: string, tool: string, args: Record<string, unknown>, signal: AbortSignal, timeoutMs: number): Promise<unknown> {
    const entry = this.supervisors.get(server);
    if (!entry) throw new Error(`the MCP server "${server}" is no longer configured`);
    return entry.sup.call(tool, args, signal, timeoutMs);
  }

  statuses(): ServerStatus[] {
    return [...this.supervisors.values()].map(({ sup }) => ({
      name: sup.config.name,
      source: sup.config.source,
      target: describeTarget(sup.config),
      state: sup.state,
      stateText: sup.describeState(),
      ...(sup.lastError ? { lastError: sup.lastError } : {}),
      tools: sup.tools.map((t) => ({ name: t.remote.name, ...(t.refused ? { refused: t.refused } : {}) })),
    }));
  }

  /** Problems in the settings or mcp.json that kept an entry from being a server at all. */
  get errors(): readonly string[] {
    return this.configErrors;
  }

  async restart(server: string): Promise<void> {
    await this.supervisors.get(server)?.sup.restart();
  }

  async setDisabled(server: string, disabled: boolean): Promise<void> {
    const sup = this.supervisors.get(server)?.sup;
    if (!sup) return;
    if (disabled) await sup.disable();
    else sup.enable();
  }

  async dispose(): Promise<void> {
    const all = [...this.supervisors.values()];
    this.supervisors.clear();
    this.listeners.clear();
    await Promise.all(all.map(({ sup }) => sup.dispose()));
  }
}
