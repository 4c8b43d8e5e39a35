// Reads stored JSON back into the conversation model. Anything that does not have the expected
// shape makes the whole file "corrupt" (the store moves it aside and tells the user); fields are
// copied into fresh objects, never assigned wholesale. An answer that was still streaming when the
// file was last written belongs to a process that is gone: it comes back as 'interrupted'.
import { parseCheckpoint } from '../checkpoints/record';
import type { Citation } from '../venice/types';
import type {
  AnswerError,
  AnswerUsage,
  AssistantEntry,
  Attachment,
  ChatImage,
  Compaction,
  Conversation,
  ConversationSummary,
  Entry,
  QueuedMessage,
  Round,
  ToolCallRecord,
  UserEntry,
} from './model';
import { CONTEXT_KINDS, type AnswerState, type ContextKind, type ToolCallStatus } from '../shared/protocol';
import { parseImageDataUrl } from '../shared/chatImages';

export class SchemaError extends Error {}

type Obj = Record<string, unknown>;

/**
 * Optional fields that are absent stay absent (no `key: undefined` in the model). Copied rather than
 * `delete`d: a deletion turns every answer object into a slow dictionary-mode object in V8, which made
 * reading a 10,000-message chat several times slower than JSON.parse itself.
 */
function defined<T extends object>(o: T): T {
  const out = {} as T;
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SchemaError(`${what} is not an object`);
  return v as Obj;
}
function str(o: Obj, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new SchemaError(`${k} is not a string`);
  return v;
}
function optStr(o: Obj, k: string): string | undefined {
  return o[k] === undefined ? undefined : str(o, k);
}
function num(o: Obj, k: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(`${k} is not a number`);
  return v;
}
function optNum(o: Obj, k: string): number | undefined {
  return o[k] === undefined ? undefined : num(o, k);
}
function arr(o: Obj, k: string): unknown[] {
  const v = o[k];
  if (!Array.isArray(v)) throw new SchemaError(`${k} is not a list`);
  return v;
}
function id(o: Obj, k: string): string {
  const v = str(o, k);
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw new SchemaError(`${k} is not an id`);
  return v;
}

const STATES: readonly AnswerState[] = ['streaming', 'done', 'stopped', 'interrupted', 'error'];
const TOOL_STATES: readonly ToolCallStatus[] = ['pending', 'awaitingApproval', 'running', 'done', 'failed', 'rejected', 'skipped', 'interrupted'];
const ACTIONS = ['setApiKey', 'retry', 'chooseModel', 'openSettings'] as const;

function attachment(v: unknown): Attachment {
  const o = obj(v, 'attachment');
  const kind = str(o, 'kind');
  if (!(CONTEXT_KINDS as readonly string[]).includes(kind)) throw new SchemaError('attachment kind');
  return defined({
    id: id(o, 'id'),
    kind: kind as ContextKind,
    label: str(o, 'label'),
    path: optStr(o, 'path'),
    languageId: optStr(o, 'languageId'),
    startLine: optNum(o, 'startLine'),
    endLine: optNum(o, 'endLine'),
    content: str(o, 'content'),
    lines: num(o, 'lines'),
    bytes: num(o, 'bytes'),
  });
}

function image(v: unknown): ChatImage {
  const o = obj(v, 'image');
  const dataUrl = str(o, 'dataUrl');
  const parsed = parseImageDataUrl(dataUrl);
  if (!parsed || parsed.mimeType !== o.mimeType) throw new SchemaError('image data');
  return { id: id(o, 'id'), name: str(o, 'name'), mimeType: parsed.mimeType, dataUrl, width: num(o, 'width'), height: num(o, 'height'), bytes: num(o, 'bytes') };
}

/** Images are optional: conversations stored before they existed have none. */
function images(o: Obj): ChatImage[] | undefined {
  if (o.images === undefined) return undefined;
  const list = arr(o, 'images').map(image);
  return list.length ? list : undefined;
}

