// @venice in VS Code's own Chat view: answers with the user's Venice model, and /image, /speak,
// /search and /character for Venice's own features. Needs no other chat extension and no sign-in.
import * as vscode from 'vscode';
import { config } from '../config';
import { log } from '../log';
import type { ModelCatalog } from '../lm/catalog';
import { VENDOR } from '../lm/provider';
import type { Services } from '../services';
import { isVeniceError, type VeniceError } from '../venice/errors';
import type { ChatCompletionRequest, ChatMessage, Citation, UserContentPart, VeniceParameters } from '../venice/types';
import { resolveReferences } from './references';
import { escapeMarkdown, parseCharacterArgs, sourceLinks, sourcesMarkdown, trimHistory, withContext, type HistoryTurn } from './text';

export const PARTICIPANT_ID = 'venice.participant';

/** History kept when the model's window is unknown (characters). */
const DEFAULT_HISTORY_CHARS = 24_000;

interface AnswerOptions {
  question: string;
  search?: boolean;
  character?: string;
}

interface Answer {
  text: string;
  model: string;
}

class KeyMissing extends Error {}

function historyTurns(context: vscode.ChatContext): HistoryTurn[] {
  const turns: HistoryTurn[] = [];
  for (const turn of context.history) {
    if (turn instanceof vscode.ChatRequestTurn) {
      turns.push({ role: 'user', text: turn.prompt });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : ''))
        .join('')
        .trim();
      turns.push({ role: 'assistant', text });
    }
  }
  return turns;
}

function lastAnswer(context: vscode.ChatContext): string | undefined {
  const turns = historyTurns(context);
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i].role === 'assistant' && turns[i].text) return turns[i].text;
  return undefined;
}

/** A written file as venice.generateImage reports it (a URI or its string); never a web address. */
function localUri(v: unknown): vscode.Uri | undefined {
  let uri: vscode.Uri | undefined;
  if (v instanceof vscode.Uri) uri = v;
  else if (typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v)) {
    try {
      uri = vscode.Uri.parse(v, true);
    } catch {
      return undefined;
    }
  }
  return uri && !['http', 'https', 'data', 'command'].includes(uri.scheme) ? uri : undefined;
}

/** venice.generateImage returns the written files (URIs or URI strings), or `{ uris, blurred }`. */
function imageResult(result: unknown): { uris: vscode.Uri[]; blurred: boolean } {
  const obj = result && typeof result === 'object' && !Array.isArray(result) ? (result as { uris?: unknown; blurred?: unknown }) : undefined;
  const items: unknown[] = Array.isArray(result) ? result : Array.isArray(obj?.uris) ? obj.uris : [result];
  return { uris: items.map(localUri).filter((u): u is vscode.Uri => u !== undefined), blurred: obj?.blurred === true };
}

export class VeniceParticipant {
  constructor(
    private readonly services: Services,
    private readonly catalog: ModelCatalog,
  ) {}

  readonly handle: vscode.ChatRequestHandler = async (request, context, stream, token) => {
    try {
      if (!(await this.services.keys.get())) throw new KeyMissing();
      switch (request.command) {
        case 'image':
          return await this.image(request, stream);
        case 'speak':
          return await this.speak(request, context, stream, token);
        case 'search':
          return await this.answerCommand(request, context, stream, token, { question: request.prompt, search: true });
        case 'character':
          return await this.character(request, context, stream, token);
        default:
          return await this.answerCommand(request, context, stream, token, { question: request.prompt });
      }
    } catch (err) {
      return this.failure(err, stream, token);
    }
  };

  private failure(err: unknown, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): vscode.ChatResult {
    if (token.isCancellationRequested || (isVeniceError(err) && err.kind === 'cancelled')) return {};
    if (err instanceof KeyMissing) {
      stream.button({ command: 'venice.setApiKey', title: 'Set API Key' });
      return { errorDetails: { message: 'Venice needs your API key. Set it, then ask again.' }, metadata: { error: 'noKey' } };
    }
    const message = err instanceof Error ? err.message : String(err);
    log.warn(`@venice failed: ${isVeniceError(err) ? `${err.kind} ${err.status ?? ''} ${err.detail ?? err.message}` : message}`);
    if (isVeniceError(err)) this.offerFix(err, stream);
    // The Chat view renders this as Markdown; server text inside it must stay plain text.
    return { errorDetails: { message: escapeMarkdown(message, 600) }, metadata: { error: isVeniceError(err) ? err.kind : 'other' } };
  }

