// Server-sent events of a streamed chat completion -> typed StreamEvents.
// Everything in the stream is untrusted: sizes are capped, odd framing is tolerated, and a stream
// that stops before the turn finished is an error ('interrupted'), never a short success.
// Longer than ~350 lines on purpose: one stream parser whose per-chunk hot path and rare cases (tool
// calls, citations, usage, errors) share its private state; splitting it would have to expose that state.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { asRecord, type UnknownRecord } from '../util/guards';
import { classifyStreamError, interruptedError, safeServerText, VeniceError } from './errors';
import { ReplayCollector } from './replay';
import { ToolCallAssembler } from './toolCallAssembler';
import type { Citation, Cost, FinishReason, StreamEvent, Usage } from './types';

export interface StreamLimits {
  /** Total bytes of one response. */
  maxTotalBytes: number;
  /** One SSE event (or one unterminated line), in characters. */
  maxEventChars: number;
  /** Non-JSON `data:` events tolerated before giving up. */
  maxMalformed: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  maxTotalBytes: 20 * 1024 * 1024,
  maxEventChars: 2 * 1024 * 1024,
  maxMalformed: 3,
};

export interface ParseStreamOptions {
  limits?: Partial<StreamLimits>;
  /** The key in use, scrubbed from any echoed error text. */
  secret?: string;
  /** Diagnostics; 'warn' for what the user's answer lost (a skipped event), 'debug' for the rest. */
  log?: (message: string, level?: 'debug' | 'warn') => void;
}

/**
 * Parses a chat-completion SSE body. Events already yielded stay yielded when a later error is thrown.
 * Errors from `source` that are VeniceErrors (timeout, cancelled) pass through; anything else
 * (connection reset) becomes 'interrupted'.
 */
export async function* parseChatStream(source: AsyncIterable<Uint8Array>, options: ParseStreamOptions = {}): AsyncGenerator<StreamEvent> {
  const limits = { ...DEFAULT_STREAM_LIMITS, ...options.limits };
  const state = new ChatStreamState(limits.maxMalformed, options.secret, options.log);
  let overflow = false;
  const parser = createParser({
    onEvent: (ev) => state.onEvent(ev),
    onError: (err) => {
      if (err.type === 'max-buffer-size-exceeded') overflow = true;
    },
    maxBufferSize: limits.maxEventChars,
  });
  // A streaming decoder keeps a multi-byte character split across chunks intact; it also drops a BOM.
  const decoder = new TextDecoder('utf-8');
  let total = 0;
  try {
    for await (const chunk of source) {
      total += chunk.byteLength;
      if (total > limits.maxTotalBytes) {
        for (const ev of state.take()) yield ev;
        throw tooLarge(`The answer is larger than ${Math.round(limits.maxTotalBytes / (1024 * 1024))} MB; it was cut off there.`);
      }
      parser.feed(decoder.decode(chunk, { stream: true }));
      for (const ev of state.take()) yield ev;
      if (state.fatal) throw state.fatal;
      if (overflow) throw tooLarge('One piece of the answer is too large; the answer was cut off there.');
      if (state.done) return;
    }
  } catch (err) {
    const failure = err instanceof VeniceError ? err : interruptedError(describe(err));
    const lostOnlyTheTail =
      state.finished && !state.fatal && !overflow && (failure.kind === 'interrupted' || failure.kind === 'timeout') && state.toolCallsComplete();
    if (!lostOnlyTheTail) throw failure;
    // The turn had already finished (finish_reason seen) and every tool call reads as whole JSON;
    // only the trailing usage/[DONE] was lost.
    options.log?.(`Stream ended early after the turn finished (${failure.kind}); keeping the answer.`);
    state.endOfStream();
    for (const ev of state.take()) yield ev;
    return;
  }
  // Clean end of the body without [DONE]. Unterminated bytes in the parser are discarded, not parsed.
  if (!state.finished) throw interruptedError('The stream ended without [DONE] or a finish reason.');
  state.endOfStream();
  for (const ev of state.take()) yield ev;
}

function tooLarge(message: string): VeniceError {
  return new VeniceError({ kind: 'tooLarge', message });
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  return [typeof e?.code === 'string' ? e.code : '', typeof e?.message === 'string' ? e.message : ''].filter(Boolean).join(' ');
}

