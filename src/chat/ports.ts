// What the chat's host side needs from the editor around it, as small interfaces: settings,
// notifications, the log and the view. register.ts fills them from VS Code; unit tests from fakes.
import type { ToWebview } from '../shared/protocol';
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