function queuedMessage(v: unknown): QueuedMessage {
  const o = obj(v, 'queued message');
  return { id: id(o, 'id'), text: str(o, 'text'), attachments: arr(o, 'attachments').map(attachment), images: images(o) ?? [], createdAt: num(o, 'createdAt') };
}

function toolCall(v: unknown): ToolCallRecord {
  const o = obj(v, 'tool call');
  const status = str(o, 'status') as ToolCallStatus;
  if (!TOOL_STATES.includes(status)) throw new SchemaError('tool call status');
  const unfinished = status === 'pending' || status === 'awaitingApproval' || status === 'running';
  return defined({
    id: str(o, 'id'),
    name: str(o, 'name'),
    arguments: str(o, 'arguments'),
    status: unfinished ? 'interrupted' : status,
    summary: unfinished ? 'Not finished: VS Code closed or reloaded' : optStr(o, 'summary'),
    content: optStr(o, 'content'),
  });
}

function round(v: unknown): Round {
  const o = obj(v, 'round');
  const r: Round = { text: str(o, 'text'), reasoning: str(o, 'reasoning'), toolCalls: arr(o, 'toolCalls').map(toolCall) };
  // Reasoning signatures go back to the model verbatim in later requests (absent in older chats).
  if (o.reasoningDetails !== undefined) {
    const details = arr(o, 'reasoningDetails').map((d) => obj(d, 'reasoning detail'));
    if (details.some((d) => typeof d.type !== 'string')) throw new SchemaError('reasoning detail type');
    r.reasoningDetails = details;
  }
  const signature = optStr(o, 'thoughtSignature');
  if (signature) r.thoughtSignature = signature;
  return r;
}

function citation(v: unknown): Citation {
  const o = obj(v, 'citation');
  return defined({ title: str(o, 'title'), url: str(o, 'url'), content: optStr(o, 'content'), date: optStr(o, 'date') });
}

function usage(v: unknown): AnswerUsage | undefined {
  if (v === undefined) return undefined;
  const o = obj(v, 'usage');
  // Cache and context fields came with the cost meter; chats stored before it have none of them.
  const estimated = o.costEstimated;
  if (estimated !== undefined && typeof estimated !== 'boolean') throw new SchemaError('usage costEstimated');
  return defined({
    promptTokens: num(o, 'promptTokens'),
    completionTokens: num(o, 'completionTokens'),
    costUsd: optNum(o, 'costUsd'),
    costDiem: optNum(o, 'costDiem'),
    cachedTokens: optNum(o, 'cachedTokens'),
    savedUsd: optNum(o, 'savedUsd'),
    costEstimated: estimated === true ? true : undefined,
  });
}

function answerError(v: unknown): AnswerError | undefined {
  if (v === undefined) return undefined;
  const o = obj(v, 'error');
  const action = optStr(o, 'action');
  if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) throw new SchemaError('error action');
  return defined({ kind: str(o, 'kind'), message: str(o, 'message'), action: action as AnswerError['action'] });
}

function entry(v: unknown): Entry {
  const o = obj(v, 'entry');
  const role = str(o, 'role');
  if (role === 'user') {
    const u: UserEntry = { id: id(o, 'id'), role, text: str(o, 'text'), attachments: arr(o, 'attachments').map(attachment), createdAt: num(o, 'createdAt') };
    const pictures = images(o);
    if (pictures) u.images = pictures;
    return u;
  }
  if (role !== 'assistant') throw new SchemaError('entry role');
  const state = str(o, 'state') as AnswerState;
  if (!STATES.includes(state)) throw new SchemaError('answer state');
  const wasStreaming = state === 'streaming';
  const notes = arr(o, 'notes').map((n) => {
    if (typeof n !== 'string') throw new SchemaError('note');
    return n;
  });
  const a: AssistantEntry = defined({
    id: id(o, 'id'),
    role,
    createdAt: num(o, 'createdAt'),
    state: wasStreaming ? 'interrupted' : state,
    model: optStr(o, 'model'),
    rounds: arr(o, 'rounds').map(round),
    usage: usage(o.usage),
    contextTokens: optNum(o, 'contextTokens'),
    citations: arr(o, 'citations').map(citation),
    notes,
    error: answerError(o.error),
    finishReason: optStr(o, 'finishReason'),
    skipped: optNum(o, 'skipped'),
    // Absent in chats stored before checkpoints existed.
    checkpoint: o.checkpoint === undefined ? undefined : parseCheckpoint(o.checkpoint),
  });
  if (wasStreaming && !a.error) {
    a.error = { kind: 'interrupted', message: 'This answer was cut short when VS Code reloaded or closed.', action: 'retry' };
  }
  return a;
}

