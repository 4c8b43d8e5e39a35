// The host's conversation model: what is stored on disk and what history is rebuilt from.
// The host is the source of truth; the webview only gets views of this (see view.ts).
import { randomUUID } from 'node:crypto';
import type { Checkpoint } from '../checkpoints/record';
import type { Answer } from '../llm/answer';

export type { AnswerError, AnswerState, AnswerUsage, Round, ToolCallRecord, ToolCallStatus } from '../llm/answer';
export { answerText, isEmptyAnswer } from '../llm/answer';

export interface Attachment {
  id: string;
  kind: 'selection' | 'file';
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

export interface UserEntry {
  id: string;
  role: 'user';
  text: string;
  attachments: Attachment[];
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

export interface Conversation {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  entries: Entry[];
  /** Entries removed to keep the file under the storage cap (shown as a note). */
  droppedForStorage?: number;
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
