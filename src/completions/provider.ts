// The inline completion provider: for each pause in typing, one `/chat/completions` request whose
// messages carry the text around the cursor (prompt.ts), planned and sent through the one core
// (request.ts), its answer cleaned (clean.ts) and shown as ghost text. Every keystroke cancels the
// request under way (VS Code cancels the token; the HTTP request is aborted with it); answers are
// cached by prefix (cache.ts) so typing along a suggestion costs nothing. Errors never pop up: the
// status bar says them, 401/402 pause completions until the key changes, 429 backs off.
import * as vscode from 'vscode';
import { config } from '../config';
import type { ApiKeyStore } from '../secrets';
import { Disposable } from '../util/dispose';
import type { VeniceApi } from '../venice/api';
import type { StreamEvent } from '../venice/types';
import { isVeniceError, type VeniceError } from '../venice/errors';
import { CompletionCache, CACHE_PREFIX_CHARS } from './cache';
import { cleanAnswer, withoutFences } from './clean';
import { cutAroundCursor, wantsMultiline, worthCompleting } from './context';
import { buildPrompt, MAX_LINES } from './prompt';
import { RecentFiles } from './recent';
import { completionBody, resolveCompletionModel, type CompletionModel, type ModelSource } from './request';
import { pickSnippets } from './snippets';
import type { CompletionsStatusBar, EngineReport } from './statusBar';
import { CompletionTrace } from './trace';

/** Lines read around the cursor before the token budget cuts them (keeps big files cheap). */
const LINES_BEFORE = 300;
const LINES_AFTER = 100;
/** A resolved model is used this long before it is resolved again (the catalogue's own cache time). */
const MODEL_TTL_MS = 5 * 60_000;
/** 402: asked again after this long, or as soon as the key changes. */
const PAYMENT_PAUSE_MS = 10 * 60_000;
/** 429 without Retry-After: the first wait, doubled on each further 429 up to the last. */
const BACKOFF_FIRST_MS = 2_000;
const BACKOFF_MAX_MS = 60_000;
/** Other failures (network, 5xx, unknown model): a pause so a broken setup is not asked per keystroke. */
const FAILURE_PAUSE_MS = 10_000;
/** A completion still running after this long shows the status bar's spinner. */
const WORKING_AFTER_MS = 250;
/** The status bar's new latency waits this long after the items are returned. */
const REPORT_AFTER_MS = 150;
/** The stream's remaining bytes after the answer's end are read for at most this long, then the connection is closed. */
const DRAIN_MS = 5_000;

export interface EngineDeps {
  client: VeniceApi;
  models: ModelSource & { onDidChange: ModelCatalogChange };
  keys: Pick<ApiKeyStore, 'onDidChange'>;
  status: CompletionsStatusBar;
  log: { debug(m: string): void; warn(m: string): void };
}

type ModelCatalogChange = (listener: () => unknown) => { dispose(): unknown };

/** Resolves after `ms`, or false as soon as the token is cancelled. */
function pause(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  if (token.isCancellationRequested) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const sub = token.onCancellationRequested(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve(false);
    });
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(true);
    }, ms);
  });
}

/** Reads what is left of a finished answer's stream (so the connection can be reused); a stall closes it. */
async function drainQuietly(events: AsyncIterator<StreamEvent>, abort: AbortController): Promise<void> {
  const timer = setTimeout(() => abort.abort(), DRAIN_MS);
  let ended = false;
  try {
    while (!(await events.next()).done) {
      // Nothing after the finish is shown; it is only read to the end.
    }
    ended = true;
  } catch {
    // Cancelled or cut off: the answer was already shown.
  } finally {
    clearTimeout(timer);
    // Read to its end, the client keeps the connection for the next completion: an abort now would close it.
    if (!ended) abort.abort();
  }
}

/** The answer has what will be shown: the first line (one-line mode) or more than MAX_LINES lines. */
function enough(raw: string, multiline: boolean): boolean {
  const code = withoutFences(raw).replace(/^\s*\n/, '');
  if (!multiline) return /\S[^\n]*\n/.test(code);
  return code.split('\n').length > MAX_LINES + 1;
}

export class CompletionProvider extends Disposable implements vscode.InlineCompletionItemProvider {
  private readonly cache = new CompletionCache();
  private readonly recent: RecentFiles;
  private model: { setting: string; at: number; value: Promise<CompletionModel> } | undefined;
  /** No requests before this time (rate limit, payment, failures). */
  private quietUntil = 0;
  private reportTimer: ReturnType<typeof setTimeout> | undefined;
  private backoffMs = BACKOFF_FIRST_MS;
  /** 401: nothing is sent until the key changes. */
  private keyRefused = false;

