// The one turn loop: stream -> (tool calls -> approval -> tool results -> stream again)* until the
// model stops, the user stops, an error happens or the tool round limit is reached. Every surface
// that runs tools itself (the chat view; @venice with none) answers through it. It only mutates the
// Answer it is given and tells its hooks; storage and views are the caller's business.
// No `vscode` import: tested in plain Node with a fake VeniceApi and a fake ToolHost.
import type { RetryNotice, VeniceApi } from '../venice/api';
import { isVeniceError } from '../venice/errors';
import type { ChatMessage } from '../venice/types';
import type { ApprovalRequest, FileChangeRecorder, ToolHost, ToolOutcome } from '../tools/types';
import { largestUsage, answerUsage, windowTokens, type ResponseUsage } from './usage';
import { answerMessages, isEmptyAnswer, NOT_RUN_CONTENT, type Answer, type AnswerError, type Round, type ToolCallRecord } from './answer';
import { droppedNote, fitRequest, planRequest, tooLongMessage, webSearchNote, type TurnSettings } from './planner';
import { ToolCaps } from './toolCaps';
import { tokenPricingOf, type TokenPricing } from './cost';

export interface TurnHooks {
  onText(round: number, text: string): void;
  onReasoning(round: number, text: string): void;
  /** Something other than streamed text changed (new round, tool status, usage, notes, state). */
  onChange(): void;
  onRetry(notice: RetryNotice): void;
  requestApproval(call: ToolCallRecord, req: ApprovalRequest): Promise<boolean>;
  /** A running tool's live output (its latest tail), for its card. */
  onToolOutput?(call: ToolCallRecord, text: string): void;
}

export interface TurnInput {
  /** The conversation before this answer as API messages (normally ending with the user's message). */
  prior: readonly ChatMessage[];
  entry: Answer;
  settings: TurnSettings;
  signal: AbortSignal;
  hooks: TurnHooks;
  /** Keeps the before-state of files the tools change (the chat's checkpoints). */
  files?: FileChangeRecorder;
}

const MAX_TOOL_CONTENT_CHARS = 200_000;

export class TurnLoop {
  constructor(
    private readonly api: VeniceApi,
    private readonly tools: ToolHost,
  ) {}

  async run(input: TurnInput): Promise<void> {
    const { entry, settings, signal, hooks } = input;
    // Tools fetched at the turn's start (MCP servers): a failure there costs the tools, never the answer.
    const prepared = (await this.tools.prepare?.(settings.modelInfo, signal).catch(() => [])) ?? [];
    const toolDefs = this.tools.definitions(settings.modelInfo);
    const plan = planRequest(settings, toolDefs);
    const pricing = tokenPricingOf(settings.modelInfo);
    for (const n of [...prepared, ...plan.notes]) entry.notes.push(n);
    entry.model ??= settings.resolvedModel;
    let trimNoted = false;
    const caps = new ToolCaps((name) => this.tools.isPaid(name));

    try {
      for (let toolRounds = 0; ; ) {
        const { body, trim } = fitRequest(plan, [...input.prior, ...answerMessages(entry)]);
        if (!trim.fits && entry.rounds.length === 0) {
          this.fail(entry, { kind: 'contextLength', message: tooLongMessage(settings, trim), action: 'chooseModel' });
          hooks.onChange();
          return;
        }
        const dropped = trimNoted ? undefined : droppedNote(settings, plan, trim);
        if (dropped) {
          trimNoted = true;
          entry.notes.push(dropped);
        }

        const round: Round = { text: '', reasoning: '', toolCalls: [] };
        entry.rounds.push(round);
        const roundIndex = entry.rounds.length - 1;
        hooks.onChange();

        const calls = await this.stream(entry, round, roundIndex, body, signal, hooks, pricing);
        if (signal.aborted) return this.finishStopped(entry, hooks);
        if (calls.length === 0) break;

        round.toolCalls = calls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments, status: 'pending' }));
        hooks.onChange();
        await this.runTools(round, caps, signal, hooks, input.files);
        for (const n of caps.notes.splice(0)) entry.notes.push(n);
        if (signal.aborted) return this.finishStopped(entry, hooks);