  private offerFix(err: VeniceError, stream: vscode.ChatResponseStream): void {
    if (err.action === 'setApiKey') stream.button({ command: 'venice.setApiKey', title: 'Set API Key' });
    else if (err.action === 'chooseModel') stream.button({ command: 'workbench.action.openSettings', title: 'Choose Model', arguments: ['venice.chat.model'] });
    else if (err.action === 'openSettings') stream.button({ command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['venice'] });
  }

  /** The model picked in the Chat view when it is a Venice model; else venice.chat.model; else Venice's default. */
  private async modelFor(request: vscode.ChatRequest): Promise<string> {
    if (request.model?.vendor === VENDOR && request.model.id) return request.model.id;
    const configured = config.chat.model();
    if (configured) return configured;
    try {
      const traits = await this.services.client.modelTraits('text');
      if (traits.default) return traits.default;
    } catch (err) {
      log.debug(`Model traits unavailable, using the "default" trait name: ${err instanceof Error ? err.message : String(err)}`);
    }
    // Venice accepts a trait name in place of a model id.
    return 'default';
  }

  private async answerCommand(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, options: AnswerOptions): Promise<vscode.ChatResult> {
    if (!options.question.trim() && request.references.length === 0) {
      stream.markdown(options.search ? 'Ask a question after `/search`, for example `@venice /search latest TypeScript release`.' : 'Ask me anything, for example `@venice explain #file`.');
      return {};
    }
    const answer = await this.answer(request, context, stream, token, options);
    return { metadata: { model: answer.model, command: request.command ?? null } };
  }

  private async answer(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, options: AnswerOptions): Promise<Answer> {
    const model = await this.modelFor(request);
    const info = await this.catalog.find(model).catch(() => undefined);
    const refs = await resolveReferences(request.references, token);
    for (const place of refs.shown) stream.reference(place);
    if (refs.skipped.length) stream.markdown(`*Left out: ${refs.skipped.map((s) => escapeMarkdown(s, 80)).join(', ')}.*\n\n`);

    const messages: ChatMessage[] = [];
    const system = config.chat.systemPrompt();
    if (system) messages.push({ role: 'system', content: system });
    const historyBudget = info ? Math.max(4_000, info.maxInputTokens * 2) : DEFAULT_HISTORY_CHARS;
    for (const t of trimHistory(historyTurns(context), historyBudget)) messages.push({ role: t.role, content: t.text });
    const text = withContext(options.question, refs.blocks);
    if (refs.images.length && info?.capabilities.imageInput) {
      const parts: UserContentPart[] = [{ type: 'text', text }];
      for (const img of refs.images) parts.push({ type: 'image_url', image_url: { url: `data:${img.mimeType};base64,${Buffer.from(img.data).toString('base64')}` } });
      messages.push({ role: 'user', content: parts });
    } else {
      if (refs.images.length) stream.markdown('*The attached image was left out: this model cannot read images.*\n\n');
      messages.push({ role: 'user', content: text });
    }

    const req: ChatCompletionRequest = { model, messages, venice_parameters: this.veniceParameters(options) };
    const temperature = config.chat.temperature();
    if (temperature !== undefined) req.temperature = temperature;
    const maxTokens = config.chat.maxCompletionTokens();
    if (maxTokens !== undefined) req.max_completion_tokens = info ? Math.min(maxTokens, info.maxOutputTokens) : maxTokens;

    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let answer = '';
    let citations: Citation[] = [];
    let thinking = false;
    let finish: string | undefined;
    try {
      for await (const ev of this.services.client.streamChat(req, { signal: abort.signal, onRetry: (n) => stream.progress(`Venice is busy (${n.status}); trying again in ${Math.ceil(n.delayMs / 1000)} s…`) })) {
        if (ev.type === 'text' && ev.text) {
          answer += ev.text;
          stream.markdown(ev.text);
        } else if (ev.type === 'reasoning' && !thinking && !answer) {
          thinking = true;
          stream.progress('Thinking…');
        } else if (ev.type === 'citations') {
          citations = citations.concat(ev.citations);
        } else if (ev.type === 'finish') {
          finish = ev.reason;
        }
      }
    } finally {
      sub.dispose();
    }
    if (finish === 'length') stream.markdown('\n\n*The answer reached its length limit and stops here.*');
    if (finish === 'content_filter') stream.markdown('\n\n*Venice stopped the answer under its content policy.*');
    const links = sourceLinks(citations);
    if (links.length) {
      stream.markdown(sourcesMarkdown(links));
      for (const l of links) stream.reference(vscode.Uri.parse(l.url));
    } else if (options.search) {
      stream.markdown('\n\n*No web sources were returned for this answer.*');
    }
    return { text: answer, model };
  }

