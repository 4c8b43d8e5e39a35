// The terminal feature's part of the composition: the "Venice" terminal runner and the terminal
// history live as long as the window; the two chat tools are handed to the tool host, and the last
// command's output to the chat's "@terminal" mention.
import type * as vscode from 'vscode';
import type { ToolImpl } from '../tools/dispatcher';
import { oneLine } from '../util/text';
import { TerminalHistory } from './terminalHistory';
import { TerminalRunner } from './terminalRunner';
import { describeLastCommand, getTerminalOutputTool, runCommandTool } from './tools';

export interface TerminalFeature {
  tools: ToolImpl[];
  /** The active terminal's last command and output (the key's value masked), for "@terminal". */
  lastOutput(): Promise<{ label: string; output: string } | undefined>;
}

export function registerTerminal(subscriptions: { push(...items: vscode.Disposable[]): unknown }, keys: { get(): Promise<string | undefined> }): TerminalFeature {
  const runner = new TerminalRunner();
  const history = new TerminalHistory();
  subscriptions.push(runner, history);
  const secrets = async (): Promise<string[]> => {
    const key = await keys.get().catch(() => undefined);
    return [key, process.env.VENICE_API_KEY].filter((s): s is string => !!s);
  };
  return {
    tools: [runCommandTool({ runner, history, secrets }), getTerminalOutputTool({ history, secrets })],
    lastOutput: async () => {
      const last = history.lastCommand();
      if (!last) return undefined;
      return { label: oneLine(last.record.commandLine, { stripInvisible: true, maxLength: 60 }), output: describeLastCommand(last, await secrets()).content };
    },
  };
}
