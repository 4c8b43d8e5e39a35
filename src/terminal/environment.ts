// The environment a command runs with: the user's own, without the Venice API key. Variables named
// VENICE_API_KEY and any variable whose value holds the key (e.g. a copied Authorization header) are
// left out, so neither a command nor a script it starts can read the key. No `vscode` import.

const KEY_VARIABLE = /^venice_api_key$/i;

/** A copy of `env` without the key: `secrets` are the key values known now (stored key, env fallback). */
export function scrubbedEnvironment(env: NodeJS.ProcessEnv, secrets: readonly (string | undefined)[]): Record<string, string> {
  const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || KEY_VARIABLE.test(name)) continue;
    if (values.some((s) => value.includes(s))) continue;
    out[name] = value;
  }
  return out;
}
