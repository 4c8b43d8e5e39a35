// @venice in VS Code's own Chat view: answers with the user's Venice model, and /image, /speak,
// /search and /character for Venice's own features. Needs no other chat extension and no sign-in.
import * as vscode from 'vscode';
import { chatSettings, config } from '../config';
import { parseServerSetting } from '../mcp/config';
import { publishedServers } from '../mcp/published';
import { log } from '../log';
import { COMMANDS, LM_VENDOR, SETTINGS, SETTINGS_SECTION, settingId } from '../ids';
import { incompleteText, type Answer, type AnswerError } from '../llm/answer';
import type { ModelCatalog } from '../llm/modelCatalog';
import { chatModelId } from '../llm/modelResolve';
import { TurnLoop } from '../llm/turnLoop';
import { supportsTools, supportsVision } from '../llm/capabilities';
import type { Services } from '../services';
import type { ToolHost } from '../tools/types';
import { isVeniceError, type VeniceError } from '../venice/errors';
import { resolveReferences } from './references';
import { escapeMarkdown, parseCharacterArgs, sourceLinks, sourcesMarkdown, usageFooter, withContext, type HistoryTurn } from './text';
import { fromServers, participantToolHost, type LmToolInfo, type LmToolPort } from './mcpTools';
import { participantMessages, participantSettings, type AskOptions } from './turn';
import { ImageRewriter } from '../shared/markdownImages';

/** /image, /speak, /character and /search offer no tools: they answer, and the command does the rest. */
const NO_TOOLS: ToolHost = {
  definitions: () => [],
  isPaid: () => false,
  run: async () => ({ ok: false, content: 'No tools are available here.', summary: 'No tools' }),
};

interface AnswerOptions extends AskOptions {
  question: string;
  /** Offer the MCP tools of the servers Venice publishes to VS Code (a plain question). */
  mcpTools?: boolean;
}

/** The text parts of a tool result (VS Code's LanguageModelToolResult). */
function resultText(result: vscode.LanguageModelToolResult): string {
  return result.content
    .map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : ''))
    .filter(Boolean)
    .join('\n\n');
}

/** vscode.lm.tools with the full reference name VS Code lists at run time (not yet in the typings). */
function listedTools(): LmToolInfo[] {
  return vscode.lm.tools.map((t) => {
    const full = (t as { fullReferenceName?: unknown }).fullReferenceName;
    return { name: t.name, description: t.description, inputSchema: t.inputSchema, ...(typeof full === 'string' ? { fullReferenceName: full } : {}) };
  });
}

/** VS Code starts the published servers as a chat request comes in; their tools show up a moment later. */
const TOOLS_WAIT_MS = 5_000;

