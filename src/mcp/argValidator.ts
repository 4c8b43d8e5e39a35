// Checks a model's arguments against an MCP tool's (already accepted) input schema before the call,
// with ajv (the JSON Schema library the tools already use; here its compiler, which lives in the
// lazy MCP chunk). The first problem is said in words the model can act on. No `vscode` import.
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';

export type ArgCheck = (args: Record<string, unknown>) => string | undefined;

let ajv: Ajv2020 | undefined;

function describe(e: ErrorObject): string {
  const where = e.instancePath ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'the arguments';
  if (e.keyword === 'required') return `${where} lack the required property "${String(e.params.missingProperty)}"`;
  if (e.keyword === 'additionalProperties') return `${where} have the unknown property "${String(e.params.additionalProperty)}"`;
  return `${where} ${e.message ?? 'do not match the schema'}`;
}

/** A validator for `schema`, or throws with ajv's reason when the schema does not compile. */
export function compileArgCheck(schema: Record<string, unknown>): ArgCheck {
  // strict: false: servers use formats and annotations ajv does not know; they must not fail the tool.
  ajv ??= new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  const validate = ajv.compile(schema);
  return (args) => (validate(args) ? undefined : describe(validate.errors?.[0] ?? ({ instancePath: '', keyword: '', params: {}, schemaPath: '' } as ErrorObject)));
}