/** A compaction (absent in chats stored before "Compact conversation" existed, or never compacted). */
function compaction(v: unknown): Compaction | undefined {
  if (v === undefined) return undefined;
  const o = obj(v, 'compaction');
  return defined({
    throughId: id(o, 'throughId'),
    summary: str(o, 'summary'),
    messages: num(o, 'messages'),
    createdAt: num(o, 'createdAt'),
    model: optStr(o, 'model'),
    usage: usage(o.usage),
  });
}

/** Parses a stored conversation file. Throws SchemaError (or SyntaxError) when it is not one. */
export function parseConversation(json: string): Conversation {
  return conversation(obj(JSON.parse(json), 'conversation'));
}

/** A conversation file and the revision it was written with (absent in files written before revisions existed). */
export function parseStoredConversation(json: string): { conversation: Conversation; revision?: string } {
  const o = obj(JSON.parse(json), 'conversation');
  const revision = o.revision === undefined ? undefined : id(o, 'revision');
  return { conversation: conversation(o), revision };
}

/**
 * A conversation's newest page (store.ts: the small file beside the conversation file): the same
 * shape as a conversation whose entries are only its newest ones, plus how many come before them and
 * the revision both files were written with. Checked as strictly as the whole file.
 */
export interface StoredPage {
  conversation: Conversation;
  olderCount: number;
  revision: string;
}

export function parsePage(json: string): StoredPage {
  const o = obj(JSON.parse(json), 'page');
  const olderCount = num(o, 'olderCount');
  if (!Number.isInteger(olderCount) || olderCount < 0) throw new SchemaError('olderCount');
  return { conversation: conversation(o), olderCount, revision: id(o, 'revision') };
}

function conversation(o: Obj): Conversation {
  if (o.version !== 1) throw new SchemaError('unknown version');
  const dropped = optNum(o, 'droppedForStorage');
  const queued = o.queued === undefined ? [] : arr(o, 'queued').map(queuedMessage);
  const compacted = compaction(o.compaction);
  return {
    version: 1,
    id: id(o, 'id'),
    title: str(o, 'title'),
    createdAt: num(o, 'createdAt'),
    updatedAt: num(o, 'updatedAt'),
    entries: arr(o, 'entries').map(entry),
    ...(dropped ? { droppedForStorage: dropped } : {}),
    ...(queued.length ? { queued } : {}),
    ...(compacted ? { compaction: compacted } : {}),
  };
}

/** An index entry: the summary plus the revision of the conversation's files as last written. */
export interface StoredSummary extends ConversationSummary {
  revision?: string;
}

export interface StoreIndex {
  version: 1;
  activeId?: string;
  conversations: StoredSummary[];
}

function summary(v: unknown): StoredSummary {
  const o = obj(v, 'summary');
  const s: StoredSummary = { id: id(o, 'id'), title: str(o, 'title'), createdAt: num(o, 'createdAt'), updatedAt: num(o, 'updatedAt'), messageCount: num(o, 'messageCount') };
  // Absent in indexes written before revisions existed (or by such a version since): no newest-page file is trusted then.
  if (o.revision !== undefined) s.revision = id(o, 'revision');
  return s;
}

export function parseIndex(json: string): StoreIndex {
  const o = obj(JSON.parse(json), 'index');
  if (o.version !== 1) throw new SchemaError('unknown version');
  const activeId = o.activeId === undefined ? undefined : id(o, 'activeId');
  return { version: 1, activeId, conversations: arr(o, 'conversations').map(summary) };
}
