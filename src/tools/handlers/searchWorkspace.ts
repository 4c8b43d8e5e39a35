// search_workspace: lines matching a text or regex in saved workspace files. Matching runs in a
// worker with a time limit (see searchRunner.ts). Files that may hold secrets are skipped: their
// lines would otherwise reach the API without the question read_file asks.
import { defineTool, ToolError } from '../dispatcher';
import { toolSpec } from '../schemas';
import { runSearch, SearchAbortedError, SearchTimeoutError, toPattern, type SearchFile } from '../searchRunner';
import { sensitiveReadReason } from '../sensitive';
import { plural } from '../text';
import { done } from './outcome';
import { checkGlob, listWorkspaceFiles } from './workspaceFiles';

export const SEARCH_LIMITS = { maxMatches: 200, maxFiles: 5000, maxFileBytes: 2 * 1024 * 1024, maxLineChars: 2000, timeoutMs: 15_000 } as const;
/**
 * The answer comes within about 2 s on a large workspace: files are opened until this long after the
 * call started (listing included), but for at least SEARCH_MIN_MS once the search worker runs; then
 * the answer says how many files were searched.
 */
export const SEARCH_BUDGET_MS = 1_600;
const SEARCH_MIN_MS = 400;

interface SearchArgs {
  query: string;
  isRegex?: boolean;
  glob?: string;
}

export const searchWorkspaceTool = defineTool<SearchArgs>(toolSpec('search_workspace'), async (args, rt) => {
  const started = Date.now();
  const pattern = toPattern(args.query, args.isRegex === true);
  if (!pattern.ok) throw new ToolError(`${pattern.error}.`);
  const glob = checkGlob(args.glob);
  const listing = await listWorkspaceFiles(glob, SEARCH_LIMITS.maxFiles, rt.signal);
  const skippedSecret: string[] = [];
  const files: SearchFile[] = [];
  for (const f of listing.files) {
    if (sensitiveReadReason(f.label)) skippedSecret.push(f.label);
    else files.push({ path: f.uri.fsPath, display: f.label });
  }
  let result;
  try {
    result = await runSearch(files, { ...pattern, ...SEARCH_LIMITS, deadline: started + SEARCH_BUDGET_MS, minSearchMs: SEARCH_MIN_MS }, rt.signal);
  } catch (e) {
    if (e instanceof SearchTimeoutError) throw new ToolError(`${e.message}.`, 'Search timed out');
    if (e instanceof SearchAbortedError) throw new ToolError('The search was stopped by the user.', 'Search stopped');
    throw e;
  }
  const lines = result.matches.map((m) => `${m.file}:${m.line}: ${m.text}`);
  const fileCount = new Set(result.matches.map((m) => m.file)).size;
  const notes: string[] = [];
  if (result.truncated) notes.push(`[Truncated: only the first ${SEARCH_LIMITS.maxMatches} matches are shown; narrow the query or the glob.]`);
  if (result.timeLimited) {
    const reached = result.filesSearched + result.filesSkipped;
    notes.push(`[Time limit: searched ${reached} of ${files.length}${listing.hitLimit ? '+' : ''} files (in path order, up to ${reached ? files[reached - 1].display : 'the first'}); use a glob to search the rest.]`);
  } else if (listing.hitLimit) notes.push(`[Only the first ${SEARCH_LIMITS.maxFiles} files were searched; use a glob to narrow it.]`);
  if (skippedSecret.length) {
    notes.push(`[Skipped ${plural(skippedSecret.length, 'file')} that may hold secrets (${skippedSecret.slice(0, 5).join(', ')}${skippedSecret.length > 5 ? ', …' : ''}); read_file asks the user for those.]`);
  }
  if (result.filesSkipped) notes.push(`[Skipped ${plural(result.filesSkipped, 'binary, large or unreadable file')}.]`);
  const body = lines.length ? lines.join('\n') : `No matches for ${JSON.stringify(args.query)} in ${plural(result.filesSearched, 'file')}.`;
  const summary = `Searched ${JSON.stringify(args.query.length > 40 ? `${args.query.slice(0, 39)}…` : args.query)}: ${plural(result.matches.length, 'match', 'matches')}${result.truncated ? '+' : ''} in ${plural(fileCount, 'file')}`;
  return done([body, ...notes].join('\n'), summary);
});
