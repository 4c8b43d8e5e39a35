// What the chat webview renders: plain data the host builds from its conversation model (src/chat/view.ts)
// and the webview draws, always as text or sanitized Markdown. Part of the protocol (protocol.ts
// re-exports all of it); kept apart so the message unions and their validators read on one screen.
// No `vscode` import: compiled into both bundles.

export type AnswerState = 'streaming' | 'done' | 'stopped' | 'interrupted' | 'error';

export type ToolCallStatus =
  | 'pending'
  | 'awaitingApproval'
  | 'running'
  | 'done'
  | 'failed'
  | 'rejected'
  | 'skipped'
  | 'interrupted';

/** What the error card offers; the host runs only these fixed actions. */
export type ErrorActionView = 'setApiKey' | 'retry' | 'chooseModel' | 'openSettings' | 'newChat' | 'compact';

/** Where a piece of attached context came from: the paperclip (selection, file) or an "@" mention. */
export const CONTEXT_KINDS = ['file', 'selection', 'problems', 'terminal', 'git', 'url'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

export interface AttachmentView {
  id: string;
  /** e.g. "app.ts:10-20", "app.ts", "Problems (workspace)", "docs.example.com/api" */
  label: string;
  kind: ContextKind;
  lines: number;
  bytes: number;
  /** Estimated tokens (the one estimate of src/llm/tokens.ts), shown on the chip. */
  tokens: number;
}

/** An image attached to a message or waiting in the composer; `dataUrl` was checked by the host. */
export interface ImageView {
  id: string;
  name: string;
  dataUrl: string;
  width: number;
  height: number;
  bytes: number;
}

export interface UserMessageView {
  id: string;
  role: 'user';
  text: string;
  attachments: AttachmentView[];
  /** Absent when the message has none. */
  images?: ImageView[];
}

/** A message typed while an answer streams: sent when the answer ends ("You (queued)"). */
export interface QueuedMessageView {
  id: string;
  text: string;
  attachments: AttachmentView[];
  images: ImageView[];
}

/** A problem with what the composer holds (an image refused, a model that cannot read images). */
export interface ComposerNoticeView {
  text: string;
  /** "Switch to <name>": a model of the list that reads images. */
  visionModel?: { id: string; name: string };
}

export interface ApprovalView {
  approvalId: string;
  title: string;
  /** Plain text (a diff, the text to insert…): rendered preformatted, never as HTML. */
  detail: string;
  warning?: string;
  canReview: boolean;
}

export interface ToolCallView {
  id: string;
  name: string;
  /** A short "key args" line, e.g. `path: src/a.ts`. */
  keyArgs: string;
  /** Pretty-printed arguments (bounded). */
  argsPreview: string;
  status: ToolCallStatus;
  summary?: string;
  /** What went back to the model (bounded). */
  resultPreview?: string;
  /** A command's output (its tail), live while it runs: shown as a log on the card. */
  output?: string;
  approval?: ApprovalView;
}

export interface RoundView {
  text: string;
  reasoning: string;
  toolCalls: ToolCallView[];
}

export interface UsageView {
  promptTokens: number;
  completionTokens: number;
  costUsd?: number;
  costDiem?: number;
  /** Prompt tokens read from Venice's prompt cache. */
  cachedTokens?: number;
  /** USD the cached tokens saved. */
  savedUsd?: number;
  /** The cost was worked out from the model's listed prices (Venice's answer had none). */
  costEstimated?: boolean;
}

/** The chat header's cost and context meter for the open chat. */
export interface MeterView {
  /** The chat's totals over every answer (and its compaction summaries). */
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsd?: number;
  costDiem?: number;
  savedUsd?: number;
  /** Some of the cost came from listed prices, not from Venice's answers. */
  estimated?: boolean;
  /** Tokens the next request starts with (the last answer's figure, or an estimate) and the model's window. */
  contextTokens: number;
  contextMax?: number;
  /** The figure is an estimate (no answer since the chat changed). */
  contextEstimated?: boolean;
  /** "Compact conversation" is possible now. */
  canCompact: boolean;
  /** A summary is being written. */
  compacting?: boolean;
  /** The chat is compacted: how many messages the summary stands for, and the summary itself. */
  compacted?: { messages: number; summary: string };
}

export interface CitationView {
  title: string;
  url: string;
  snippet?: string;
  date?: string;
}

export interface ErrorView {
  kind: string;
  message: string;
  action?: ErrorActionView;
}

/** One file an answer's tools changed, in the answer's change list (opens a diff: before ↔ now). */
export interface CheckpointFileView {
  label: string;
  change: 'created' | 'modified' | 'deleted';
  /** Why it cannot be restored, when it cannot (e.g. too large to keep). */
  note?: string;
}

/** The files an answer changed, and whether they are restored to before it right now. */
export interface CheckpointView {
  files: CheckpointFileView[];
  restored: boolean;
  /** Its kept copies were dropped (checkpoint storage is capped, oldest first): it can no longer be restored. */
  expired?: boolean;
}

export interface AssistantMessageView {
  id: string;
  role: 'assistant';
  state: AnswerState;
  model?: string;
  rounds: RoundView[];
  usage?: UsageView;
  citations: CitationView[];
  /** Visible notes: history trimmed, tool round limit reached, web search unsupported… */
  notes: string[];
  error?: ErrorView;
  /** Set when parts of the stream were unreadable and skipped: the marker's sentence ("may be incomplete…"). */
  incomplete?: string;
  /** Transient line while waiting, e.g. "Rate limited — retrying in 5 s". */
  status?: string;
  /** Present when the answer's tools changed files. */
  checkpoint?: CheckpointView;
}

export type MessageView = UserMessageView | AssistantMessageView;

/**
 * A round of an answer that is streaming, without its text: the webview has the text from the
 * 'delta' messages. The lengths say how much text the host has posted so far, so the webview can
 * tell when its copy is short (or long) and ask for the whole message.
 */
export interface RoundPatchView {
  textLength: number;
  reasoningLength: number;
  toolCalls: ToolCallView[];
}

/** An answer that changed while it streams (tool status, usage, notes, state…): all but the text. */
export interface AnswerPatchView extends Omit<AssistantMessageView, 'rounds'> {
  rounds: RoundPatchView[];
}

export interface ConversationSummaryView {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export interface ModelView {
  id: string;
  name: string;
  contextTokens?: number;
  maxCompletionTokens?: number;
  /** e.g. ["tools", "web search", "vision", "reasoning", "code"] */
  capabilities: string[];
  privacy?: string;
  /** USD per million tokens, when the API reports it. */
  priceInUsd?: number;
  priceOutUsd?: number;
  /** Deprecation date (ISO) when retirement is scheduled. */
  deprecated?: string;
  beta?: boolean;
}

export interface ModelsView {
  models: ModelView[];
  /** The user's setting; '' means "Venice's default". */
  selected: string;
  /** What '' resolves to right now, when known. */
  defaultModelId?: string;
  loading: boolean;
  error?: string;
}

export type WebSearchModeView = 'off' | 'auto' | 'on';
export const WEB_SEARCH_MODES: readonly WebSearchModeView[] = ['off', 'auto', 'on'];

/** Venice-only chat options shown in the header: web search mode and the character (persona). */
export interface ChatOptionsView {
  /** The user's venice.chat.webSearch. Whether the chosen model supports it comes from ModelsView. */
  webSearch: WebSearchModeView;
  /** venice.chat.character; name when Venice told us, missing when Venice has no such character. */
  character: { slug: string; name?: string; missing?: boolean } | null;
}

export interface BusyView {
  requestId: string;
  conversationId: string;
  messageId: string;
}

export interface ChatStateView {
  conversations: ConversationSummaryView[];
  activeId: string;
  /** The newest messages of the active chat (oldest first); a long chat sends the rest on request. */
  messages: MessageView[];
  /** How many messages come before `messages[0]`; the webview asks for them with 'loadOlder'. Absent = 0. */
  olderCount?: number;
  /** Shown at the top of the transcript, e.g. older messages removed to fit the storage cap. */
  conversationNotes: string[];
  busy: BusyView | null;
  models: ModelsView;
  attachments: AttachmentView[];
  /** Images waiting in the composer (absent = none). */
  images?: ImageView[];
  /** The active chat's queued messages, oldest first (absent = none). */
  queued?: QueuedMessageView[];
  /** The active chat's cost and context meter. */
  meter?: MeterView;
}
