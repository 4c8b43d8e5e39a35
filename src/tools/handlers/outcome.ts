import type { ToolOutcome } from '../types';

export function done(content: string, summary: string): ToolOutcome {
  return { ok: true, content, summary };
}

/** The user said no: nothing changed, and the model is told so (it should not retry the same change). */
export function rejectedByUser(what: string): ToolOutcome {
  return {
    ok: false,
    rejected: true,
    content: `The user rejected this change (${what}). Nothing was changed. Do not retry it unless the user asks.`,
    summary: `Rejected: ${what}`,
  };
}
