// "Compact conversation": which turns a compaction summarises and what the model then reads in
// their place. The newest KEEP_EXCHANGES questions (with their answers) stay word for word; all
// before them (a previous summary included) become one message. The entries are never deleted, so
// "Undo compact" is dropping the Compaction record. No `vscode` import.
import type { ChatMessage } from '../venice/types';
import type { Compaction, Entry } from './model';

/** Questions (with their answers) that stay word for word after a compaction. */
export const KEEP_EXCHANGES = 2;

/** Shown as the meter's offer when the context is at least this full. */
export const COMPACT_SUGGEST_RATIO = 0.8;

/** The system prompt of the summarising request. */
export const COMPACT_INSTRUCTIONS =
  'You compact a conversation between a user and an AI coding assistant so it can continue in less context. ' +
  'Write a faithful summary of everything above: the user\'s goals and constraints, decisions made, facts learned, ' +
  'file names, code identifiers, commands, errors and their fixes, and open questions. Keep exact names and numbers. ' +
  'Write it as notes the assistant can rely on; do not address the user and do not add anything new.';

/** The question that asks for the summary, after the turns to summarise. */
export const COMPACT_REQUEST = 'Summarise the conversation so far as described. Answer with the summary only.';

export interface CompactPlan {
  /** The last entry the summary stands for. */
  throughId: string;
  /** How many entries that is (from the start of the chat). */
  messages: number;
}

/**
 * The entries a compaction would summarise now, or undefined when there is nothing (new) to
 * summarise: fewer than KEEP_EXCHANGES + 1 questions, or everything before them is already compacted.
 */
export function compactPlan(entries: readonly Entry[], current?: Compaction): CompactPlan | undefined {
  let seen = 0;
  let keepFrom = -1;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].role !== 'user') continue;
    if (++seen === KEEP_EXCHANGES) {
      keepFrom = i;
      break;
    }
  }
  // Whole exchanges only: what is summarised ends with an answer.
  const through = keepFrom - 1;
  if (through < 1 || entries[through].role !== 'assistant') return undefined;
  const done = current ? entries.findIndex((e) => e.id === current.throughId) : -1;
  if (done >= through) return undefined;
  return { throughId: entries[through].id, messages: through + 1 };
}

/** Where the compacted part ends in `entries` (-1: not compacted, or the summarised entries are gone). */
export function compactedThrough(entries: readonly Entry[], compaction: Compaction | undefined): number {
  return compaction ? entries.findIndex((e) => e.id === compaction.throughId) : -1;
}

/** What the model reads in place of the compacted turns. */
export function summaryMessage(summary: string): ChatMessage {
  return { role: 'user', content: `Summary of our earlier conversation (older messages were compacted to save context):\n\n${summary}` };
}