  private veniceParameters(options: AnswerOptions): VeniceParameters {
    const vp: VeniceParameters = { include_venice_system_prompt: config.chat.includeVeniceSystemPrompt() };
    const search = options.search ? 'on' : config.chat.webSearch();
    if (search !== 'off') {
      vp.enable_web_search = search;
      vp.enable_web_citations = true;
      vp.include_search_results_in_stream = true;
    }
    const character = options.character ?? config.chat.character();
    if (character) vp.character_slug = character;
    return vp;
  }

  private async commandExists(id: string): Promise<boolean> {
    return (await vscode.commands.getCommands(true)).includes(id);
  }

  private async image(request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
    const prompt = request.prompt.trim();
    if (!prompt) {
      stream.markdown('Describe the image after `/image`, for example `@venice /image a red fox in the snow`.');
      return {};
    }
    if (!(await this.commandExists('venice.generateImage'))) {
      return { errorDetails: { message: 'Image generation is not available in this version of the Venice extension.' } };
    }
    stream.progress('Generating the image…');
    const result = await vscode.commands.executeCommand<unknown>('venice.generateImage', { prompt });
    const { uris, blurred } = imageResult(result);
    if (!uris.length) {
      stream.markdown('No image was saved.');
      return { metadata: { command: 'image', files: [] } };
    }
    stream.markdown(uris.length === 1 ? 'Saved the image to ' : 'Saved the images to ');
    uris.forEach((uri, i) => {
      if (i > 0) stream.markdown(', ');
      stream.anchor(uri, vscode.workspace.asRelativePath(uri, false));
    });
    stream.markdown(blurred ? '. Venice blurred it (safe mode, venice.image.safeMode).\n\n' : '.\n\n');
    // Shown as file links and references only: the Chat view cannot display a workspace image
    // inline (a Markdown image of a local file renders broken), and remote images are never used.
    for (const uri of uris) stream.reference(uri);
    return { metadata: { command: 'image', files: uris.map((u) => u.toString()) } };
  }

  private async speak(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    if (!(await this.commandExists('venice.readAloud'))) {
      return { errorDetails: { message: 'Reading aloud is not available in this version of the Venice extension.' } };
    }
    let text: string;
    let model: string | undefined;
    if (request.prompt.trim() || request.references.length) {
      const answer = await this.answer(request, context, stream, token, { question: request.prompt });
      text = answer.text;
      model = answer.model;
    } else {
      const editor = vscode.window.activeTextEditor;
      const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
      text = selection || lastAnswer(context) || '';
      if (!text.trim()) {
        stream.markdown('Select text in an editor, or ask a question after `/speak`, and I will read it aloud.');
        return {};
      }
      stream.markdown(selection ? 'Reading the selection aloud.' : 'Reading the last answer aloud.');
    }
    if (!text.trim() || token.isCancellationRequested) return { metadata: { command: 'speak', model } };
    // venice.readAloud reads Markdown as speech (code and markup left out) and shows its own errors.
    const started = await vscode.commands.executeCommand<unknown>('venice.readAloud', { text });
    if (started === undefined) stream.markdown('\n\n*Reading aloud did not start; the message from Venice says why.*');
    return { metadata: { command: 'speak', model, reading: started !== undefined } };
  }

  private async character(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const args = parseCharacterArgs(request.prompt);
    if (args.kind === 'invalid') {
      return { errorDetails: { message: `"${args.given}" is not a character slug. Slugs use letters, digits, "-" and "_". Send /character alone to see some.` } };
    }
    if (args.kind === 'list') {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const characters = await this.services.client.characters({ limit: 8 }, { signal: abort.signal });
        if (!characters.length) {
          stream.markdown('Venice offered no characters right now.');
          return {};
        }
        const lines = characters.map((c) => {
          const description = c.description ? ` — ${escapeMarkdown(c.description, 140)}` : '';
          return `- **${escapeMarkdown(c.name, 60)}** \`${c.slug.replace(/[^A-Za-z0-9_-]/g, '')}\`${description}`;
        });
        stream.markdown(`Some Venice characters:\n\n${lines.join('\n')}\n\nAsk one with \`@venice /character <slug> your question\`.`);
        return { metadata: { command: 'character', listed: characters.length } };
      } finally {
        sub.dispose();
      }
    }
    if (!args.question && request.references.length === 0) {
      stream.markdown(`Ask \`${args.slug}\` something: \`@venice /character ${args.slug} your question\`.`);
      return {};
    }
    const answer = await this.answer(request, context, stream, token, { question: args.question, character: args.slug });
    return { metadata: { command: 'character', character: args.slug, model: answer.model } };
  }
}
