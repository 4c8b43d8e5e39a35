// No `vscode` import: used by the client, the log and tests alike.

const secretValues = new Set<string>();

/** Registers a value (the API key) that must never be printed anywhere. */
export function addSecret(value: string | undefined): void {
  if (value && value.length >= 4) secretValues.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) secretValues.delete(value);
}

const patterns: Array<[RegExp, string]> = [
  [/(authorization\s*[:=]\s*)(bearer\s+)?[^\s,;"'}]+/gi, '$1$2***'],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]{6,}/gi, 'Bearer ***'],
  [/((?:api[-_]?key|x-api-key|[a-z_]*_(?:token|secret|key))\s*["']?\s*[:=]\s*["']?)[^\s,;"'}]+/gi, '$1***'],
  [/(\/\/)[^/@\s:]+:[^/@\s]+@/g, '$1***@'],
];

/** Removes the API key and anything that looks like a credential from text. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secretValues) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  for (const [re, rep] of patterns) out = out.replace(re, rep);
  return out;
}
