// What @venice asks the one turn loop: VS Code's chat history and the question (with its attached
// context) become API messages, and the user's settings plus the command (/search, /character)
// become the turn's settings. No `vscode` import: the request it leads to is unit-tested against
// the chat view's and the language model provider's (test/unit/llm/surfaces.test.ts).
import type { ChatSettings, TurnSettings } from '../llm/planner';
import type { ChatMessage, UserContentPart, VeniceModel } from '../venice/types';
import type { HistoryTurn } from './text';

export interface AskOptions {
  /** /search: web search on for this question, whatever the setting says. */
  search?: boolean;
  /** /character <slug>: this character instead of the setting's. */
  character?: string;
}

export interface AttachedImage {
  mimeType: string;
  data: Uint8Array;
}

/** The conversation so far plus the question; images only for models that read them. */
export function participantMessages(history: readonly HistoryTurn[], question: string, images: readonly AttachedImage[], vision: boolean): { prior: ChatMessage[]; imagesLeftOut: boolean } {
  // Earlier turns go through the planner's budget with the rest (oldest exchanges dropped first).
  const prior: ChatMessage[] = history.filter((t) => t.text.trim()).map((t) => ({ role: t.role, content: t.text }));
  if (images.length && vision) {
    const parts: UserContentPart[] = [{ type: 'text', text: question }];
    for (const img of images) parts.push({ type: 'image_url', image_url: { url: `data:${img.mimeType};base64,${Buffer.from(img.data).toString('base64')}` } });
    prior.push({ role: 'user', content: parts });
    return { prior, imagesLeftOut: false };
  }
  prior.push({ role: 'user', content: question });
  return { prior, imagesLeftOut: images.length > 0 };
}

/**
 * The user's chat settings for one @venice answer: with tools (MCP tools through VS Code), the
 * user's venice.tools.maxRounds; without, one round.
 */
export function participantSettings(settings: ChatSettings, model: string, info: VeniceModel | undefined, options: AskOptions, tools = false): TurnSettings {
  return {
    ...settings,
    webSearch: options.search ? 'on' : settings.webSearch,
    character: options.character ?? settings.character,
    maxToolRounds: tools ? settings.maxToolRounds : 1,
    resolvedModel: model,
    modelInfo: info,
  };
}
