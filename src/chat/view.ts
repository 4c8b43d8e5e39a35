// Host model -> what the webview renders. Everything here is plain data; bulky fields are bounded
// so one giant tool result or diff cannot stall the view.
import type {
  AnswerPatchView,
  ApprovalView,
  AssistantMessageView,
  AttachmentView,
  ConversationSummaryView,
  MessageView,
  ModelView,
  ToolCallView,
} from '../shared/protocol';
import { checkpointView } from '../checkpoints/view';
import type { VeniceModel } from '../venice/types';
import { incompleteText } from '../llm/answer';
import { estimateTextTokens } from '../llm/tokens';
import { imageView } from './imageAttach';
import type { AssistantEntry, Attachment, ConversationSummary, Entry, ToolCallRecord } from './model';

const MAX_PREVIEW = 4_000;
const MAX_DETAIL = 200_000;
const MAX_OUTPUT = 8_000;
const MAX_MODELS = 500;
const MODEL_ID = /^[A-Za-z0-9._:/@+-]{1,200}$/;

/** The end of a live output: what a log view shows. */
function tail(text: string, max: number): string {
  return text.length > max ? text.slice(text.length - max) : text;
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}

/** The argument values that say what a call does, e.g. `path: src/a.ts, line: 3`. */
export function keyArgs(argsJson: string): string {
  let args: unknown;
  try {
    args = JSON.parse(argsJson || '{}');
  } catch {
    return 'arguments are not valid JSON';
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return '';
  const preferred = ['path', 'command', 'cwd', 'query', 'glob', 'prompt', 'line', 'startLine', 'endLine', 'text', 'content'];
  const entries = Object.entries(args as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .sort(([a], [b]) => rank(a) - rank(b))
    .slice(0, 3);
  return entries
    .map(([k, v]) => {
      const s = String(v).replace(/\s+/g, ' ');
      return `${k}: ${s.length > 60 ? `${s.slice(0, 57)}…` : s}`;
    })
    .join(', ');

  function rank(k: string): number {
    const i = preferred.indexOf(k);
    return i === -1 ? preferred.length : i;
  }
}

function prettyArgs(argsJson: string): string {
  try {
    return clip(JSON.stringify(JSON.parse(argsJson || '{}'), null, 2), MAX_PREVIEW);
  } catch {
    return clip(argsJson, MAX_PREVIEW);
  }
}

export type ApprovalLookup = (toolCallId: string) => ApprovalView | undefined;

function toolCallView(c: ToolCallRecord, approvalFor: ApprovalLookup): ToolCallView {
  const approval = c.status === 'awaitingApproval' ? approvalFor(c.id) : undefined;
  return {
    id: c.id,
    name: c.name,
    keyArgs: keyArgs(c.arguments),
    argsPreview: prettyArgs(c.arguments),
    status: c.status,
    summary: c.summary,
    resultPreview: c.content === undefined ? undefined : clip(c.content, MAX_PREVIEW),
    output: c.output === undefined ? undefined : tail(c.output, MAX_OUTPUT),
    approval: approval ? { ...approval, detail: clip(approval.detail, MAX_DETAIL) } : undefined,
  };
}

/** Everything of an answer but its rounds. */
function answerChrome(e: AssistantEntry, status: string | undefined): Omit<AssistantMessageView, 'rounds'> {
  return {
    id: e.id,
    role: 'assistant',
    state: e.state,
    model: e.model,
    usage: e.usage ? { ...e.usage } : undefined,
    citations: e.citations.map((c) => ({ title: c.title, url: c.url, snippet: c.content ? clip(c.content, 600) : undefined, date: c.date })),
    notes: [...e.notes],
    error: e.error ? { ...e.error } : undefined,
    incomplete: e.skipped ? incompleteText(e.skipped) : undefined,
    status,
    checkpoint: e.checkpoint ? checkpointView(e.checkpoint) : undefined,
  };
}

export function assistantView(e: AssistantEntry, approvalFor: ApprovalLookup, status?: string): AssistantMessageView {
  return {
    ...answerChrome(e, status),
    rounds: e.rounds.map((r) => ({ text: r.text, reasoning: r.reasoning, toolCalls: r.toolCalls.map((c) => toolCallView(c, approvalFor)) })),
  };
}

/** An answer while it streams, without the text the webview has from deltas: only how long each part is. */
export function answerPatchView(e: AssistantEntry, approvalFor: ApprovalLookup, status?: string): AnswerPatchView {
  return {
    ...answerChrome(e, status),
    rounds: e.rounds.map((r) => ({ textLength: r.text.length, reasoningLength: r.reasoning.length, toolCalls: r.toolCalls.map((c) => toolCallView(c, approvalFor)) })),
  };
}

/** A context chip as the webview shows it: what it is and how much of the model's window it takes. */
export function attachmentView(a: Attachment): AttachmentView {
  return { id: a.id, label: a.label, kind: a.kind, lines: a.lines, bytes: a.bytes, tokens: estimateTextTokens(a.content) };
}

export function messageView(e: Entry, approvalFor: ApprovalLookup, status?: string): MessageView {
  if (e.role === 'assistant') return assistantView(e, approvalFor, status);
  const view: MessageView = { id: e.id, role: 'user', text: e.text, attachments: e.attachments.map(attachmentView) };
  if (e.images?.length) view.images = e.images.map(imageView);
  return view;
}

export function summaryView(s: ConversationSummary): ConversationSummaryView {
  return { id: s.id, title: s.title, updatedAt: s.updatedAt, messageCount: s.messageCount };
}

function usd(v: unknown): number | undefined {
  const o = typeof v === 'object' && v !== null ? (v as { usd?: unknown }).usd : undefined;
  return typeof o === 'number' && Number.isFinite(o) && o >= 0 ? o : undefined;
}

/** Text models the user can pick: online ones with a well-formed id, names bounded, capped in number. */
export function modelViews(models: readonly VeniceModel[]): ModelView[] {
  const out: ModelView[] = [];
  for (const m of models) {
    if (out.length >= MAX_MODELS) break;
    if (typeof m.id !== 'string' || !MODEL_ID.test(m.id)) continue;
    if (m.type !== undefined && m.type !== 'text') continue;
    const spec = m.model_spec ?? {};
    if (spec.offline === true) continue;
    const caps = spec.capabilities ?? {};
    const capabilities: string[] = [];
    if (caps.supportsFunctionCalling) capabilities.push('tools');
    if (caps.supportsWebSearch) capabilities.push('web search');
    if (caps.supportsVision) capabilities.push('vision');
    if (caps.supportsReasoning) capabilities.push('reasoning');
    if (caps.optimizedForCode) capabilities.push('code');
    const name = typeof spec.name === 'string' && spec.name.trim() ? spec.name.trim().slice(0, 100) : m.id;
    const ctx = spec.availableContextTokens ?? m.context_length;
    const pricing = spec.pricing as Record<string, unknown> | undefined;
    out.push({
      id: m.id,
      name,
      contextTokens: typeof ctx === 'number' && ctx > 0 ? ctx : undefined,
      maxCompletionTokens: typeof spec.maxCompletionTokens === 'number' ? spec.maxCompletionTokens : undefined,
      capabilities,
      privacy: typeof spec.privacy === 'string' ? spec.privacy.slice(0, 40) : undefined,
      priceInUsd: usd(pricing?.input),
      priceOutUsd: usd(pricing?.output),
      deprecated: typeof spec.deprecation?.date === 'string' ? spec.deprecation.date.slice(0, 40) : undefined,
      beta: spec.beta === true ? true : undefined,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
