// What the model and the card are told about one command run: folder, how it ended (exit code,
// timeout, Stop), and the tail of its output with a note of how much was cut. The key's value is
// masked wherever it shows up in output. No `vscode` import.
import { plural } from '../tools/text';
import { cutNote, type OutputTail } from './outputTail';
import type { CommandResult } from './run';

/** Replaces every known secret value in `text` with ***. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join('***');
  return out;
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** One line on how it ended, e.g. "exit code 0" or "killed after the 30 s timeout". */
export function endLine(result: CommandResult, timeoutMs: number): string {
  switch (result.end) {
    case 'timedOut':
      return `killed after the ${seconds(timeoutMs)} timeout (with everything it started); no exit code`;
    case 'stopped':
      return 'stopped by the user (killed with everything it started); no exit code';
    case 'exited':
      if (result.exitCode !== undefined) return `exit code ${result.exitCode}`;
      if (result.exitSignal) return `ended by signal ${result.exitSignal}; no exit code`;
      return 'ended; the terminal did not report an exit code';
  }
}

export interface CommandReport {
  ok: boolean;
  content: string;
  summary: string;
}

export function commandReport(input: { command: string; folder: string; result: CommandResult; timeoutMs: number; output: OutputTail; secrets: readonly string[] }): CommandReport {
  const { command, folder, result, timeoutMs, output } = input;
  const ended = endLine(result, timeoutMs);
  const text = maskSecrets(output.tail(), input.secrets);
  const where = result.runner === 'terminal' ? 'the "Venice" terminal' : 'a child process';
  const lines = text ? text.replace(/\n$/, '').split('\n').length : 0;
  const content = [
    `Ran: ${command}`,
    `Folder: ${folder} (in ${where}, ${seconds(result.durationMs)})`,
    `Result: ${ended}`,
    ...(result.incomplete ? [`Note: the output may be incomplete (${result.incomplete}).`] : []),
    output.totalChars === 0
      ? 'Output: (none)'
      : `Output (stdout and stderr${output.cutChars > 0 ? `, last ${output.maxChars.toLocaleString('en-US')} of ${output.totalChars.toLocaleString('en-US')} characters` : ''}):\n${cutNote(output.cutChars)}${text}`,
  ].join('\n');
  const summary = `${ended.split(';')[0].replace(/^./, (c) => c.toUpperCase())} · ${plural(lines, 'line')} of output${output.cutChars > 0 ? ' (tail kept)' : ''}${result.incomplete ? ' (may be incomplete)' : ''}`;
  return { ok: result.end === 'exited' && result.exitCode === 0, content, summary };
}
