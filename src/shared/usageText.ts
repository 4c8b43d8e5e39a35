// One answer's tokens and cost as words, the way the chat view's answer footer shows them
// ("1.2k in · 300 out · 800 cached · ~$0.0042"; "~" when priced from /models, not by Venice). For
// surfaces that are not the webview (@venice's closing line). No `vscode` import.

/** An answer's usage as the turn loop counted it (src/llm/usage.ts). */
export interface UsageFigures {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  costUsd?: number;
  costDiem?: number;
  costEstimated?: boolean;
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1_000)}k`;
  if (n >= 1_000) return `${+(n / 1_000).toFixed(1)}k`;
  return String(n);
}

export function formatUsd(n: number): string {
  if (n === 0) return '$0';
  if (n < 0.01) return `$${n.toPrecision(2)}`;
  return `$${n.toFixed(n < 1 ? 3 : 2)}`;
}

/** The figures, in the answer footer's order. */
export function usageParts(u: UsageFigures): string[] {
  const parts = [`${formatTokens(u.promptTokens)} in · ${formatTokens(u.completionTokens)} out`];
  if (u.cachedTokens) parts.push(`${formatTokens(u.cachedTokens)} cached`);
  if (u.costUsd !== undefined) parts.push(`${u.costEstimated ? '~' : ''}${formatUsd(u.costUsd)}`);
  else if (u.costDiem !== undefined) parts.push(`${u.costDiem.toPrecision(2)} DIEM`);
  return parts;
}
