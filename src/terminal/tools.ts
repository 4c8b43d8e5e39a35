// The chat tools of this folder: run_command (asks with the exact command line and folder, unless
// the user's allow-list says otherwise; runs in the "Venice" terminal or a child process; streams
// its output to the card; reports the exit code) and get_terminal_output (read-only).
import * as vscode from 'vscode';
import { config } from '../config';
import { defineTool, ToolError, type ToolImpl } from '../tools/dispatcher';
import { done } from '../tools/handlers/outcome';
import { toolSpec } from '../tools/schemas';
import { resolveToolPath } from '../tools/workspaceAccess';
import { oneLine } from '../util/text';
import { scrubbedEnvironment } from './environment';
import { cutNote, OutputTail } from './outputTail';
import { cleanPrefixes, decide, unshowableReason } from './policy';
import { runInProcess } from './processRunner';
import { commandReport, maskSecrets } from './report';
import type { CommandRun } from './run';
import type { TerminalHistory } from './terminalHistory';
import type { TerminalRunner } from './terminalRunner';

/** What reaches the model of one command: the tail of its output. */
export const CAPTURE_CHARS = 20_000;
/** The card shows the tail of the live output, refreshed at most this often. */
const LIVE_EVERY_MS = 150;
const LIVE_CHARS = 8_000;

export interface TerminalToolDeps {
  runner: TerminalRunner;
  history: TerminalHistory;
  /** The Venice key values known now (stored key): never in a command's environment or output. */
  secrets(): Promise<string[]>;
}

interface RunCommandArgs {
  command: string;
  cwd?: string;
  timeoutSeconds?: number;
}

/** Calls `show` at most every LIVE_EVERY_MS while output arrives, and once more at the end. */
function liveOutput(show: () => void): { poke(): void; flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  return {
    poke() {
      if (timer) return;
      const wait = Math.max(0, last + LIVE_EVERY_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = Date.now();
        show();
      }, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      show();
    },
  };
}

export function runCommandTool(deps: TerminalToolDeps): ToolImpl {
  return defineTool<RunCommandArgs>(toolSpec('run_command'), async (args, rt) => {
    const command = args.command;
    const hidden = unshowableReason(command);
    if (hidden) throw new ToolError(`Refused command: ${hidden}. Nothing was run.`, 'Refused command');
    const folder = await resolveToolPath(args.cwd ?? '.', { allowRoot: true });
    if (!folder.exists || !folder.isDirectory) throw new ToolError(`cwd ${folder.label} is not a folder of the workspace. Nothing was run.`);
    const folderLabel = folder.relative === '' ? folder.root.name : folder.label;
    const timeoutSeconds = args.timeoutSeconds ?? config.tools.commandTimeoutSeconds();
    const shown = oneLine(command, { maxLength: 60 });

    const decision = decide(command, cleanPrefixes(config.tools.allowedCommands()));
    if (decision.ask) {
      const ok = await rt.approve({
        title: `Run a command in ${folderLabel}`,
        detail: `${command}\n\nFolder: ${folder.real}\nTime limit: ${timeoutSeconds} s (then it is killed with everything it started)`,
        warning: decision.warning,
      });
      if (!ok) {
        return {
          ok: false,
          rejected: true,
          content: `The user rejected running this command (${shown}). Nothing was run. Do not retry it unless the user asks.`,
          summary: `Rejected: ${shown}`,
        };
      }
    }

    const secrets = await deps.secrets();
    const output = new OutputTail(CAPTURE_CHARS);
    const live = liveOutput(() => rt.showOutput(maskSecrets(`${cutNote(output.cutChars)}${output.tail(LIVE_CHARS)}`, secrets)));
    const run: CommandRun = {
      command,
      cwd: folder.real,
      env: scrubbedEnvironment(process.env, [...secrets, process.env.VENICE_API_KEY]),
      timeoutMs: timeoutSeconds * 1000,
      signal: rt.signal,
      output,
      onOutput: () => live.poke(),
    };
    rt.showOutput('');
    const viaTerminal = deps.runner.canTry(command) ? await deps.runner.run(run) : undefined;
    const result = viaTerminal ?? (await runInProcess(run));
    live.flush();
    if (result.runner === 'process') deps.history.recordProcessRun(command, output, result.exitCode);
    const report = commandReport({ command, folder: folderLabel, result, timeoutMs: run.timeoutMs, output, secrets });
    const note = decision.ask ? '' : ` (allowed without asking by venice.tools.allowedCommands: "${decision.prefix}")`;
    return { ok: report.ok, content: report.content + (note ? `\n${note.trim()}` : ''), summary: report.summary };
  });
}

/** The last command as text for the model (the tool) or the chat's "@terminal" chip; the key's value masked. */
export function describeLastCommand(last: NonNullable<ReturnType<TerminalHistory['lastCommand']>>, secrets: readonly string[]): { content: string; state: string } {
  const { record } = last;
  const state = record.running ? 'still running' : record.exitCode === undefined ? 'exit code not reported' : `exit code ${record.exitCode}`;
  const text = maskSecrets(record.output.tail(), secrets);
  const content = [
    `Terminal: ${record.where}${last.activeTerminal && last.activeTerminal !== record.where ? ` (the newest command; the active terminal is "${last.activeTerminal}")` : ''}`,
    `Command: ${record.commandLine}`,
    `Result: ${state}`,
    `Output:\n${cutNote(record.output.cutChars)}${text || '(none)'}`,
  ].join('\n');
  return { content, state };
}

export function getTerminalOutputTool(deps: Pick<TerminalToolDeps, 'history' | 'secrets'>): ToolImpl {
  return defineTool<Record<string, never>>(toolSpec('get_terminal_output'), async () => {
    const last = deps.history.lastCommand();
    if (!last) {
      const active = vscode.window.activeTerminal;
      throw new ToolError(
        active
          ? `No command output is known for the terminal "${active.name}": VS Code reports a terminal's commands only when its shell has shell integration, and only for commands run since Venice started.`
          : 'There is no active terminal and run_command has not run anything yet.',
        'No terminal output known',
      );
    }
    const { record } = last;
    const { content, state } = describeLastCommand(last, await deps.secrets());
    return done(content, `Last command in ${record.where}: ${oneLine(record.commandLine, { maxLength: 40 })} (${state})`);
  });
}
