// The terminal feature's part of the composition: the "Venice" terminal runner and the terminal
// history live as long as the window; the two chat tools are handed to the tool host.
import type * as vscode from 'vscode';
import type { ToolImpl } from '../tools/dispatcher';
import { TerminalHistory } from './terminalHistory';
import { TerminalRunner } from './terminalRunner';
import { getTerminalOutputTool, runCommandTool } from './tools';

export function terminalTools(subscriptions: { push(...items: vscode.Disposable[]): unknown }, keys: { get(): Promise<string | undefined> }): ToolImpl[] {
  const runner = new TerminalRunner();
  const history = new TerminalHistory();
  subscriptions.push(runner, history);
  const secrets = async (): Promise<string[]> => {
    const key = await keys.get().catch(() => undefined);
    return [key, process.env.VENICE_API_KEY].filter((s): s is string => !!s);
  };
  return [runCommandTool({ runner, history, secrets }), getTerminalOutputTool({ history, secrets })];
}
