// Capability queries on one Venice model entry (`GET /models`), asked the same way by every surface:
// what its context and answer limits are, and whether it takes tools, images or web search.
// Unknown is "no" for capabilities and undefined for limits. No `vscode` import.
import { MAX_IMAGES_PER_MESSAGE } from '../shared/chatImages';
import type { VeniceModel } from '../venice/types';

/** A whole count of at least 1, or undefined for anything else Venice might send (0, negative, NaN, text). */
function positive(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}

/** The context window Venice states (`availableContextTokens`, else the OpenAI-style `context_length`). */
export function contextTokensOf(model: VeniceModel | undefined): number | undefined {
  return positive(model?.model_spec?.availableContextTokens) ?? positive(model?.context_length);
}

/** The most an answer may ask for (`max_completion_tokens` above it is a 400 at Venice); never more than the window. */
export function maxOutputTokensOf(model: VeniceModel | undefined): number | undefined {
  const max = positive(model?.model_spec?.maxCompletionTokens);
  const context = contextTokensOf(model);
  return max !== undefined && context !== undefined ? Math.min(max, context) : max;
}

export function supportsTools(model: VeniceModel | undefined): boolean {
  return model?.model_spec?.capabilities?.supportsFunctionCalling === true;
}

/** False only when the catalogue says the model does not reason (unknown: true, so a tool loop keeps its signatures). */
export function mayReason(model: VeniceModel | undefined): boolean {
  return model?.model_spec?.capabilities?.supportsReasoning !== false;
}

export function supportsVision(model: VeniceModel | undefined): boolean {
  return model?.model_spec?.capabilities?.supportsVision === true;
}

/**
 * How many images one message may carry for this model: none without vision, one when the model
 * reads a single image (`supportsMultipleImages` not true), else `maxImages` within Venice's 10.
 */
export function maxImagesOf(model: VeniceModel | undefined): number {
  if (!supportsVision(model)) return 0;
  const caps = model?.model_spec?.capabilities;
  if (caps?.supportsMultipleImages !== true) return 1;
  return Math.min(positive(caps.maxImages) ?? MAX_IMAGES_PER_MESSAGE, MAX_IMAGES_PER_MESSAGE);
}

export function supportsWebSearch(model: VeniceModel | undefined): boolean {
  return model?.model_spec?.capabilities?.supportsWebSearch === true;
}

/** The name people know a model by: its display name, else the id that was sent. */
export function modelName(id: string, model: VeniceModel | undefined): string {
  const name = model?.model_spec?.name;
  return typeof name === 'string' && name.trim() ? name : id;
}

/** E2EE models need an encryption handshake this extension does not do. */
export function isE2EEOnly(model: VeniceModel): boolean {
  return model.id.startsWith('e2ee-') || model.model_spec?.capabilities?.supportsE2EE === true;
}

/** Text models that can answer now: not offline, not E2EE-only. */
export function isUsableTextModel(model: VeniceModel): boolean {
  if (typeof model.id !== 'string' || model.id.trim() === '') return false;
  if (model.type !== undefined && model.type !== 'text') return false;
  if (model.model_spec?.offline === true) return false;
  return !isE2EEOnly(model);
}
