// Limits on what one answer's tool calls may do, whatever the model asks: at most 32 calls run per
// model response, and at most a few calls of paid tools (those whose spec says `paid`, such as
// generate_image) per answer, even when the user auto-approves them. A call over a limit is not run;
// the model reads why in its tool result, the user in the answer's notes. No `vscode` import.

export const TOOL_CAPS = {
  /** Tool calls run from one model response; the rest are answered "not run". */
  callsPerRound: 32,
  /** Paid tool calls (each spends Venice credits) run in one answer. */
  paidPerTurn: 4,
} as const;

function calls(n: number, what = 'call'): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export interface CappedCall {
  summary: string;
  /** What the model reads as the call's result. */
  content: string;
}

export class ToolCaps {
  private paidRun = 0;
  private readonly noted = new Set<string>();
  readonly notes: string[] = [];

  constructor(
    private readonly isPaid: (name: string) => boolean,
    private readonly caps: { callsPerRound: number; paidPerTurn: number } = TOOL_CAPS,
  ) {}

  /** Why the call at `index` of a round of `total` calls must not run, or undefined when it may. */
  refuse(index: number, total: number, name: string): CappedCall | undefined {
    if (index >= this.caps.callsPerRound) {
      this.note(`The model asked for ${total} tool calls at once; only the first ${this.caps.callsPerRound} ran.`);
      return {
        summary: `Not run: more than ${this.caps.callsPerRound} tool calls at once`,
        content: `This tool call was not run: at most ${this.caps.callsPerRound} tool calls run per response, and this response had ${total}. Ask for fewer at a time, after reading the results of those that ran.`,
      };
    }
    if (this.isPaid(name) && this.paidRun >= this.caps.paidPerTurn) {
      this.note(`Stopped paid tool calls after ${calls(this.caps.paidPerTurn)} in this answer (each spends Venice credits).`);
      return {
        summary: `Not run: paid tool budget of ${this.caps.paidPerTurn} per answer used`,
        content: `This tool call was not run: ${name} spends Venice credits, and this answer already used its budget of ${calls(this.caps.paidPerTurn, 'paid tool call')}. Tell the user what you made so far; they can ask for more in a new message.`,
      };
    }
    return undefined;
  }

  /** Counts a call that was run (and not rejected by the user) against the paid budget. */
  ran(name: string, rejected: boolean): void {
    if (!rejected && this.isPaid(name)) this.paidRun++;
  }

  private note(text: string): void {
    if (this.noted.has(text)) return;
    this.noted.add(text);
    this.notes.push(text);
  }
}
