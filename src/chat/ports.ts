// What the chat's host side needs from the editor around it, as small interfaces: settings,
// notifications, the log and the view. register.ts fills them from VS Code; unit tests from fakes.
import type { Checkpoint } from '../checkpoints/record';
import type { ToWebview } from '../shared/protocol';
import type { FileChangeRecorder } from '../tools/types';
import type { ChatSettings } from '../llm/planner';

export interface ChatLogger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string, err?: unknown): void;
}

export interface ChatEnvironment {
  settings(): ChatSettings;
  /** Writes `venice.chat.model` at user level ('' clears it). */
  saveModelSetting(modelId: string): Promise<void>;
  /** A notification the user should see (corrupt store, storage failure). */
  warn(message: string): void;
  log: ChatLogger;
}

export interface ViewPort {
  /** May return a promise settled once the view's side took the message (delta batching paces itself by it). */
  post(message: ToWebview): void | PromiseLike<unknown>;
}

/** Keeps an answer's checkpoint while its tools run; finish() when the answer has ended. */
export interface AnswerFileRecorder extends FileChangeRecorder {
  finish(): Promise<void>;
}

/** The checkpoints of the chat's answers (src/checkpoints), passed in by the composition root. */
export interface CheckpointPort {
  recorder(holder: { checkpoint?: Checkpoint }, changed: () => void): AnswerFileRecorder;
  /** True when the files were restored (the checkpoint now says so). */
  restore(cp: Checkpoint): Promise<boolean>;
  /** True when the restore was undone. */
  undoRestore(cp: Checkpoint): Promise<boolean>;
  openDiff(cp: Checkpoint, index: number): Promise<void>;
  /** Storage care over every stored checkpoint: marks the oldest expired above the cap (returned), deletes unneeded content. */
  collect(all: ReadonlyArray<{ checkpoint: Checkpoint; at: number }>): Promise<Checkpoint[]>;
  /** True when stored checkpoint content is over its cap. */
  needsCare(): Promise<boolean>;
}