/**
 * Per-stream state: the event queue, the think-tag splitter, tool-call assembly, finish bookkeeping.
 * onEvent runs once per SSE event (tens of thousands per answer), so the common case, a chunk that
 * only carries a piece of text, takes a short path: no per-event arrays, closures or event objects;
 * adjacent text of one kind collects in pendingText until something else is queued or the queue is taken.
 */
class ChatStreamState {
  fatal: VeniceError | undefined;
  done = false;
  finished = false;
  private queue: StreamEvent[] = [];
  /** Merged text (or reasoning) not yet in the queue: fewer events for the UI, same text. */
  private pendingType: 'text' | 'reasoning' | undefined;
  private pendingText = '';
  private malformed = 0;
  private modelSent = false;
  private lastCitations = '';
  private readonly think = new ThinkSplitter();
  private readonly tools = new ToolCallAssembler();
  private readonly replay = new ReplayCollector();
  /** The first finish_reason; its event waits for the end of the body, behind the tool calls. */
  private finishReason: FinishReason | undefined;
  /** Events after finish_reason (usage, citations…), held until the tool calls are emitted. */
  private held: StreamEvent[] | undefined;
  private ended = false;

  constructor(
    private readonly maxMalformed: number,
    private readonly secret: string | undefined,
    private readonly log: ParseStreamOptions['log'],
  ) {}

  /** False when a tool call's arguments are not whole JSON yet (fragments may still be on the way). */
  toolCallsComplete(): boolean {
    return this.tools.allArgumentsParse();
  }

  /** The body ended ([DONE] or EOF after the finish reason): tool calls and replay data are final now. */
  endOfStream(): void {
    if (this.ended) return;
    this.ended = true;
    this.flushPending();
    const held = this.held ?? [];
    this.held = undefined;
    if (this.tools.size > 0) this.queue.push({ type: 'toolCalls', calls: this.tools.result() });
    if (this.finishReason !== undefined) this.queue.push({ type: 'finish', reason: this.finishReason });
    for (const ev of held) this.queue.push(ev);
    const replay = this.replay.result(this.tools.firstSignature());
    if (replay) this.queue.push(replay);
  }

  /** The events parsed so far, in order (and forgets them). */
  take(): StreamEvent[] {
    this.flushPending();
    const events = this.queue;
    if (events.length > 0) this.queue = [];
    return events;
  }

  onEvent(ev: EventSourceMessage): void {
    if (this.done || this.fatal) return;
    // Hot path: a plain `data: {…}` chunk without an error. Everything else (other event types,
    // [DONE], unreadable data, error chunks) goes to onOtherEvent, kept out of line so the code the
    // JIT compiles for this path stays small (it is recompiled after a full GC drops the chunk shapes).
    if (ev.event === undefined && ev.data.charCodeAt(0) === 0x7b) {
      const chunk = parseJson(ev.data);
      if (chunk !== undefined && chunk.error === undefined) {
        this.onChunk(chunk);
        return;
      }
    }
    this.onOtherEvent(ev);
  }

  private onOtherEvent(ev: EventSourceMessage): void {
    const data = ev.data;
    const type = ev.event;
    if (type !== undefined && type !== 'message') {
      if (type === 'error') this.fatal = classifyStreamError(parseJson(data)?.error ?? parseJson(data) ?? data, this.secret);
      return; // `event: ping` and friends
    }
    if (data.trim() === '[DONE]') {
      this.done = true;
      this.endTurn(undefined);
      this.endOfStream();
      return;
    }
    const chunk = parseJson(data);
    if (!chunk) {
      this.malformed += 1;
      // What was lost goes to the log (key scrubbed, one line, cut short) and the answer is marked.
      this.log?.(`Skipped an unreadable stream event (${this.malformed}): ${safeServerText(data, this.secret)}`, 'warn');
      if (this.malformed > this.maxMalformed) {
        this.fatal = new VeniceError({ kind: 'malformed', action: 'retry', message: 'Venice sent a malformed answer (unreadable stream data). Try again.' });
        return;
      }
      this.push({ type: 'incomplete', skipped: this.malformed });
      return;
    }
    const error = chunk.error;
    if (error !== undefined && error !== null && error !== false) {
      this.fatal = classifyStreamError(error, this.secret);
      return;
    }
    this.onChunk(chunk);
  }

  private push(ev: StreamEvent): void {
    this.flushPending();
    (this.held ?? this.queue).push(ev);
  }

