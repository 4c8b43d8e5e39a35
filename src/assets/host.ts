// What the asset studio (a lazy chunk, see assets/lazy.ts) gets from the extension's main bundle.
// The chunk has its own copy of every module it imports, so anything with state (the log channel,
// the key redactor, error classes checked with instanceof) is handed over here instead of imported.
import type * as vscode from 'vscode';
import type { ModelCatalog } from '../llm/modelCatalog';
import type { Logger } from '../log';
import type { SpeechService } from '../speech/service';
import type { VeniceApi } from '../venice/api';
import type { PollPace } from './queuedJob';

export interface StudioHost {
  client: VeniceApi;
  models: Pick<ModelCatalog, 'get' | 'find'>;
  /** Where queued jobs are remembered across reloads (the workspace's state). */
  state: vscode.Memento;
  speech: Pick<SpeechService, 'playAudio'>;
  log: Logger;
  /** The main bundle's error presenter (it knows the Venice error class and its actions). */
  showError(prefix: string, err: unknown): Promise<string | undefined>;
  /** Poll pacing; tests may shorten it. */
  pace?: PollPace;
}