async function toolsListed(isOurs: (t: LmToolInfo) => boolean, signal: AbortSignal): Promise<boolean> {
  for (const until = Date.now() + TOOLS_WAIT_MS; Date.now() < until && !signal.aborted; ) {
    if (listedTools().some(isOurs)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return listedTools().some(isOurs);
}

/** vscode.lm.tools and invokeTool for one chat request: VS Code shows and asks for each call in that chat. */
function lmToolPort(token: vscode.ChatParticipantToolToken): LmToolPort {
  return {
    tools: listedTools,
    invoke: async (name, input, signal) => {
      const cancel = new vscode.CancellationTokenSource();
      const onAbort = (): void => cancel.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        return resultText(await vscode.lm.invokeTool(name, { input, toolInvocationToken: token }, cancel.token));
      } finally {
        signal.removeEventListener('abort', onAbort);
        cancel.dispose();
      }
    },
  };
}


class KeyMissing extends Error {}

/** An answer the turn loop ended with an error (its message is already short and key-free). */
class AnswerFailed extends Error {
  constructor(readonly failure: AnswerError) {
    super(failure.message);
  }
}

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

export class VeniceParticipant {
  private readonly loop: TurnLoop;
  /** VS Code has listed tools of Venice's published servers in this window. */
  private toolsSeen = false;

  constructor(
    private readonly services: Services,
    private readonly catalog: ModelCatalog,
  ) {
    this.loop = new TurnLoop(services.client, NO_TOOLS);
  }

  /** The turn loop with the MCP tools of Venice's published servers, run through VS Code for this request. */
  private async mcpLoop(request: vscode.ChatRequest, toolsAllowed: boolean, signal: AbortSignal): Promise<TurnLoop> {
    if (!toolsAllowed || !config.tools.enabled()) return this.loop;
    const key = await this.services.keys.get().catch(() => undefined);
    const { servers } = publishedServers({ servers: parseServerSetting(config.mcp.servers()).servers, trusted: vscode.workspace.isTrusted, secrets: [key, process.env.VENICE_API_KEY] });
    if (servers.length === 0) return this.loop;
    const isOurs = fromServers(servers.map((s) => s.label));
    // The first request after a start waits a moment for VS Code to list the servers' tools.
    if (!this.toolsSeen) this.toolsSeen = await toolsListed(isOurs, signal);
    return new TurnLoop(this.services.client, participantToolHost(lmToolPort(request.toolInvocationToken), isOurs));
  }

  readonly handle: vscode.ChatRequestHandler = async (request, context, stream, token) => {
    try {
      if (!(await this.services.keys.get())) throw new KeyMissing();
      switch (request.command) {
        case 'image':
          return await this.image(request, stream, token);
        case 'speak':
          return await this.speak(request, context, stream, token);
        case 'search':
          return await this.answerCommand(request, context, stream, token, { question: request.prompt, search: true });
        case 'character':
          return await this.character(request, context, stream, token);
        default:
          return await this.answerCommand(request, context, stream, token, { question: request.prompt, mcpTools: true });
      }
    } catch (err) {
      return this.failure(err, stream, token);
    }
  };

  private failure(err: unknown, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): vscode.ChatResult {
    if (token.isCancellationRequested || (isVeniceError(err) && err.kind === 'cancelled')) return {};
    if (err instanceof KeyMissing) {
      stream.button({ command: COMMANDS.setApiKey, title: 'Set API Key' });
      return { errorDetails: { message: 'Venice needs your API key. Set it, then ask again.' }, metadata: { error: 'noKey' } };
    }
    const message = err instanceof Error ? err.message : String(err);
    const kind = isVeniceError(err) ? err.kind : err instanceof AnswerFailed ? err.failure.kind : 'other';
    log.warn(`@venice failed: ${isVeniceError(err) ? `${err.kind} ${err.status ?? ''} ${err.detail ?? err.message}` : `${kind} ${message}`}`);
    if (isVeniceError(err)) this.offerFix(err.action, stream);
    else if (err instanceof AnswerFailed) this.offerFix(err.failure.action, stream);
    // The Chat view renders this as Markdown; server text inside it must stay plain text.
    return { errorDetails: { message: escapeMarkdown(message, 600) }, metadata: { error: kind } };
  }

  private offerFix(action: VeniceError['action'] | AnswerError['action'], stream: vscode.ChatResponseStream): void {
    if (action === 'setApiKey') stream.button({ command: COMMANDS.setApiKey, title: 'Set API Key' });
    else if (action === 'chooseModel') stream.button({ command: 'workbench.action.openSettings', title: 'Choose Model', arguments: [settingId(SETTINGS.chatModel)] });
    else if (action === 'openSettings') stream.button({ command: 'workbench.action.openSettings', title: 'Open Settings', arguments: [SETTINGS_SECTION] });
  }

  /** The model picked in the Chat view when it is a Venice model; else venice.chat.model; else Venice's default. */
  private async modelFor(request: vscode.ChatRequest, signal: AbortSignal): Promise<string> {
    if (request.model?.vendor === LM_VENDOR && request.model.id) return request.model.id;
    return chatModelId(this.catalog, config.chat.model(), signal, (m) => log.debug(m));
  }

  private async answerCommand(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, options: AnswerOptions): Promise<vscode.ChatResult> {
    if (!options.question.trim() && request.references.length === 0) {
      stream.markdown(options.search ? 'Ask a question after `/search`, for example `@venice /search latest TypeScript release`.' : 'Ask me anything, for example `@venice explain #file`.');
      return {};
    }
    const answer = await this.answer(request, context, stream, token, options);
    return { metadata: { model: answer.model, command: request.command ?? null } };
  }

  private async answer(request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken, options: AnswerOptions): Promise<Answer & { text: string; model: string }> {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const model = await this.modelFor(request, abort.signal);
      const info = await this.catalog.find('text', model).catch(() => undefined);
      const refs = await resolveReferences(request.references, token);
      for (const place of refs.shown) stream.reference(place);
      if (refs.skipped.length) stream.markdown(`*Left out: ${refs.skipped.map((s) => escapeMarkdown(s, 80)).join(', ')}.*\n\n`);

      const question = withContext(options.question, refs.blocks);
      const { prior, imagesLeftOut } = participantMessages(historyTurns(context), question, refs.images, supportsVision(info));
      if (imagesLeftOut) stream.markdown('*The attached image was left out: this model cannot read images.*\n\n');

      const answer: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
      let text = '';
      let textRound = 0;
      let thinking = false;
      // Images in the answer are shown as the chat view shows them: never loaded, a link at most.
      const images = new ImageRewriter();
      const loop = options.mcpTools ? await this.mcpLoop(request, supportsTools(info), abort.signal) : this.loop;
      await loop.run({
        prior,
        entry: answer,
        signal: abort.signal,
        settings: participantSettings(chatSettings(), model, info, options, options.mcpTools === true),
        hooks: {
          onText: (round, delta) => {
            if (!delta) return;
            // A new round after a tool call starts a new paragraph.
            const piece = round !== textRound && text ? `\n\n${delta}` : delta;
            textRound = round;
            text += piece;
            const shown = images.push(piece);
            if (shown) stream.markdown(shown);
          },
          onReasoning: () => {
            if (thinking || text) return;
            thinking = true;
            stream.progress('Thinking…');
          },
          onChange: () => undefined,
          onRetry: (n) => stream.progress(`Venice is busy (${n.status}); trying again in ${Math.ceil(n.delayMs / 1000)} s…`),
          requestApproval: async () => false,
        },
      });
      const rest = images.end();
      if (rest) stream.markdown(rest);
      if (token.isCancellationRequested) return { ...answer, text, model };
      if (answer.error) throw new AnswerFailed(answer.error);
      if (answer.skipped) stream.markdown(`\n\n> ⚠️ ${incompleteText(answer.skipped)}`);
      for (const note of answer.notes) stream.markdown(`\n\n*${escapeMarkdown(note, 400)}*`);
      const links = sourceLinks(answer.citations);
      if (links.length) {
        stream.markdown(sourcesMarkdown(links));
        for (const l of links) stream.reference(vscode.Uri.parse(l.url));
      }
      const footer = usageFooter(answer.model ?? model, answer.usage);
      if (footer) stream.markdown(footer);
      return { ...answer, text, model };
    } finally {
      sub.dispose();
    }
  }

  private async image(request: vscode.ChatRequest, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
    const prompt = request.prompt.trim();
    if (!prompt) {
      stream.markdown('Describe the image after `/image`, for example `@venice /image a red fox in the snow`.');
      return {};
    }
    stream.progress('Generating the image…');
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    let generated: { uris: vscode.Uri[]; blurred: boolean };
    try {
      generated = await this.services.images.generate({ prompt }, { signal: abort.signal });
    } finally {
      sub.dispose();
    }
    const { uris, blurred } = generated;
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
    // The speech service reads Markdown as speech (code and markup left out) and shows its own errors.
    const started = await this.services.speech.readAloud({ text });
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
