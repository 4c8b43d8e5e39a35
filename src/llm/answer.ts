// The record of one answer as the turn loop builds it: rounds of streamed text, reasoning and tool
// calls, plus usage, citations, notes and how it ended. The chat view stores it inside its
// conversations; @venice keeps it only while it answers. No `vscode` import.
import type { AnswerState, ErrorActionView, ToolCallStatus } from '../shared/protocol';
import type { ChatMessage, Citation } from '../venice/types';

export type { AnswerState, ToolCallStatus };

export interface ToolCallRecord {
  id: string;
  name: string;
  /** Raw JSON text from the model. */
  arguments: string;
  status: ToolCallStatus;
  summary?: string;
  /** Exactly what went back to the model as the `tool` message. */
  content?: string;
  /** What a command printed, its bounded tail, live while it runs (not stored with the chat). */
  output?: string;
}

/** One model response inside an answer: text, reasoning (never sent back), and the tool calls it asked for. */
export interface Round {
  text: string;
  reasoning: string;
  toolCalls: ToolCallRecord[];
  /** Gemini-style reasoning data, sent back verbatim with this round's tool calls (never shown, not stored). */
  reasoningDetails?: Array<Record<string, unknown>>;
  thoughtSignature?: string;
}

export interface AnswerError {
  kind: string;
  message: string;
  action?: ErrorActionView;
}

export interface AnswerUsage {
  promptTokens: number;
  completionTokens: number;
  costUsd?: number;
  costDiem?: number;
  /** Prompt tokens read from Venice's prompt cache (absent: none, or stored before caching). */
  cachedTokens?: number;
  /** What those cached tokens saved against the full input price, in USD. */
  savedUsd?: number;
  /** The cost came from the model's listed prices, not from Venice's answer. */
  costEstimated?: boolean;
}

export interface Answer {
  state: AnswerState;
  model?: string;
  rounds: Round[];
  usage?: AnswerUsage;
  /** Tokens in the model's window after the answer's last response (its prompt plus its output). */
  contextTokens?: number;
  citations: Citation[];
  notes: string[];
  error?: AnswerError;
  finishReason?: string;
  /** Unreadable stream events skipped while answering: text may be missing (the answer is marked). */
  skipped?: number;
}

/** What the answer's "may be incomplete" marker says. */
export function incompleteText(skipped: number): string {
  const pieces = skipped === 1 ? 'one piece of it that could not be read and was' : `${skipped} pieces of it that could not be read and were`;
  return `This answer may be incomplete: Venice sent ${pieces} skipped.`;
}

/** Sent for a call that never ran (stopped, interrupted): every tool call needs an answer. */
export const NOT_RUN_CONTENT = 'This tool call was not run: the user stopped the answer before it started.';

export function answerText(answer: Pick<Answer, 'rounds'>): string {
  return answer.rounds.map((r) => r.text).filter((t) => t.length > 0).join('\n\n');
}

/** True when an answer produced nothing the user could read or the model could build on. */
export function isEmptyAnswer(answer: Pick<Answer, 'rounds'>): boolean {
  return answer.rounds.every((r) => r.text.trim() === '' && r.toolCalls.length === 0);
}

/**
 * What the model sees of its own earlier rounds: text and tool calls with every result, and the
 * reasoning signatures it asked to get back (`reasoning_details`, `thought_signature`, verbatim;
 * the planner leaves them out for a model that does not reason), never the reasoning text.
 */
export function roundMessages(round: Round): ChatMessage[] {
  const replay = (m: ChatMessage & { role: 'assistant' }): ChatMessage => {
    if (round.reasoningDetails) m.reasoning_details = round.reasoningDetails;
    if (round.thoughtSignature) m.thought_signature = round.thoughtSignature;
    return m;
  };
  if (round.toolCalls.length === 0) {
    return round.text ? [replay({ role: 'assistant', content: round.text })] : [];
  }
  const calls = round.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
  const assistant = replay({ role: 'assistant', content: round.text || null, tool_calls: calls });
  const out: ChatMessage[] = [assistant];
  for (const c of round.toolCalls) out.push({ role: 'tool', tool_call_id: c.id, content: c.content ?? NOT_RUN_CONTENT });
  return out;
}

export function answerMessages(answer: Pick<Answer, 'rounds'>): ChatMessage[] {
  return answer.rounds.flatMap(roundMessages);
}
