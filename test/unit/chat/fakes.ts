// Test doubles for the chat's host side: a scripted VeniceApi, a ToolHost that records calls,
// an in-memory file system that records operations, and a view that records posts.
import type { Conversation, Entry } from '../../../src/chat/model';
import type { ChatEnvironment, ViewPort } from '../../../src/chat/controller';
import type { ChatSettings } from '../../../src/llm/planner';
import type { StorageFs } from '../../../src/chat/storageFs';
import type { AssistantMessageView, ToWebview } from '../../../src/shared/protocol';
import type { ApprovalRequest, ToolHost, ToolOutcome, ToolRunContext } from '../../../src/tools/types';
import type { CallOptions, VeniceApi } from '../../../src/venice/api';
import { VeniceError } from '../../../src/venice/errors';
import type { AssembledToolCall, ChatCompletionRequest, StreamEvent, VeniceModel } from '../../../src/venice/types';
import { mergeAnswerPatch } from '../../../webview-ui/chat/answerPatch';

/** One scripted response: events in order, then optionally an error or a hang until aborted. */
export interface Script {
  events: StreamEvent[];
  thenThrow?: VeniceError;
  /** Wait here (after the events) until the request is aborted. */
  hang?: boolean;
  /** Called before the first event (e.g. to report a retry). */
  before?: (opts: CallOptions | undefined) => void;
}

function cancelled(): VeniceError {
  return new VeniceError({ kind: 'cancelled', message: 'The request was cancelled.' });
}

export class FakeApi implements Partial<VeniceApi> {
  readonly requests: ChatCompletionRequest[] = [];
  readonly scripts: Script[] = [];
  models: VeniceModel[] = [];
  traits: Record<string, string> = { default: 'model-default' };
  listCalls = 0;

  streamChat = (req: ChatCompletionRequest, opts?: CallOptions): AsyncIterable<StreamEvent> => {
    // Deep copy: the caller keeps mutating its history after sending.
    this.requests.push(JSON.parse(JSON.stringify(req)) as ChatCompletionRequest);
    const script = this.scripts.shift() ?? { events: [{ type: 'text', text: 'ok' }, { type: 'finish', reason: 'stop' }] };
    const signal = opts?.signal;
    return (async function* () {
      script.before?.(opts);
      for (const ev of script.events) {
        if (signal?.aborted) throw cancelled();
        await Promise.resolve();
        yield ev;
      }
      if (script.hang) {
        await new Promise<void>((resolve) => {
          if (signal?.aborted) resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        throw cancelled();
      }
      if (script.thenThrow) throw script.thenThrow;
    })();
  };

  listModels = async (): Promise<VeniceModel[]> => {
    this.listCalls++;
    return this.models;
  };

  modelTraits = async (): Promise<Record<string, string>> => this.traits;

  asApi(): VeniceApi {
    return this as unknown as VeniceApi;
  }
}

export function textModel(id: string, spec: VeniceModel['model_spec'] = {}): VeniceModel {
  return { id, type: 'text', model_spec: { name: id.toUpperCase(), ...spec } };
}

export function textEvents(...parts: string[]): StreamEvent[] {
  return [...parts.map((text) => ({ type: 'text' as const, text })), { type: 'finish', reason: 'stop' }];
}

export interface ToolRun {
  call: AssembledToolCall;
  aborted: boolean;
}

export class FakeTools implements ToolHost {
  readonly runs: ToolRun[] = [];
  /** How each call is answered; default ok with a summary naming the tool. */
  handler: (call: AssembledToolCall, ctx: ToolRunContext) => Promise<ToolOutcome> = async (call) => ({
    ok: true,
    content: `result of ${call.name}`,
    summary: `${call.name} ran`,
  });
  offered = [{ type: 'function' as const, function: { name: 'read_file', parameters: {} } }];
  /** Tools that spend credits (the turn loop caps them per answer). */
  paid = new Set<string>();

  isPaid(name: string): boolean {
    return this.paid.has(name);
  }

  definitions() {
    return this.offered;
  }

  async run(call: AssembledToolCall, ctx: ToolRunContext): Promise<ToolOutcome> {
    this.runs.push({ call, aborted: ctx.signal.aborted });
    return this.handler(call, ctx);
  }
}

export function approvalAsker(): { request: ApprovalRequest } {
  return { request: { toolCallId: 'x', toolName: 'insert_text', title: 'Insert 2 lines', detail: 'a\nb' } };
}

/** A file system in memory that logs every operation, and can fail a chosen one. */
export class MemoryFs implements StorageFs {
  readonly files = new Map<string, string>();
  readonly ops: string[] = [];
  failRenameTo: ((to: string) => boolean) | undefined;

  async readFile(path: string) {
    this.ops.push(`read ${path}`);
    return this.files.get(path);
  }
  async writeFile(path: string, data: string) {
    this.ops.push(`write ${path}`);
    this.files.set(path, data);
  }
  async rename(from: string, to: string) {
    this.ops.push(`rename ${from} -> ${to}`);
    if (this.failRenameTo?.(to)) throw new Error('disk full');
    const data = this.files.get(from);
    if (data === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    this.files.delete(from);
    this.files.set(to, data);
  }
  async remove(path: string) {
    this.ops.push(`remove ${path}`);
    this.files.delete(path);
  }
  async list(dir: string) {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length));
  }
  async mkdirp(dir: string) {
    this.ops.push(`mkdir ${dir}`);
  }
}

export class RecordingView implements ViewPort {
  readonly posts: ToWebview[] = [];
  post(m: ToWebview): void {
    this.posts.push(JSON.parse(JSON.stringify(m)) as ToWebview);
  }
  of<T extends ToWebview['type']>(type: T): Array<Extract<ToWebview, { type: T }>> {
    return this.posts.filter((p): p is Extract<ToWebview, { type: T }> => p.type === type);
  }
  clear(): void {
    this.posts.length = 0;
  }

