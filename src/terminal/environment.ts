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

/**
 * The `env` of the "Venice" terminal: the scrubbed environment, plus `null` (VS Code: remove the
 * variable) for every variable of `full` it left out. `strictEnv` alone is not enough: a remote or
 * web host (code-server) starts the shell from the server's own environment and merges `env` over it,
 * so a variable holding the key would come back unless it is removed by name.
 */
export function terminalEnvironment(full: NodeJS.ProcessEnv, scrubbed: Record<string, string>): Record<string, string | null> {
  const out: Record<string, string | null> = { ...scrubbed };
  for (const name of Object.keys(full)) if (!(name in scrubbed)) out[name] = null;
  return out;
}
