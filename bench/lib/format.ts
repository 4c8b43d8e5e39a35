// Formatting shared by the benchmark report's parts (bench/lib/report.ts and its sections).
import { round } from './stats';

export interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean | null;
  note?: string;
}

/** A conversation's opening may take this many times the empty view's. */
export const OPEN_RATIO = 1.2;
/** A task longer than this is a long task (it blocks input and frames). */
export const LONG_TASK_MS = 50;

export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
export const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${round(n, 0)} ms`);
export const ms1 = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 'n/a' : `${round(n, 1)} ms`);
export const x = (n: number) => `${n.toFixed(2)}×`;
export const pct = (n: number) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`;

export function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