  private pushDelta(type: 'text' | 'reasoning', text: string): void {
    if (this.pendingType === type) {
      this.pendingText += text;
      return;
    }
    this.flushPending();
    this.pendingType = type;
    this.pendingText = text;
  }

  private flushPending(): void {
    if (this.pendingType === undefined) return;
    (this.held ?? this.queue).push({ type: this.pendingType, text: this.pendingText });
    this.pendingType = undefined;
    this.pendingText = '';
  }

  private onChunk(chunk: UnknownRecord): void {
    // Hot path: after the first chunk nearly every chunk is {choices:[{delta:{content}, finish_reason:null}]}
    // (plus id/model/…); exactly what onAnyChunk would do with it, without the rest of its code.
    const choices = chunk.choices;
    if ((this.modelSent || chunk.model === undefined) && this.think.passesThrough && chunk.venice_parameters === undefined && chunk.usage === undefined && Array.isArray(choices) && choices.length === 1) {
      const choice = asRecord(choices[0]);
      const delta = choice === undefined ? undefined : asRecord(choice.delta);
      if (
        delta !== undefined &&
        choice?.finish_reason == null &&
        delta.reasoning_content === undefined &&
        delta.reasoning === undefined &&
        delta.tool_calls === undefined &&
        delta.reasoning_details === undefined &&
        delta.thought_signature === undefined
      ) {
        const content = delta.content;
        if (typeof content === 'string') {
          if (content) this.pushDelta('text', content);
          return;
        }
      }
    }
    this.onAnyChunk(chunk);
  }

  private onAnyChunk(chunk: UnknownRecord): void {
    if (!this.modelSent && typeof chunk.model === 'string' && chunk.model) {
      this.modelSent = true;
      this.push({ type: 'model', model: chunk.model });
    }
    if (chunk.venice_parameters !== undefined) {
      const citations = readCitations(chunk);
      if (citations) {
        const key = JSON.stringify(citations);
        if (key !== this.lastCitations) {
          this.lastCitations = key;
          this.push({ type: 'citations', citations });
        }
      }
    }
    const choices = chunk.choices;
    if (Array.isArray(choices) && choices.length > 0) {
      const choice = asRecord(choices.length === 1 ? choices[0] : firstChoice(choices));
      if (choice) {
        const delta = asRecord(choice.delta);
        if (delta) {
          const reasoning = delta.reasoning_content ?? delta.reasoning;
          if (typeof reasoning === 'string' && reasoning) this.pushDelta('reasoning', reasoning);
          const content = delta.content;
          if (typeof content === 'string' && content) {
            if (this.think.passesThrough) this.pushDelta('text', content);
            else for (const piece of this.think.feed(content)) this.pushDelta(piece.type, piece.text);
          }
          const calls = delta.tool_calls;
          if (Array.isArray(calls)) for (const frag of calls) this.tools.add(asRecord(frag));
          if (delta.reasoning_details !== undefined || delta.thought_signature !== undefined) this.replay.add(delta);
        }
        const reason = choice.finish_reason;
        if (typeof reason === 'string' && reason) this.endTurn(reason);
      }
    }
    if (chunk.usage !== undefined) {
      const usage = readUsage(chunk.usage);
      if (usage) {
        const cost = readCost(chunk.cost);
        this.push(cost ? { type: 'usage', usage, cost } : { type: 'usage', usage });
      }
    }
  }

  /**
   * The turn is over (finish_reason or [DONE]): flush held text, then finish. Tool calls, and the
   * finish event behind them, wait for the end of the body (endOfStream): some providers send
   * argument fragments after finish_reason. What arrives meanwhile (usage) is held to keep the order.
   */
  private endTurn(reason: FinishReason | undefined): void {
    for (const piece of this.think.flush()) this.pushDelta(piece.type, piece.text);
    if (reason !== undefined) {
      this.finished = true;
      if (this.finishReason === undefined) {
        this.finishReason = reason;
        this.flushPending();
        this.held = [];
      }
    } else if (this.done) {
      this.finished = true;
    }
  }
}

/** The choice with index 0, else the first one (Venice sends a single choice, so this is rarely reached). */
function firstChoice(choices: unknown[]): unknown {
  for (const c of choices) if (asRecord(c)?.index === 0) return c;
  return choices[0];
}

function parseJson(data: string): UnknownRecord | undefined {
  try {
    return asRecord(JSON.parse(data));
  } catch {
    return undefined;
  }
}

