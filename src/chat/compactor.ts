// Writes the summary for "Compact conversation": one request through the one turn loop (so it is
// planned, retried, priced and cancelled like any answer), with the summarising instructions as
// its system prompt and no tools. No `vscode` import.
import { answerText, type Answer } from '../llm/answer';
import type { TurnSettings } from '../llm/planner';
import { TurnLoop } from '../llm/turnLoop';
import type { ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import { COMPACT_INSTRUCTIONS, COMPACT_REQUEST, type CompactPlan } from './compact';
import { toApiMessages } from './history';
import type { Compaction, Conversation } from './model';

/** A summary is notes, not an essay: this caps what it may cost. */
const MAX_SUMMARY_TOKENS = 2_000;

const NO_TOOLS: ToolHost = {
  definitions: () => [],
  isPaid: () => false,
  run: async () => ({ ok: false, content: 'No tools while summarising.', summary: 'not run' }),
};

/** Asks the model for the summary of the planned turns; throws an Error whose message says why it could not. */
export async function writeCompaction(api: VeniceApi, conv: Conversation, plan: CompactPlan, settings: TurnSettings, signal: AbortSignal, now: number): Promise<Compaction> {
  const through = conv.entries.findIndex((e) => e.id === plan.throughId);
  if (through < 0) throw new Error('The messages to compact are gone.');
  const prior = [...toApiMessages(conv.entries.slice(0, through + 1), conv.compaction), { role: 'user' as const, content: COMPACT_REQUEST }];
  const entry: Answer = { state: 'streaming', rounds: [], citations: [], notes: [] };
  const summarising: TurnSettings = {
    ...settings,
    systemPrompt: COMPACT_INSTRUCTIONS,
    includeVeniceSystemPrompt: false,
    character: '',
    webSearch: 'off',
    maxToolRounds: 0,
    maxCompletionTokens: Math.min(settings.maxCompletionTokens ?? MAX_SUMMARY_TOKENS, MAX_SUMMARY_TOKENS),
  };
  const noop = (): void => undefined;
  await new TurnLoop(api, NO_TOOLS).run({ prior, entry, settings: summarising, signal, hooks: { onText: noop, onReasoning: noop, onChange: noop, onRetry: noop, requestApproval: async () => false } });
  if (entry.state === 'stopped') throw new Error('Compacting was cancelled.');
  if (entry.state !== 'done') throw new Error(entry.error?.message ?? 'The summary could not be written.');
  const summary = answerText(entry).trim();
  if (!summary) throw new Error('The model returned an empty summary; nothing was compacted.');
  const out: Compaction = { throughId: plan.throughId, summary, messages: plan.messages, createdAt: now, model: entry.model ?? settings.resolvedModel };
  if (entry.usage) out.usage = entry.usage;
  return out;
}
