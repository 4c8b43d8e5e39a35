// The host's conversation model: what is stored on disk and what history is rebuilt from.
// The host is the source of truth; the webview only gets views of this (see view.ts).
import { randomUUID } from 'node:crypto';
import type { Checkpoint } from '../checkpoints/record';
import type { Answer, AnswerUsage } from '../llm/answer';
import type { ContextKind } from '../shared/chatViews';

export type { AnswerError, AnswerState, AnswerUsage, Round, ToolCallRecord, ToolCallStatus } from '../llm/answer';
export { answerText, isEmptyAnswer } from '../llm/answer';

export interface Attachment {
  id: string;
  kind: ContextKind;
  /** Shown on the chip, e.g. "app.ts:10-20". */
  label: string;
  /** Workspace-relative path, when the text came from a file. */
  path?: string;
  languageId?: string;
  /** 1-based inclusive line range of a selection. */
  startLine?: number;
  endLine?: number;
  content: string;
  lines: number;
  bytes: number;
}

/** A pasted, dropped or picked image, checked by src/chat/imageAttach.ts; stored with the conversation. */
export interface ChatImage {
  id: string;
  name: string;
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  /** `data:<mimeType>;base64,…` rebuilt from the checked bytes (what Venice receives). */
  dataUrl: string;
  width: number;
  height: number;
  bytes: number;
}

export interface UserEntry {
  id: string;
  role: 'user';
  text: string;
  attachments: Attachment[];
  /** Absent in conversations stored before images existed, and on messages without any. */
  images?: ChatImage[];
  createdAt: number;
}

/** A message typed while an answer was streaming; it becomes a UserEntry when its turn comes. */
export interface QueuedMessage {
  id: string;
  text: string;
  attachments: Attachment[];
  images: ChatImage[];
  createdAt: number;
}

/** An answer (src/llm/answer.ts) as one entry of a stored conversation. */
export interface AssistantEntry extends Answer {
  id: string;
  role: 'assistant';
  createdAt: number;
  /** The files its tools changed, as they were before (src/checkpoints); absent when none changed. */
  checkpoint?: Checkpoint;
}

export type Entry = UserEntry | AssistantEntry;

/**
 * "Compact conversation": the entries up to and including `throughId` reach the model as one
 * summary message. The entries themselves stay in the chat, so "Undo compact" only drops this.
 */
export interface Compaction {
  throughId: string;
  summary: string;
  /** How many entries the summary stands for. */
  messages: number;
  createdAt: number;
  /** The model that wrote the summary, and what that cost. */
  model?: string;
  usage?: AnswerUsage;
}

export interface Conversation {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  entries: Entry[];
  /** Entries removed to keep the file under the storage cap (shown as a note). */
  droppedForStorage?: number;
  /** Messages waiting for the running answer to end (src/chat/queue.ts); absent when none. */
  queued?: QueuedMessage[];
  /** Older turns summarised for the model (src/chat/compact.ts); absent when not compacted. */
  compaction?: Compaction;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
}

/** Ids double as file-name parts and protocol ids: keep them to [A-Za-z0-9-]. */
export function newId(): string {
  return randomUUID();
}

export function newConversation(now: number): Conversation {
  return { version: 1, id: newId(), title: 'New chat', createdAt: now, updatedAt: now, entries: [] };
}

export function newAssistantEntry(now: number, model: string | undefined): AssistantEntry {
  return { id: newId(), role: 'assistant', createdAt: now, state: 'streaming', model, rounds: [], citations: [], notes: [] };
}

export function summarize(c: Conversation): ConversationSummary {
  return { id: c.id, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt, messageCount: c.entries.length };
}

/** First line of the first message, shortened: a readable default title. */
export function titleFrom(text: string): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  const clean = line.replace(/\s+/g, ' ');
  if (!clean) return 'New chat';
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}