function readCitations(chunk: UnknownRecord): Citation[] | undefined {
  const list = asRecord(chunk.venice_parameters)?.web_search_citations;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: Citation[] = [];
  for (const item of list) {
    const c = asRecord(item);
    if (!c || typeof c.url !== 'string') continue;
    const citation: Citation = { title: typeof c.title === 'string' ? c.title : c.url, url: c.url };
    if (typeof c.content === 'string') citation.content = c.content;
    if (typeof c.date === 'string') citation.date = c.date;
    out.push(citation);
  }
  return out.length ? out : undefined;
}

function readUsage(v: unknown): Usage | undefined {
  const u = asRecord(v);
  if (!u) return undefined;
  const n = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  const usage: Usage = { prompt_tokens: n(u.prompt_tokens), completion_tokens: n(u.completion_tokens), total_tokens: n(u.total_tokens) };
  const details = asRecord(u.prompt_tokens_details);
  const cached = details?.cached_tokens;
  const written = details?.cache_creation_input_tokens;
  if (typeof cached === 'number' || typeof written === 'number') {
    usage.prompt_tokens_details = {};
    if (typeof cached === 'number') usage.prompt_tokens_details.cached_tokens = cached;
    if (typeof written === 'number') usage.prompt_tokens_details.cache_creation_input_tokens = written;
  }
  const reasoning = asRecord(u.completion_tokens_details)?.reasoning_tokens;
  if (typeof reasoning === 'number') usage.completion_tokens_details = { reasoning_tokens: reasoning };
  return usage;
}

function readCost(v: unknown): Cost | undefined {
  const c = asRecord(v);
  if (!c) return undefined;
  const cost: Cost = {};
  if (typeof c.usd === 'number' && Number.isFinite(c.usd)) cost.usd = c.usd;
  if (typeof c.diem === 'number' && Number.isFinite(c.diem)) cost.diem = c.diem;
  return Object.keys(cost).length ? cost : undefined;
}

/** A piece of answer or reasoning text. */
type TextDelta = Extract<StreamEvent, { type: 'text' | 'reasoning' }>;

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Some models put their reasoning in a `<think>…</think>` block at the very start of `content`.
 * This turns that block into reasoning events, even when the tags are split across chunks.
 */
export class ThinkSplitter {
  private mode: 'start' | 'think' | 'afterThink' | 'text' = 'start';
  private held = '';

  /** Past the point where a think block could start: feed() would return its input as one text piece. */
  get passesThrough(): boolean {
    return this.mode === 'text';
  }

  feed(text: string): TextDelta[] {
    this.held += text;
    const out: TextDelta[] = [];
    for (;;) {
      if (this.mode === 'start') {
        const trimmed = this.held.trimStart();
        if (trimmed.length < OPEN.length && OPEN.startsWith(trimmed)) return out; // undecided yet
        if (trimmed.startsWith(OPEN)) {
          this.held = trimmed.slice(OPEN.length);
          this.mode = 'think';
          continue;
        }
        this.mode = 'text';
        continue;
      }
      if (this.mode === 'think') {
        const end = this.held.indexOf(CLOSE);
        if (end >= 0) {
          if (end > 0) out.push({ type: 'reasoning', text: this.held.slice(0, end) });
          this.held = this.held.slice(end + CLOSE.length);
          this.mode = 'afterThink';
          continue;
        }
        // Keep a possible partial "</think>" at the end for the next chunk.
        const keep = partialSuffix(this.held, CLOSE);
        const emit = this.held.slice(0, this.held.length - keep);
        if (emit) out.push({ type: 'reasoning', text: emit });
        this.held = this.held.slice(this.held.length - keep);
        return out;
      }
      if (this.mode === 'afterThink') {
        // Drop the blank line(s) models put after the block; wait until real text shows up.
        const trimmed = this.held.replace(/^\s+/, '');
        if (!trimmed) {
          this.held = '';
          return out;
        }
        this.held = trimmed;
        this.mode = 'text';
        continue;
      }
      if (this.held) out.push({ type: 'text', text: this.held });
      this.held = '';
      return out;
    }
  }

  /** End of the turn: whatever is held is emitted as what it most likely is. */
  flush(): TextDelta[] {
    const held = this.held;
    this.held = '';
    if (!held) return [];
    if (this.mode === 'think') return [{ type: 'reasoning', text: held }];
    if (this.mode === 'afterThink') return [];
    return [{ type: 'text', text: held }];
  }
}

function partialSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}