  constructor(private readonly deps: EngineDeps) {
    super();
    this.recent = this.register(new RecentFiles());
    this.register(
      deps.keys.onDidChange(() => {
        this.keyRefused = false;
        this.quietUntil = 0;
        this.model = undefined;
        this.cache.clear();
      }),
    );
    this.register(deps.models.onDidChange(() => (this.model = undefined)));
    this.register({ dispose: () => clearTimeout(this.reportTimer) });
  }

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const trace = CompletionTrace.start();
    const items = await this.provide(document, position, context, token, trace);
    trace?.end(token.isCancellationRequested ? 'cancelled' : items ? (trace.cached ? 'cached' : 'shown') : 'nothing', items?.[0]?.insertText.toString());
    return items;
  }

  private async provide(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
    trace: CompletionTrace | undefined,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const { status } = this.deps;
    if (status.blockedFor(document) || !status.keyKnown() || this.keyRefused) return undefined;
    if (Date.now() < this.quietUntil) return undefined;
    // With the suggest widget open, complete as if its selected item were accepted: VS Code shows
    // ghost text only when it extends that item.
    const selected = context.selectedCompletionInfo;
    if (selected && selected.range.end.isAfter(position)) return undefined;
    const start = selected ? selected.range.start : position;
    const head = selected ? selected.text : '';
    const item = (text: string) => [new vscode.InlineCompletionItem(head + text, new vscode.Range(start, position))];

    const startOffset = document.offsetAt(start);
    const cacheAt = {
      key: document.uri.toString(),
      offset: startOffset + head.length,
      prefix: document.getText(new vscode.Range(document.positionAt(Math.max(0, startOffset - CACHE_PREFIX_CHARS)), start)) + head,
      suffix: document.getText(new vscode.Range(position, document.lineAt(Math.min(document.lineCount - 1, position.line + 5)).range.end)),
    };
    const cached = this.cache.get(cacheAt);
    if (cached !== undefined) {
      if (trace) trace.cached = true;
      return item(cached);
    }

    const before = document.getText(new vscode.Range(Math.max(0, start.line - LINES_BEFORE), 0, start.line, start.character)) + head;
    const last = Math.min(document.lineCount - 1, position.line + LINES_AFTER);
    const after = document.getText(new vscode.Range(position, document.lineAt(last).range.end));
    if (!worthCompleting(before, after)) return undefined;

    // A request follows the debounce: a connection opened now (when the pool has no idle one, e.g.
    // after a pause or a cancelled request) is ready by then instead of adding its handshake.
    this.deps.client.preconnect?.();
    const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
    if (!(await pause(explicit ? 0 : config.completions.debounceMs(), token))) return undefined;
    trace?.mark('debounced');

    const text = await this.complete(document, before, after, token, trace);
    if (!text) return undefined;
    // Kept even when the user typed on meanwhile: if they typed its start, the cache serves the rest.
    this.cache.set(cacheAt, text);
    return token.isCancellationRequested ? undefined : item(text);
  }

  /** One request for the text at the cursor ('' when there is nothing to show). */
  private async complete(document: vscode.TextDocument, before: string, after: string, token: vscode.CancellationToken, trace: CompletionTrace | undefined): Promise<string> {
    const { status } = this.deps;
    const started = performance.now();
    const abort = new AbortController();
    const onCancel = token.onCancellationRequested(() => abort.abort());
    let spinner: ReturnType<typeof setTimeout> | undefined;
    let drain: AsyncIterator<StreamEvent> | undefined;
    /** The stream was read to its end: its connection stays open for the next completion. */
    let ended = false;
    try {
      const model = await this.resolveModel();
      if (token.isCancellationRequested) return '';
      const cut = cutAroundCursor(before, after);
      const multiline = wantsMultiline(cut.prefix, cut.suffix);
      const snippets = pickSnippets(cut.prefix.slice(-600), this.recent.sources(document, (d) => !status.blockedFor(d)));
      const prompt = buildPrompt({ path: document.isUntitled ? '' : vscode.workspace.asRelativePath(document.uri, false), language: document.languageId, prefix: cut.prefix, suffix: cut.suffix, multiline, snippets });
      const body = completionBody(model, prompt);
      trace?.mark('prompt');
      // The spinner only for a slow answer: a quick one never redraws the status bar before its ghost text shows.
      spinner = setTimeout(() => status.set({ kind: 'on', model: model.label, latencyMs: this.lastLatency(), working: true }), WORKING_AFTER_MS);
      trace?.mark('send');
      const events = this.deps.client.streamChat(body, { signal: abort.signal, maxRetries: 0, background: true })[Symbol.asyncIterator]();
      let raw = '';
      let complete = false;
      for (;;) {
        const next = await events.next();
        if (next.done) {
          ended = true;
          break;
        }
        const ev = next.value;
        if (ev.type === 'finish') {
          // The answer is whole: show it now, and read the stream's last bytes ([DONE], the end) in the
          // background, so the connection stays open for the next completion.
          complete = ev.reason === 'stop' || ev.reason === null;
          drain = events;
          break;
        }
        if (ev.type !== 'text') continue;
        raw += ev.text;
        trace?.mark('firstText');
        // Enough for what will be shown: stop reading (the connection is closed).
        if (enough(raw, multiline)) {
          void events.return?.(undefined);
          break;
        }
      }
      trace?.mark('streamEnd');
      const text = cleanAnswer(raw, { prefix: cut.prefix, suffix: cut.suffix, multiline, complete });
      this.backoffMs = BACKOFF_FIRST_MS;
      const latencyMs = performance.now() - started;
      this.deps.log.debug(`Inline completion from ${model.id} in ${latencyMs.toFixed(0)} ms: ${text ? `${text.split('\n').length} line(s)` : 'nothing to show'}`);
      this.report({ kind: 'on', model: model.label, latencyMs });
      return text;
    } catch (err) {
      this.failed(err);
      return '';
    } finally {
      clearTimeout(spinner);
      onCancel.dispose();
      if (drain) void drainQuietly(drain, abort);
      else if (!ended) abort.abort();
    }
  }

  /** The new latency for the status bar, a little after the items are returned (its redraw waits for the ghost text's). */
  private report(r: Extract<EngineReport, { kind: 'on' }>): void {
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      // A failure reported meanwhile (401, 429…) is newer news: it stays.
      if (this.deps.status.current().kind === 'on') this.deps.status.set(r);
    }, REPORT_AFTER_MS);
  }

  private lastLatency(): number | undefined {
    const r = this.deps.status.current();
    return r.kind === 'on' ? r.latencyMs : undefined;
  }

  private resolveModel(): Promise<CompletionModel> {
    const setting = config.completions.model();
    const now = Date.now();
    if (!this.model || this.model.setting !== setting || now - this.model.at > MODEL_TTL_MS) {
      const value = resolveCompletionModel(this.deps.models, setting, (m) => this.deps.log.debug(m));
      this.model = { setting, at: now, value };
      value.catch(() => (this.model = undefined));
    }
    return this.model.value;
  }

  /** What a failure changes: never a pop-up, always the status bar. */
  private failed(err: unknown): void {
    const { status, log } = this.deps;
    if (!isVeniceError(err)) {
      log.warn(`Inline completion failed: ${err instanceof Error ? err.message : String(err)}`);
      this.quietUntil = Date.now() + FAILURE_PAUSE_MS;
      status.set({ kind: 'failed', message: 'An unexpected error; see the Venice log.' });
      return;
    }
    const e: VeniceError = err;
    switch (e.kind) {
      case 'cancelled':
        // The user typed on: the normal case, not a failure. The status goes back to idle.
        if (status.current().kind === 'on') status.set({ kind: 'on', model: this.modelLabelNow(), latencyMs: this.lastLatency() });
        return;
      case 'noKey':
        return;
      case 'auth':
        this.keyRefused = true;
        status.set({ kind: 'auth' });
        return;
      case 'payment':
        this.quietUntil = Date.now() + PAYMENT_PAUSE_MS;
        status.set({ kind: 'payment' });
        return;
      case 'rateLimit': {
        const wait = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : this.backoffMs;
        this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
        this.quietUntil = Date.now() + wait;
        status.set({ kind: 'rateLimited', until: this.quietUntil });
        return;
      }
      default:
        log.warn(`Inline completion failed (${e.kind}${e.status ? ` ${e.status}` : ''}): ${e.message}`);
        this.quietUntil = Date.now() + FAILURE_PAUSE_MS;
        status.set({ kind: 'failed', message: e.message });
    }
  }

  private modelLabelNow(): string | undefined {
    const r = this.deps.status.current();
    return r.kind === 'on' ? r.model : undefined;
  }
}
