// Turns the model's raw argument text into a validated object, or a precise error the model can act
// on. Nothing runs on invalid input: no repair, no partial parse. No `vscode` import.
import { createHash } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import * as generated from './generated/argValidators';
import type { ToolSpec } from './schemas';

/** A validator precompiled by ajv's standalone code generation (scripts/tool-validators.mjs). */
interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

const PRECOMPILED = generated as unknown as Record<string, PrecompiledValidator | undefined> & { SCHEMA_HASHES: Record<string, string | undefined> };

/** Must match schemaHash() in scripts/tool-validators.mjs. */
function schemaHash(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

/** Raw argument text above this is refused before parsing (content is capped at 1M chars; JSON escaping can double it). */
export const MAX_ARGUMENT_CHARS = 4_000_000;
const SHOWN_RAW_CHARS = 200;

export type ArgsResult = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

function preview(raw: string): string {
  return raw.length > SHOWN_RAW_CHARS ? `${raw.slice(0, SHOWN_RAW_CHARS)}… (${raw.length} characters)` : raw;
}

/** Parses the arguments text: "" means {}; anything but one JSON object is an error. */
export function parseArguments(raw: string): ArgsResult {
  if (typeof raw !== 'string') return { ok: false, error: 'arguments must be a JSON object encoded as a string' };
  if (raw.length > MAX_ARGUMENT_CHARS) {
    return { ok: false, error: `arguments are too large (${raw.length} characters; the limit is ${MAX_ARGUMENT_CHARS})` };
  }
  if (raw.trim() === '') return { ok: true, args: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `arguments were not valid JSON (${why}). Received: ${preview(raw)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, error: `arguments must be a JSON object, got ${kind}. Received: ${preview(raw)}` };
  }
  return { ok: true, args: value as Record<string, unknown> };
}

function describeError(e: ErrorObject, spec: ToolSpec): string {
  const field = e.instancePath ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'arguments';
  const allowed = Object.keys(spec.parameters.properties);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty?: unknown }).additionalProperty);
      return `unknown property "${extra.slice(0, 100)}" (allowed: ${allowed.join(', ') || 'none'})`;
    }
    case 'required':
      return `missing required property "${String((e.params as { missingProperty?: unknown }).missingProperty)}"`;
    case 'type':
      return `${field} must be ${String((e.params as { type?: unknown }).type)}`;
    case 'maxLength':
      return `${field} is too long (at most ${String((e.params as { limit?: unknown }).limit)} characters)`;
    case 'minLength':
      return `${field} must not be empty`;
    case 'minimum':
    case 'maximum':
      return `${field} ${e.message ?? 'is out of range'}`;
    case 'enum':
      return `${field} must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String).join(', ')}`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}

/**
 * One validator per tool. They are compiled at build time (ajv standalone code, same options as
 * `new Ajv({ allErrors: true, strict: true })`), so the ajv compiler is not shipped; a spec whose
 * schema differs from what was compiled is refused here rather than checked against a stale schema.
 */
export class ArgumentValidator {
  private readonly compiled = new Map<string, PrecompiledValidator>();

  constructor(specs: readonly ToolSpec[]) {
    for (const spec of specs) {
      const validate = PRECOMPILED[spec.name];
      if (typeof validate !== 'function' || PRECOMPILED.SCHEMA_HASHES[spec.name] !== schemaHash(spec.parameters)) {
        throw new Error(`The argument validator for ${spec.name} is missing or stale: run \`npm run build\` (scripts/tool-validators.mjs).`);
      }
      this.compiled.set(spec.name, validate);
    }
  }

  /** Parses and validates raw arguments for a known tool. */
  check(spec: ToolSpec, raw: string): ArgsResult {
    const parsed = parseArguments(raw);
    if (!parsed.ok) return parsed;
    const validate = this.compiled.get(spec.name);
    if (!validate) return { ok: false, error: `no schema for ${spec.name}` };
    if (validate(parsed.args)) return parsed;
    const problems = [...new Set((validate.errors ?? []).map((e) => describeError(e, spec)))].slice(0, 5);
    return { ok: false, error: `invalid arguments for ${spec.name}: ${problems.join('; ')}` };
  }
}
