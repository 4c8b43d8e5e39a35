// The chat view's side of the one turn loop (src/llm/turnLoop.ts): its stored conversation becomes
// the API history, and the loop fills the view's AssistantEntry. No `vscode` import.
import type { TurnHooks } from '../llm/turnLoop';
import { TurnLoop } from '../llm/turnLoop';
import { planRequest, type TurnSettings } from '../llm/planner';
import { estimateChatMessageTokens, estimateTextTokens } from '../llm/tokens';
import type { FileChangeRecorder, ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import { fitAttachments } from './contextBudget';
import { toApiMessages } from './history';
import type { AssistantEntry, Compaction, Entry } from './model';

/** Room for the lines that introduce each piece of context ("Context from `a.ts`:" and its fence). */
const PER_PIECE_OVERHEAD_TOKENS = 24;

export type { TurnHooks };

export interface TurnInput {
  /** The conversation before this answer (normally ending with the user's message). */
  prior: readonly Entry[];
  /** Older turns the model reads as one summary ("Compact conversation"). */
  compaction?: Compaction;
  entry: AssistantEntry;
  settings: TurnSettings;
  signal: AbortSignal;
  hooks: TurnHooks;
  /** The answer's checkpoint recorder, handed to the tools. */
  files?: FileChangeRecorder;
}

export class TurnRunner {
  private readonly loop: TurnLoop;

  constructor(
    api: VeniceApi,
    private readonly tools: ToolHost,
  ) {
    this.loop = new TurnLoop(api, tools);
  }

  run(input: TurnInput): Promise<void> {
    return this.loop.run({ ...input, prior: toApiMessages(this.fitNewestContext(input), input.compaction) });
  }

  /**
   * The newest message's attached context, cut to what the model's window leaves for it (the older
   * history is dropped first by the planner's trimming, so it does not count here).
   */
  private fitNewestContext(input: TurnInput): readonly Entry[] {
    const i = input.prior.findLastIndex((e) => e.role === 'user');
    const user = input.prior[i];
    if (!user || user.role !== 'user' || user.attachments.length === 0) return input.prior;
    const plan = planRequest(input.settings, this.tools.definitions(input.settings.modelInfo));
    if (plan.contextTokens === undefined) return input.prior;
    const fixed = plan.reserveTokens + plan.fixedTokens + (plan.system ? estimateChatMessageTokens(plan.system) : 0);
    const budget = plan.contextTokens - fixed - estimateTextTokens(user.text) - PER_PIECE_OVERHEAD_TOKENS * user.attachments.length;
    const fitted = fitAttachments(user.attachments, budget);
    if (fitted.notes.length === 0) return input.prior;
    input.entry.notes.push(...fitted.notes);
    const copy = [...input.prior];
    copy[i] = { ...user, attachments: fitted.attachments };
    return copy;
  }
}