  /**
   * The answer the host talked about last, as a webview would have assembled it from what was posted:
   * whole messages, deltas appended to them, and patches (all but the text) merged the way the
   * webview merges them.
   */
  lastAnswer(): AssistantMessageView | undefined {
    const answers = new Map<string, AssistantMessageView>();
    let last: string | undefined;
    for (const p of this.posts) {
      if (p.type === 'state') for (const m of p.state.messages) if (m.role === 'assistant') answers.set(m.id, structuredClone(m));
      if ((p.type === 'messageAdded' || p.type === 'messageUpdated') && p.message.role === 'assistant') {
        answers.set(p.message.id, structuredClone(p.message));
        last = p.message.id;
      }
      if (p.type === 'answerUpdated') {
        const local = answers.get(p.message.id);
        if (local) answers.set(p.message.id, mergeAnswerPatch(local, p.message, p.digest).view);
        last = p.message.id;
      }
      if (p.type === 'delta') {
        const round = answers.get(p.messageId)?.rounds[p.round];
        if (round && p.channel === 'text') round.text += p.text;
        else if (round) round.reasoning += p.text;
      }
    }
    return last === undefined ? undefined : answers.get(last);
  }
}

export const BASE_SETTINGS: ChatSettings = {
  model: 'model-a',
  systemPrompt: '',
  includeVeniceSystemPrompt: false,
  webSearch: 'off',
  character: '',
  maxToolRounds: 10,
};

export class FakeEnv implements ChatEnvironment {
  settingsValue: ChatSettings = { ...BASE_SETTINGS };
  readonly warnings: string[] = [];
  readonly savedModels: string[] = [];
  readonly logs: string[] = [];
  settings() {
    return { ...this.settingsValue };
  }
  async saveModelSetting(id: string) {
    this.savedModels.push(id);
    this.settingsValue = { ...this.settingsValue, model: id };
  }
  warn(m: string) {
    this.warnings.push(m);
  }
  log = {
    debug: (m: string) => this.logs.push(`debug ${m}`),
    info: (m: string) => this.logs.push(`info ${m}`),
    warn: (m: string) => this.logs.push(`warn ${m}`),
    error: (m: string, err?: unknown) => this.logs.push(`error ${m} ${String(err)}`),
  };
}

/** Waits until `check` passes (polling the event loop), or fails after `ms`. */
export async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A stored-looking chat of `n` messages, questions and answers in turn (ids u0, a1, u2, ...). */
export function longConversation(id: string, n: number): Conversation {
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) entries.push({ id: `u${i}`, role: 'user', text: `Question ${i}`, attachments: [], createdAt: i });
    else
      entries.push({
        id: `a${i}`,
        role: 'assistant',
        createdAt: i,
        state: 'done',
        model: 'model-a',
        rounds: [{ text: `Answer ${i}`, reasoning: '', toolCalls: [] }],
        citations: [],
        notes: [],
      });
  }
  return { version: 1, id, title: 'Long chat', createdAt: 0, updatedAt: n, entries };
}
