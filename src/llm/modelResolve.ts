// Which model id to send: the user's setting (an id, a trait such as `default`, or an alias such as
// an OpenAI name Venice maps), else Venice's `default` trait for that type, else the documented
// default. Reading traits and aliases never blocks a request: if they cannot be loaded the value is
// used as typed and Venice's own answer decides.
// No `vscode` import: unit-tested in plain Node.
import type { CallOptions } from '../venice/api';
import { isVeniceError } from '../venice/errors';
import { FALLBACK_DEFAULT_MODEL, type ListedModelType } from './modelCatalog';

export interface ModelLookup {
  traits(type: ListedModelType, opts?: CallOptions): Promise<Record<string, string>>;
  aliases(type: ListedModelType, opts?: CallOptions): Promise<Record<string, string>>;
}

export interface ResolvedModel {
  /** The id to send, or undefined for chat when no default is known (send `default`). */
  id: string | undefined;
  /** How it was found, for logs and messages. */
  source: 'setting' | 'alias' | 'trait' | 'defaultTrait' | 'fallback';
}

async function softly<T>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (isVeniceError(err) && err.kind === 'cancelled') throw err;
    return undefined;
  }
}

function own(map: Record<string, string> | undefined, key: string): string | undefined {
  if (!map || !Object.prototype.hasOwnProperty.call(map, key)) return undefined;
  const v = map[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/**
 * Resolves `settingValue` for `type`. An empty setting means "Venice's default". Aliases and trait
 * names are matched exactly (Venice ids are case-sensitive), then case-insensitively for aliases.
 */
export async function resolveModelWith(
  lookup: ModelLookup,
  type: ListedModelType,
  settingValue: string | undefined,
  opts: CallOptions = {},
): Promise<ResolvedModel> {
  const wanted = (settingValue ?? '').trim();
  if (wanted) {
    const aliases = await softly(() => lookup.aliases(type, opts));
    const alias = own(aliases, wanted) ?? caseInsensitive(aliases, wanted);
    if (alias) return { id: alias, source: 'alias' };
    const traits = await softly(() => lookup.traits(type, opts));
    const trait = own(traits, wanted);
    if (trait) return { id: trait, source: 'trait' };
    return { id: wanted, source: 'setting' };
  }
  const traits = await softly(() => lookup.traits(type, opts));
  const def = own(traits, 'default');
  if (def) return { id: def, source: 'defaultTrait' };
  return { id: FALLBACK_DEFAULT_MODEL[type], source: 'fallback' };
}

function caseInsensitive(map: Record<string, string> | undefined, key: string): string | undefined {
  if (!map) return undefined;
  const lower = key.toLowerCase();
  for (const k of Object.keys(map)) if (k.toLowerCase() === lower) return own(map, k);
  return undefined;
}

/** Shorthand when only the id matters. */
export async function resolveModelId(lookup: ModelLookup, type: ListedModelType, settingValue: string | undefined, opts?: CallOptions): Promise<string | undefined> {
  return (await resolveModelWith(lookup, type, settingValue, opts)).id;
}

/**
 * The value as typed (Venice resolves ids, traits and aliases itself), else the model the first of
 * `traits` that Venice lists points at, else the first trait's name, which Venice accepts in place
 * of an id.
 */
async function settingOrTrait(
  lookup: Pick<ModelLookup, 'traits'>,
  settingValue: string | undefined,
  traits: readonly [string, ...string[]],
  signal?: AbortSignal,
  log?: (message: string) => void,
): Promise<string> {
  const wanted = (settingValue ?? '').trim();
  if (wanted) return wanted;
  try {
    const map = await lookup.traits('text', { signal });
    for (const t of traits) {
      const id = own(map, t);
      if (id) return id;
    }
  } catch (err) {
    if (signal?.aborted || (isVeniceError(err) && err.kind === 'cancelled')) throw err;
    log?.(`Model traits unavailable, using the "${traits[0]}" trait name: ${err instanceof Error ? err.message : String(err)}`);
  }
  return traits[0];
}

/**
 * The chat model id to send for a `venice.chat.model` value: the value as typed, else what
 * Venice's `default` trait points at, else the trait name `default`.
 */
export function chatModelId(lookup: Pick<ModelLookup, 'traits'>, settingValue: string | undefined, signal?: AbortSignal, log?: (message: string) => void): Promise<string> {
  return settingOrTrait(lookup, settingValue, ['default'], signal, log);
}

/**
 * The model id inline completions send for a `venice.completions.model` value: the value as typed,
 * else what Venice's `default_code` trait points at (else `default`'s), else the name `default_code`.
 */
export function codeModelId(lookup: Pick<ModelLookup, 'traits'>, settingValue: string | undefined, signal?: AbortSignal, log?: (message: string) => void): Promise<string> {
  return settingOrTrait(lookup, settingValue, ['default_code', 'default'], signal, log);
}
