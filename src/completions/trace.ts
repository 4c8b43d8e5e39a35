// Timestamps of one inline completion's steps, for the benchmark (bench/vscode/completions.ts):
// published on a Node diagnostics channel, and only taken while something subscribes to it, so a
// normal session pays one `hasSubscribers` check per completion. Times are wall-clock ms
// (fractional), comparable with the timing proxy's and the workbench page's Date.now().
import { channel } from 'node:diagnostics_channel';

export const TRACE_CHANNEL = 'venice.completions.trace';

/** The steps of one completion, in order; a step that did not happen is absent. */
export type TraceStep = 'called' | 'debounced' | 'prompt' | 'send' | 'firstText' | 'streamEnd' | 'returned';

export interface TraceRecord {
  marks: Partial<Record<TraceStep, number>>;
  /** What the provider returned: the text shown, '' for nothing, undefined when cancelled. */
  text?: string;
  outcome: 'shown' | 'cached' | 'nothing' | 'cancelled';
}

const traces = channel(TRACE_CHANNEL);
const now = (): number => performance.timeOrigin + performance.now();

export class CompletionTrace {
  private readonly record: TraceRecord = { marks: {}, outcome: 'nothing' };
  /** Served from the cache (no request). */
  cached = false;

  /** A trace for one provider call, or undefined when nobody listens (the usual case). */
  static start(): CompletionTrace | undefined {
    if (!traces.hasSubscribers) return undefined;
    const t = new CompletionTrace();
    t.mark('called');
    return t;
  }

  mark(step: TraceStep): void {
    this.record.marks[step] ??= now();
  }

  end(outcome: TraceRecord['outcome'], text?: string): void {
    this.mark('returned');
    this.record.outcome = outcome;
    this.record.text = text;
    traces.publish(this.record);
  }
}
