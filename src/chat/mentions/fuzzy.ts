// Fuzzy matching of workspace paths for the "@file:" list, in the spirit of VS Code's Quick Open:
// the query's characters must appear in order; matches in the file name, at word starts and in runs
// score higher, so "grts" finds src/greet.ts before src/generated/rest.ts. No `vscode` import.

const SEPARATORS = new Set(['/', '\\', '.', '-', '_', ' ']);

function isWordStart(path: string, i: number): boolean {
  if (i === 0) return true;
  const prev = path[i - 1];
  if (SEPARATORS.has(prev)) return true;
  // camelCase boundary
  return prev === prev.toLowerCase() && path[i] !== path[i].toLowerCase();
}

/** How well `query` matches `path` (higher is better), or undefined when it does not match at all. */
export function fuzzyScore(query: string, path: string): number | undefined {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return -path.length / 1000;
  const lower = path.toLowerCase();
  const nameStart = Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\')) + 1;
  // Greedy from the end of the file name backwards would miss some better matches; a forward greedy
  // pass that prefers word starts is a good, linear approximation for short queries.
  let score = 0;
  let from = 0;
  let last = -2;
  for (const ch of q) {
    let at = -1;
    // Prefer the next occurrence that starts a word, within reach; else the next occurrence.
    for (let i = lower.indexOf(ch, from); i !== -1; i = lower.indexOf(ch, i + 1)) {
      if (at === -1) at = i;
      if (i === last + 1 || isWordStart(path, i)) {
        at = i;
        break;
      }
    }
    if (at === -1) return undefined;
    score += 1;
    if (at === last + 1) score += 3;
    if (isWordStart(path, at)) score += 2;
    if (at >= nameStart) score += 2;
    last = at;
    from = at + 1;
  }
  // A contiguous match beats a scattered one of the same characters; in the file name, more so.
  const whole = lower.lastIndexOf(q);
  if (whole !== -1) score += q.length * 2 + (whole >= nameStart ? 4 : 0);
  if (lower.slice(nameStart).startsWith(q)) score += 5;
  // Shorter paths first among equals.
  return score - path.length / 1000;
}

/** The best `max` matches, best first (ties: shorter, then alphabetical). */
export function rankPaths(query: string, paths: readonly string[], max: number): string[] {
  const scored: Array<{ path: string; score: number }> = [];
  for (const path of paths) {
    const score = fuzzyScore(query, path);
    if (score !== undefined) scored.push({ path, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return scored.slice(0, max).map((s) => s.path);
}