        toolRounds++;
        if (toolRounds >= settings.maxToolRounds) {
          entry.notes.push(`Stopped after ${toolRounds} tool round${toolRounds === 1 ? '' : 's'} (the limit set in venice.tools.maxRounds).`);
          break;
        }
      }
      entry.state = 'done';
      if (isEmptyAnswer(entry)) entry.notes.push('The model returned an empty answer.');
      else {
        const noSources = webSearchNote(plan.base, entry.citations.length);
        if (noSources) entry.notes.push(noSources);
      }
      hooks.onChange();
    } catch (err) {
      if (signal.aborted || (isVeniceError(err) && err.kind === 'cancelled')) return this.finishStopped(entry, hooks);
      if (isVeniceError(err)) {
        this.fail(entry, { kind: err.kind, message: err.message, action: err.action }, err.kind === 'interrupted' ? 'interrupted' : 'error');
      } else {
        this.fail(entry, { kind: 'unexpected', message: `Something went wrong: ${err instanceof Error ? err.message : String(err)}` });
      }
      hooks.onChange();
    }
  }

  /** Streams one model response into `round`; returns the tool calls it asked for. */
  private async stream(
    entry: Answer,
    round: Round,
    roundIndex: number,
    req: Parameters<VeniceApi['streamChat']>[0],
    signal: AbortSignal,
    hooks: TurnHooks,
    pricing: TokenPricing | undefined,
  ) {
    let calls: Array<{ id: string; name: string; arguments: string }> = [];
    const usageBefore = entry.usage;
    const skippedBefore = entry.skipped ?? 0;
    let usage: ResponseUsage | undefined;
    for await (const ev of this.api.streamChat(req, { signal, onRetry: (n) => hooks.onRetry(n) })) {
      if (signal.aborted) break;
      switch (ev.type) {
        case 'text':
          round.text += ev.text;
          hooks.onText(roundIndex, ev.text);
          break;
        case 'reasoning':
          round.reasoning += ev.text;
          hooks.onReasoning(roundIndex, ev.text);
          break;
        case 'toolCalls':
          calls = ev.calls;
          break;
        case 'usage':
          usage = largestUsage(usage, ev);
          entry.usage = answerUsage(usageBefore, usage, pricing);
          entry.contextTokens = windowTokens(usage);
          hooks.onChange();
          break;
        case 'incomplete':
          entry.skipped = skippedBefore + ev.skipped;
          hooks.onChange();
          break;
        case 'replay':
          round.reasoningDetails = ev.reasoningDetails;
          round.thoughtSignature = ev.thoughtSignature;
          break;
        case 'citations':
          if (ev.citations.length > 0) {
            entry.citations = ev.citations;
            hooks.onChange();
          }
          break;
        case 'model':
          entry.model = ev.model;
          break;
        case 'finish':
          entry.finishReason = ev.reason;
          if (ev.reason === 'length') entry.notes.push('The answer was cut off at the output token limit.');
          if (ev.reason === 'content_filter') entry.notes.push('Venice stopped this answer (content filter).');
          break;
      }
    }
    return calls;
  }

  private async runTools(round: Round, caps: ToolCaps, signal: AbortSignal, hooks: TurnHooks, files: FileChangeRecorder | undefined): Promise<void> {
    for (const [index, call] of round.toolCalls.entries()) {
      if (signal.aborted) {
        // Stop means "after the current tool": the rest are recorded as not run.
        call.status = 'skipped';
        call.summary = 'Not run: stopped';
        call.content = NOT_RUN_CONTENT;
        continue;
      }
      const capped = caps.refuse(index, round.toolCalls.length, call.name);
      if (capped) {
        call.status = 'skipped';
        call.summary = capped.summary;
        call.content = capped.content;
        continue;
      }
      call.status = 'running';
      hooks.onChange();
      let outcome: ToolOutcome;
      try {
        outcome = await this.tools.run(
          { id: call.id, name: call.name, arguments: call.arguments },
          {
            signal,
            files,
            requestApproval: async (req) => {
              const approved = await hooks.requestApproval(call, req);
              call.status = 'running';
              hooks.onChange();
              return approved;
            },
            onOutput: hooks.onToolOutput && ((text) => hooks.onToolOutput?.(call, text)),
          },
        );
      } catch (err) {
        // The ToolHost contract says it never throws; if it does, the model still gets an answer.
        const why = err instanceof Error ? err.message : String(err);
        outcome = { ok: false, content: `The tool failed: ${why}`, summary: `Failed: ${why}` };
      }
      caps.ran(call.name, outcome.rejected === true);
      call.status = outcome.rejected ? 'rejected' : outcome.ok ? 'done' : 'failed';
      call.summary = outcome.summary;
      call.content = outcome.content.length > MAX_TOOL_CONTENT_CHARS ? `${outcome.content.slice(0, MAX_TOOL_CONTENT_CHARS)}\n[truncated]` : outcome.content;
      hooks.onChange();
    }
  }

  private finishStopped(entry: Answer, hooks: TurnHooks): void {
    entry.state = 'stopped';
    for (const r of entry.rounds) {
      for (const c of r.toolCalls) {
        if (c.status === 'pending' || c.status === 'awaitingApproval' || c.status === 'running') {
          c.status = 'skipped';
          c.summary ??= 'Not run: stopped';
          c.content ??= NOT_RUN_CONTENT;
        }
      }
    }
    hooks.onChange();
  }

  private fail(entry: Answer, error: AnswerError, state: 'error' | 'interrupted' = 'error'): void {
    entry.state = state;
    entry.error = error;
  }
}
