// The terminal feature's chat part, built once when the chat starts (in the chat's lazy chunk): the
// "Venice" terminal runner, run_command and get_terminal_output, and the last command's output for
// "@terminal". The history they read started at activation (register.ts).
import type { ToolImpl } from '../tools/dispatcher';
import { oneLine } from '../util/text';
import type { Subscriptions, TerminalRuntime } from './register';
import { TerminalRunner } from './terminalRunner';
import { describeLastCommand, getTerminalOutputTool, runCommandTool } from './tools';

export interface TerminalFeature {
  tools: ToolImpl[];
  /** The newest terminal command and its output (the key's value masked), for "@terminal". */
  lastOutput(): Promise<{ label: string; output: string } | undefined>;
}

/** The runner and the tools, built once when the chat starts. */
export function terminalFeature(subscriptions: Subscriptions, { history, secrets }: TerminalRuntime): TerminalFeature {
  const runner = new TerminalRunner(history);
  subscriptions.push(runner);
  return {
    tools: [runCommandTool({ runner, history, secrets }), getTerminalOutputTool({ history, secrets })],
    lastOutput: async () => {
      const last = history.lastCommand();
      if (!last) return undefined;
      return { label: oneLine(last.record.commandLine, { stripInvisible: true, maxLength: 60 }), output: describeLastCommand(last, await secrets()).content };
    },
  };
}
