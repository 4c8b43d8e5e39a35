// The messages of one inline-completion request. Venice has no fill-in-the-middle endpoint, so the
// hole is marked in an ordinary chat message and the model is told to answer with only what goes
// there; stop sequences end the answer where a well-behaved model would stop anyway, and
// clean.ts repairs what a less well-behaved one still sends. No `vscode` import.
import type { ChatMessage } from '../venice/types';
import type { Snippet } from './snippets';

/** Where the completion goes, in the file the model sees. */
export const HOLE = '<FILL_HERE>';
/** Most lines a multi-line completion shows. */
export const MAX_LINES = 12;

export interface PromptInput {
  /** Workspace-relative path ('' for an untitled file). */
  path: string;
  /** VS Code's language id. */
  language: string;
  prefix: string;
  suffix: string;
  /** Several lines may follow (see wantsMultiline). */
  multiline: boolean;
  snippets: readonly Snippet[];
}

export interface CompletionPrompt {
  /** The instructions (the planner's system message). */
  system: string;
  /** The one user message: snippets, the file with its hole, what to write. */
  user: ChatMessage;
  /** Up to 4 strings (Venice's limit). */
  stop: string[];
  /** The answer cap: a line needs few tokens, a block more. */
  maxTokens: number;
}

export const SYSTEM_PROMPT = [
  `You are a code completion engine. You receive a file with one hole marked ${HOLE}.`,
  `Reply with exactly the text that belongs in the hole and nothing else: no explanation, no Markdown code fences, no ${HOLE} marker,`,
  'and none of the code that comes before or after the hole. Match the indentation and style of the file.',
  'If nothing is missing, reply with an empty message.',
].join(' ');

function scope(multiline: boolean): string {
  return multiline
    ? `Complete the statement or block that starts at the hole (at most ${MAX_LINES} lines), and stop where the code after the hole takes over.`
    : 'Complete only the rest of the current line.';
}

/** A fence longer than any run of backticks in `text`, so a snippet cannot close it early. */
function fenceFor(text: string): string {
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(longest + 1);
}

export function buildPrompt(input: PromptInput): CompletionPrompt {
  const parts: string[] = [];
  if (input.snippets.length) {
    parts.push(`Code from other ${input.language} files of the project, for reference:`);
    for (const s of input.snippets) {
      const fence = fenceFor(s.text);
      parts.push(`${s.path}:\n${fence}\n${s.text}\n${fence}`);
    }
  }
  const file = `${input.prefix}${HOLE}${input.suffix}`;
  parts.push(`The file ${input.path || '(untitled)'} (${input.language}), with the hole:\n<file>\n${file}\n</file>`);
  parts.push(`${scope(input.multiline)} Reply with the text for ${HOLE} only.`);
  return {
    system: SYSTEM_PROMPT,
    user: { role: 'user', content: parts.join('\n\n') },
    // Not "\n" for one line, nor a fence: models that open with a fence would be cut to nothing.
    // Those answers are ended on the client instead (CompletionStream) and cleaned (clean.ts).
    stop: [HOLE, '</file>', '\n\n\n'],
    maxTokens: input.multiline ? 256 : 64,
  };
}
