// The chat view's side of the one turn loop (src/llm/turnLoop.ts): its stored conversation becomes
// the API history, and the loop fills the view's AssistantEntry. No `vscode` import.
import type { TurnHooks } from '../llm/turnLoop';
import { TurnLoop } from '../llm/turnLoop';
import type { TurnSettings } from '../llm/planner';
import type { FileChangeRecorder, ToolHost } from '../tools/types';
import type { VeniceApi } from '../venice/api';
import { toApiMessages } from './history';
import type { AssistantEntry, Entry } from './model';

export type { TurnHooks };

export interface TurnInput {
  /** The conversation before this answer (normally ending with the user's message). */
  prior: readonly Entry[];
  entry: AssistantEntry;
  settings: TurnSettings;
  signal: AbortSignal;
  hooks: TurnHooks;
  /** The answer's checkpoint recorder, handed to the tools. */
  files?: FileChangeRecorder;
}

export class TurnRunner {
  private readonly loop: TurnLoop;

  constructor(api: VeniceApi, tools: ToolHost) {
    this.loop = new TurnLoop(api, tools);
  }

  run(input: TurnInput): Promise<void> {
    return this.loop.run({ ...input, prior: toApiMessages(input.prior) });
  }
}
