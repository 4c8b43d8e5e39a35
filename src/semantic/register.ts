// Commands of semantic code search:
//   venice.indexWorkspace  { confirm?: boolean }        -> IndexReport (undefined when the user declined)
//   venice.semanticSearch  { query: string, limit?: n } -> SemanticHit[] (no UI with an argument)
// Without an argument, the search asks for a query and shows the best matches in a quick pick that
// opens the location.
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Services } from '../services';
import { showError } from '../ui/showError';
import { MAX_SEARCH_LIMIT, type IndexReport, type SemanticHit } from './format';
import { hasIndexIn, indexDir } from './indexLocation';
import type { SemanticIndex } from './service';
import { notifyInfo, notifyWarning } from '../ui/notify';

/** An existing index is picked up this long after start-up (never during activation). */
const RESUME_DELAY_MS = 8_000;
const MAX_QUERY_CHARS = 2_000;

interface SearchArgs {
  query: string;
  limit: number;
}

function parseIndexArgs(raw: unknown): { confirm: boolean } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The argument of venice.indexWorkspace must be an object such as { "confirm": true }.');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'confirm');
  if (unknown.length) throw new Error(`Unknown option for venice.indexWorkspace: ${unknown.join(', ')}. Known: confirm.`);
  if (o.confirm !== undefined && typeof o.confirm !== 'boolean') throw new Error('"confirm" must be true or false.');
  return { confirm: o.confirm === true };
}

export function parseSearchArgs(raw: unknown): SearchArgs | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('The argument of venice.semanticSearch must be an object such as { "query": "where are invoices totalled" }.');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'query' && k !== 'limit');
  if (unknown.length) throw new Error(`Unknown option for venice.semanticSearch: ${unknown.join(', ')}. Known: query, limit.`);
  if (typeof o.query !== 'string' || !o.query.trim()) throw new Error('"query" must be a non-empty string.');
  if (o.query.length > MAX_QUERY_CHARS) throw new Error(`"query" is longer than ${MAX_QUERY_CHARS} characters.`);
  if (o.limit !== undefined && (!Number.isInteger(o.limit) || (o.limit as number) < 1 || (o.limit as number) > MAX_SEARCH_LIMIT)) {
    throw new Error(`"limit" must be a whole number from 1 to ${MAX_SEARCH_LIMIT}.`);
  }
  return { query: o.query.trim(), limit: (o.limit as number | undefined) ?? 10 };
}

async function indexCommand(service: SemanticIndex, raw: unknown): Promise<IndexReport | undefined> {
  const args = parseIndexArgs(raw);
  try {
    return await service.indexWorkspace({ confirm: args?.confirm === true, interactive: true });
  } catch (err) {
    if (args) throw err; // scripted callers get the error itself
    void showError('Venice semantic index', err);
    return undefined;
  }
}

async function searchCommand(service: SemanticIndex, raw: unknown): Promise<SemanticHit[] | undefined> {
  const args = parseSearchArgs(raw);
  if (args) {
    const out = await service.search(args.query, args.limit, new AbortController().signal);
    if (out.kind === 'noIndex') throw new Error(out.message);
    return out.hits;
  }
  const query = await vscode.window.showInputBox({
    title: 'Venice: Semantic Search',
    prompt: 'Describe what you are looking for; matches are found by meaning, not exact words.',
    placeHolder: 'e.g. where is the invoice total computed',
    validateInput: (v) => (v.length > MAX_QUERY_CHARS ? `At most ${MAX_QUERY_CHARS} characters.` : undefined),
  });
  if (!query?.trim()) return undefined;
  let hits: SemanticHit[];
  try {
    const out = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Venice: searching…' }, () => service.search(query.trim(), 20, new AbortController().signal));
    if (out.kind === 'noIndex') {
      const pick = await notifyInfo(`Venice: ${out.message}`, 'Index Workspace');
      if (pick) await indexCommand(service, undefined);
      return undefined;
    }
    hits = out.hits;
  } catch (err) {
    void showError('Venice semantic search', err);
    return undefined;
  }
  await showHits(service, query.trim(), hits);
  return hits;
}

interface HitItem extends vscode.QuickPickItem {
  hit: SemanticHit;
}

/** Quick-pick labels render `$(icon)` syntax: a file name must not be able to inject icons. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

async function showHits(service: SemanticIndex, query: string, hits: SemanticHit[]): Promise<void> {
  if (hits.length === 0) {
    void notifyInfo(`Venice: nothing in the semantic index matches "${plain(query.slice(0, 80))}".`);
    return;
  }
  const items: HitItem[] = hits.map((h) => ({
    label: `$(file) ${plain(h.path)}:${h.startLine}-${h.endLine}`,
    description: `score ${h.score.toFixed(2)}`,
    detail: plain(
      h.snippet
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ⏎ ')
        .slice(0, 200),
    ),
    hit: h,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Venice: Semantic Search — ${plain(query.slice(0, 60))}`, matchOnDescription: true, matchOnDetail: true, placeHolder: 'Best matches first; pick one to open it' });
  if (!picked) return;
  const uri = await service.uriOf(picked.hit.path);
  if (!uri) {
    void notifyWarning(`Venice: ${plain(picked.hit.path)} is no longer in the workspace.`);
    return;
  }
  const range = new vscode.Range(picked.hit.startLine - 1, 0, picked.hit.endLine - 1, 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(range.start, range.start), preview: true });
  const editor = vscode.window.activeTextEditor;
  editor?.revealRange(range, vscode.TextEditorRevealType.AtTop);
}

export function registerSemanticSearch(context: vscode.ExtensionContext, services: Services): void {
  const service = services.semantic;
  // Asked here first, so a window without an index never loads the service's chunk (dist/services.js).
  const resumeIfIndexed = async (): Promise<void> => {
    if (await hasIndexIn(indexDir(context.storageUri))) await service.resumeIfIndexed();
  };
  const resume = setTimeout(() => void resumeIfIndexed().catch(() => undefined), RESUME_DELAY_MS);
  context.subscriptions.push(
    { dispose: () => clearTimeout(resume) },
    vscode.commands.registerCommand(COMMANDS.indexWorkspace, (args?: unknown) => indexCommand(service, args)),
    vscode.commands.registerCommand(COMMANDS.semanticSearch, (args?: unknown) => searchCommand(service, args)),
  );
}
