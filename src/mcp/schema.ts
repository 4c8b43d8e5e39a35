// Which MCP input schemas are offered to the model, and in what form. A server may describe its
// tool with any JSON Schema; Venice's models take the common subset (type, properties, items, enum,
// limits, anyOf/oneOf/allOf, local $ref). A schema with a keyword outside it (if/then/else, not,
// patternProperties, tuples…) is refused: the tool is not offered, and the MCP Servers view says why.
// Annotations the model does not need ($schema, $id, $comment, vendor keys) are left out of what is
// sent. No `vscode` import.
import { isRecord } from '../util/guards';

export type SchemaCheck = { ok: true; schema: Record<string, unknown> } | { ok: false; reason: string };

/** Keywords kept as they are. */
const PLAIN = new Set([
  'type', 'required', 'enum', 'const', 'description', 'title', 'default', 'examples', 'format', 'pattern',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'nullable', 'deprecated', 'readOnly', 'writeOnly',
]);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(['properties', '$defs', 'definitions']);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = new Set(['anyOf', 'oneOf', 'allOf']);
/** JSON Schema keywords the models do not take: a schema using one is refused. */
const REFUSED = new Set([
  'if', 'then', 'else', 'not', 'patternProperties', 'dependentSchemas', 'dependentRequired', 'dependencies',
  'unevaluatedProperties', 'unevaluatedItems', 'prefixItems', 'additionalItems', 'contains', 'minContains', 'maxContains',
  'propertyNames', '$dynamicRef', '$dynamicAnchor', '$recursiveRef', '$recursiveAnchor', '$anchor', 'contentSchema',
]);

const MAX_SCHEMA_CHARS = 16_000;
const MAX_DEPTH = 16;

class Refused extends Error {}

function walk(node: unknown, path: string, depth: number): unknown {
  if (typeof node === 'boolean') return node;
  if (!isRecord(node)) throw new Refused(`${path} is not a schema object`);
  if (depth > MAX_DEPTH) throw new Refused(`it nests deeper than ${MAX_DEPTH} levels`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const at = `${path}/${key}`;
    if (REFUSED.has(key)) throw new Refused(`it uses the unsupported keyword "${key}" at ${path}`);
    if (PLAIN.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key)) {
      if (!isRecord(value)) throw new Refused(`${at} must be an object`);
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, `${at}/${k}`, depth + 1)]));
    } else if (SCHEMA_LISTS.has(key)) {
      if (!Array.isArray(value)) throw new Refused(`${at} must be an array`);
      out[key] = value.map((v, i) => walk(v, `${at}/${i}`, depth + 1));
    } else if (key === 'items') {
      if (Array.isArray(value)) throw new Refused(`it uses a tuple ("items" as an array) at ${path}`);
      out[key] = walk(value, at, depth + 1);
    } else if (key === 'additionalProperties') {
      out[key] = walk(value, at, depth + 1);
    } else if (key === '$ref') {
      if (typeof value !== 'string' || !value.startsWith('#')) throw new Refused(`it refers to an outside schema ("$ref": ${JSON.stringify(String(value)).slice(0, 80)})`);
      out[key] = value;
    }
    // Anything else ($schema, $id, $comment, "x-…" and other annotations) is not sent.
  }
  return out;
}

/** The schema to offer for a tool's `inputSchema`, or why it is refused. */
export function checkInputSchema(input: unknown): SchemaCheck {
  if (input === undefined) return { ok: true, schema: { type: 'object', properties: {} } };
  let schema: unknown;
  try {
    schema = walk(input, '#', 0);
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    throw e;
  }
  if (!isRecord(schema)) return { ok: false, reason: 'the input schema must be an object schema' };
  const type = schema.type ?? 'object';
  if (type !== 'object') return { ok: false, reason: `the input schema's type is ${JSON.stringify(type)}, not "object"` };
  const offered = { ...schema, type: 'object', properties: schema.properties ?? {} };
  const size = JSON.stringify(offered).length;
  if (size > MAX_SCHEMA_CHARS) return { ok: false, reason: `its input schema is ${size} characters long (at most ${MAX_SCHEMA_CHARS})` };
  return { ok: true, schema: offered };
}
