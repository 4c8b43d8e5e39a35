// The folder rules of ARCHITECTURE.md as data: each rule names the edges of the import graph it forbids.
// Layers, top to bottom: features and adapters → llm/ + tools/ → venice/ → shared/ + util/.
import type { ImportEdge } from './importGraph';

export interface FolderRule {
  /** Short id used in violation keys and in the known-violations list. */
  id: string;
  /** The rule in words, printed with each violation. */
  says: string;
  forbids(edge: ImportEdge): boolean;
}

/** Feature folders: each owns its commands, its chat tools and its service. */
export const FEATURE_FOLDERS = ['images', 'speech', 'characters', 'account', 'semantic', 'models', 'checkpoints', 'terminal', 'mcp', 'assets', 'video', 'music', 'transcribe', 'gallery'];
/** Adapters over the conversation core, and the host side of webviews. */
export const ADAPTER_FOLDERS = ['chat', 'lm', 'participant', 'webview'];

/** True when `file` (repository-relative) lies in one of the folders under src/ ('venice' → src/venice/…). */
export function inSrc(file: string, ...folders: string[]): boolean {
  return folders.some((f) => file.startsWith(`src/${f}/`));
}

const isRepoFile = (to: string): boolean => to.startsWith('src/') || to.startsWith('webview-ui/');

export const FOLDER_RULES: FolderRule[] = [
  {
    id: 'venice-imports-below',
    says: 'src/venice/ (the HTTP client) imports only src/venice, src/util and src/shared',
    forbids: (e) => inSrc(e.from, 'venice') && isRepoFile(e.to) && !inSrc(e.to, 'venice', 'util', 'shared'),
  },
  {
    id: 'bottom-imports-bottom',
    says: 'src/util/ and src/shared/ import only src/util and src/shared',
    forbids: (e) => inSrc(e.from, 'util', 'shared') && isRepoFile(e.to) && !inSrc(e.to, 'util', 'shared'),
  },
  {
    id: 'no-vscode',
    says: 'src/llm/, src/venice/, src/util/ and src/shared/ never import vscode (they run and are tested in plain Node)',
    forbids: (e) => inSrc(e.from, 'llm', 'venice', 'util', 'shared') && e.to === 'vscode',
  },
  {
    id: 'llm-no-features',
    says: 'src/llm/ (the conversation core) imports no feature or adapter folder',
    forbids: (e) => inSrc(e.from, 'llm') && inSrc(e.to, ...FEATURE_FOLDERS, ...ADAPTER_FOLDERS),
  },
  {
    id: 'tools-no-features',
    says: 'src/tools/ imports no feature or adapter folder (a feature registers its own chat tools)',
    forbids: (e) => inSrc(e.from, 'tools') && inSrc(e.to, ...FEATURE_FOLDERS, ...ADAPTER_FOLDERS),
  },
  {
    id: 'chat-not-view-or-adapters',
    says: 'src/chat/ does not import src/webview/chatViewProvider, src/lm or src/participant',
    forbids: (e) => inSrc(e.from, 'chat') && (e.to.startsWith('src/webview/chatViewProvider') || inSrc(e.to, 'lm', 'participant')),
  },
  {
    id: 'adapters-apart',
    says: 'src/lm/ and src/participant/ import neither each other nor src/chat',
    forbids: (e) => (inSrc(e.from, 'lm') && inSrc(e.to, 'participant', 'chat')) || (inSrc(e.from, 'participant') && inSrc(e.to, 'lm', 'chat')),
  },
  {
    id: 'webview-ui-only-shared',
    says: 'webview-ui/ (code inside the webviews) imports nothing from src/ but src/shared/',
    forbids: (e) => e.from.startsWith('webview-ui/') && e.to.startsWith('src/') && !inSrc(e.to, 'shared'),
  },
];

/** The key a violation is listed and reported by: "<rule id>: <from> -> <to>". */
export function violationKey(ruleId: string, edge: Pick<ImportEdge, 'from' | 'to'>): string {
  return `${ruleId}: ${edge.from} -> ${edge.to}`;
}
