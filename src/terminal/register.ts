// The terminal feature's part of the composition. At activation only the terminal history starts
// (it must see the commands run from now on); the "Venice" terminal runner, the two chat tools and
// the last command's output for the chat's "@terminal" mention are built with the chat, in its lazy
// chunk (src/chatFeature.ts), from what registerTerminal returns (feature.ts).
import type * as vscode from 'vscode';
import { TerminalHistory } from './terminalHistory';

/** What lives as long as the window from activation on. */
export interface TerminalRuntime {
  history: TerminalHistory;
  /** The values to mask in any output shown or sent: the key (stored or from the environment). */
  secrets(): Promise<string[]>;
}

export type Subscriptions = { push(...items: vscode.Disposable[]): unknown };

export function registerTerminal(subscriptions: Subscriptions, keys: { get(): Promise<string | undefined> }): TerminalRuntime {
  const history = new TerminalHistory();
  subscriptions.push(history);
  const secrets = async (): Promise<string[]> => {
    const key = await keys.get().catch(() => undefined);
    return [key, process.env.VENICE_API_KEY].filter((s): s is string => !!s);
  };
  return { history, secrets };
}

