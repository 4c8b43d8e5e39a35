// How a Venice model is described in pickers: one line of facts a user compares models by.
// Everything here comes from the API and is untrusted: it is shown as plain text only, with
// control, bidi and invisible characters removed, codicon syntax escaped and lengths capped.
// No `vscode` import: unit-tested in plain Node.
import { asRecord } from '../util/guards';
import { oneLine } from '../util/text';
import type { ModelSpec, VeniceModel } from '../venice/types';

/** Longest model id or name shown. Real ids are under 60 characters. */
export const MAX_LABEL_CHARS = 80;
/** Most models listed in one picker (the API returns about 150 text models). */
export const MAX_LISTED_MODELS = 500;

/**
 * Makes API text safe to show in a QuickPick label, description or detail: single line, no hidden
 * characters, `$(icon)` syntax escaped (pickers render codicons), capped with an ellipsis.
 */
export function safeText(raw: unknown, max = MAX_LABEL_CHARS): string {
  if (typeof raw !== 'string' && typeof raw !== 'number') return '';
  // Controls and invisible characters vanish rather than become spaces: "a\u200Bb" must read "ab", as it looks.
  return oneLine(String(raw), { controls: 'remove', stripInvisible: true, maxLength: max }).replace(/\$\(/g, '\\$(');
}

/** "128K", "1M", "24K": rounded token counts. */
export function formatTokens(n: unknown): string | undefined {
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  if (n >= 1_000_000) return `${trimZeros((n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 1))}M`;
  if (n >= 1_000) return `${trimZeros((n / 1_000).toFixed(n % 1_000 === 0 ? 0 : 1))}K`;
  return String(Math.round(n));
}

function trimZeros(s: string): string {
  return s.replace(/\.0$/, '');
}

function usd(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  if (v === 0) return '$0';
  if (v < 0.01) return `$${trimTrailing(v.toFixed(4))}`;
  return `$${v.toFixed(2)}`;
}

function trimTrailing(s: string): string {
  return s.replace(/(\.\d*?[1-9])0+$/, '$1').replace(/\.0+$/, '');
}

function priceOf(v: unknown): string | undefined {
  return usd(asRecord(v)?.usd);
}

/** The price line for any pricing shape the spec lists (tokens, images, upscale, characters, seconds). */
export function formatPrice(pricing: unknown, type: string): string | undefined {
  const p = asRecord(pricing);
  if (!p) return undefined;
  const input = priceOf(p.input);
  const output = priceOf(p.output);
  if (input && output) return `${input} in / ${output} out per 1M tokens`;
  if (input) return type === 'tts' ? `${input} per 1M characters` : `${input} per 1M tokens`;
  const generation = priceOf(p.generation);
  if (generation) return `${generation} per image`;
  const resolutions = asRecord(p.resolutions);
  if (resolutions) {
    const prices = Object.values(resolutions)
      .map((r) => asRecord(r)?.usd)
      .filter((u): u is number => typeof u === 'number' && Number.isFinite(u));
    if (prices.length) return `from ${usd(Math.min(...prices))} per image`;
  }
  const upscale = asRecord(p.upscale);
  if (upscale) {
    const two = priceOf(upscale['2x']);
    const four = priceOf(upscale['4x']);
    if (two || four) return [two && `${two} (2x)`, four && `${four} (4x)`].filter(Boolean).join(' / ');
  }
  const inpaint = priceOf(p.inpaint);
  if (inpaint) return `${inpaint} per edit`;
  const perK = priceOf(p.per_thousand_characters);
  if (perK) return `${perK} per 1K characters`;
  const perSecond = priceOf(p.per_audio_second);
  if (perSecond) return `${perSecond} per audio second`;
  return undefined;
}

const CAPABILITY_LABELS: Array<[keyof NonNullable<ModelSpec['capabilities']>, string]> = [
  ['supportsFunctionCalling', 'tools'],
  ['supportsVision', 'vision'],
  ['supportsWebSearch', 'web search'],
  ['supportsReasoning', 'reasoning'],
  ['optimizedForCode', 'code'],
];

export function capabilityNames(spec: ModelSpec | undefined): string[] {
  const caps = spec?.capabilities;
  if (!caps) return [];
  return CAPABILITY_LABELS.filter(([k]) => caps[k] === true).map(([, label]) => label);
}

function day(value: unknown): { at: number; text: string } | undefined {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? { at, text: new Date(at).toISOString().slice(0, 10) } : undefined;
}

/**
 * The deprecation state as text: "deprecated 2026-10-30" (retirement scheduled), "deprecated,
 * removed 2026-12-01 (then kimi-k3)" (past the date, still served until removal), or
 * "retired 2026-12-01" once removed. Undefined for models without a deprecation.
 */
export function formatDeprecation(spec: ModelSpec | undefined, now: number = Date.now()): string | undefined {
  const dep = asRecord(spec?.deprecation);
  if (!dep) return undefined;
  const date = day(dep.date);
  const removes = day(dep.removesAt);
  const remap = typeof dep.autoRemap === 'string' && dep.autoRemap ? ` (then ${safeText(dep.autoRemap, 60)})` : '';
  if (removes && removes.at <= now) return `retired ${removes.text}${remap}`;
  if (date && date.at > now) return `deprecated ${date.text}${removes ? `, removed ${removes.text}` : ''}${remap}`;
  if (removes) return `deprecated, removed ${removes.text}${remap}`;
  if (date) return `retired ${date.text}${remap}`;
  return 'deprecated';
}

export interface ModelRow {
  /** The real id (what gets saved to settings). Not for display: use `idText`. */
  id: string;
  /** The id as safe display text. */
  idText: string;
  /** Display name (or the id when there is no name). */
  label: string;
  /** One line: id and the headline numbers. */
  description: string;
  /** One line: capabilities, privacy, price, beta, deprecation. */
  detail: string;
  deprecated: boolean;
  beta: boolean;
}

/** Describes one model for a picker. Ids too long to be real are still shown (capped) as text. */
export function describeModel(model: VeniceModel, now: number = Date.now()): ModelRow {
  const spec: ModelSpec = asRecord(model.model_spec) ? model.model_spec : {};
  const idText = safeText(model.id);
  const name = safeText(spec.name);
  const context = formatTokens(spec.availableContextTokens ?? model.context_length);
  const maxOut = formatTokens(spec.maxCompletionTokens);
  const description = [
    idText,
    context && `${context} context`,
    maxOut && `${maxOut} max output`,
    typeof spec.embeddingDimensions === 'number' && `${spec.embeddingDimensions} dimensions`,
    Array.isArray(spec.voices) && `${spec.voices.length} voices`,
  ]
    .filter(Boolean)
    .join(' · ');
  const caps = capabilityNames(spec);
  const beta = spec.beta === true || (spec as Record<string, unknown>).betaModel === true;
  const deprecation = formatDeprecation(spec, now);
  const detail = [
    caps.length ? caps.join(', ') : undefined,
    typeof spec.privacy === 'string' ? safeText(spec.privacy, 20) : undefined,
    formatPrice(spec.pricing, String(model.type ?? '')),
    beta ? 'beta' : undefined,
    deprecation,
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    id: typeof model.id === 'string' ? model.id : '',
    idText,
    label: name || idText,
    description,
    detail,
    deprecated: deprecation !== undefined,
    beta,
  };
}

/**
 * Models worth listing: well-formed, online, capped in count. Order is the API's, except that
 * deprecated models go last (they still work until the date, but should not be the first choice).
 */
export function listableModels(models: readonly VeniceModel[]): VeniceModel[] {
  const usable = models.filter((m) => typeof m?.id === 'string' && m.id.length > 0 && m.model_spec?.offline !== true);
  const current = usable.filter((m) => !m.model_spec?.deprecation);
  const deprecated = usable.filter((m) => m.model_spec?.deprecation);
  return [...current, ...deprecated].slice(0, MAX_LISTED_MODELS);
}

/** A model id fit to save in a setting: printable, no spaces, bounded. Hostile ids are refused. */
export function isSaneModelId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9._:/@+-]{1,200}$/.test(id);
}
