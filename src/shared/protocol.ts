// The one protocol between the chat view's host side (src/chat) and the webview program
// (webview-ui/chat). Both sides import these types; the host validates every incoming message with
// parseToHost() because the webview renders model output and must be treated as untrusted.
// No `vscode` import: this file is compiled into both bundles.
import { CONTEXT_KINDS, WEB_SEARCH_MODES } from './chatViews';
import type { AnswerPatchView, AttachmentView, BusyView, ChatOptionsView, ChatStateView, ComposerNoticeView, ContextKind, ConversationSummaryView, ImageView, MessageView, MeterView, ModelsView, QueuedMessageView, WebSearchModeView } from './chatViews';
import { MAX_IMAGE_NAME_CHARS, MAX_IMAGES_PER_MESSAGE, parseImageDataUrl } from './chatImages';

// ---------- limits shared by both sides ----------

/** Longest message the user can send from the chat input (characters). */
export const MAX_INPUT_CHARS = 100_000;
/** Context chips one message can carry. */
export const MAX_ATTACHMENTS = 10;
/** Longest text after "@file:" the webview may ask the host to match. */
export const MAX_MENTION_QUERY_CHARS = 200;
/** Workspace files one "@file:" answer lists. */
export const MAX_MENTION_FILES = 20;
/** Longest link the webview may ask the host to open. */
export const MAX_HREF_CHARS = 8_192;
/** Highest code block index a message can address. */
export const MAX_CODE_BLOCK_INDEX = 10_000;
/** Ids are ours (random UUIDs); anything else is forged. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Model ids are Venice's; kept as text, bounded. */
const MODEL_ID_PATTERN = /^[A-Za-z0-9._:/@+-]{1,200}$/;

// ---------- view models (chatViews.ts: what the webview renders) ----------

export * from './chatViews';

// ---------- host -> webview ----------

export type ToWebview =
  | { type: 'state'; state: ChatStateView }
  | { type: 'conversations'; conversations: ConversationSummaryView[]; activeId: string }
  | { type: 'messageAdded'; conversationId: string; message: MessageView }
  /** A whole message again, replacing the webview's copy (the answer to 'resendMessage'). */
  | { type: 'messageUpdated'; conversationId: string; message: MessageView }
  /**
   * An answer changed while it streams (a new round, tool status, usage, notes, its end…): all but
   * its text, which travels only in 'delta' messages. The last update of an answer carries `digest`
   * (answerDigest() of the host's text). A webview whose text differs from the rounds' lengths or
   * from the digest asks for the whole message with 'resendMessage'.
   */
  | { type: 'answerUpdated'; conversationId: string; message: AnswerPatchView; digest?: string }
  | { type: 'messagesRemoved'; conversationId: string; messageIds: string[] }
  | {
      type: 'delta';
      requestId: string;
      conversationId: string;
      messageId: string;
      round: number;
      channel: 'text' | 'reasoning';
      text: string;
    }
  | { type: 'busy'; busy: BusyView | null }
  | { type: 'models'; models: ModelsView }
  | { type: 'attachments'; attachments: AttachmentView[] }
  /** The images waiting in the composer. */
  | { type: 'images'; images: ImageView[] }
  /** The queued messages of a chat, oldest first (after any change). */
  | { type: 'queue'; conversationId: string; queued: QueuedMessageView[] }
  /** Shown above the input until the next send or dismissal; null clears it. */
  | { type: 'composerNotice'; notice: ComposerNoticeView | null }
  /** Puts text back into the chat input (only if the input is empty) after a send failed. */
  | { type: 'restoreDraft'; text: string }
  | { type: 'focusInput' }
  | { type: 'options'; options: ChatOptionsView }
  /** Workspace files matching the text after "@file:" (best first), answering 'mentionFiles'. */
  | { type: 'mentionFiles'; query: string; files: string[] }
  /** The page of messages just before `beforeId` (oldest first), answering 'loadOlder'; `olderCount` remain before it. */
  | { type: 'olderMessages'; conversationId: string; beforeId: string; messages: MessageView[]; olderCount: number }
  /** The open chat's cost and context meter changed (an answer ended, the model changed, compacted). */
  | { type: 'meter'; conversationId: string; meter: MeterView };

// ---------- webview -> host ----------

export type CodeAction = 'copy' | 'insert' | 'replace' | 'newFile';

export type ToHost =
  | { type: 'ready' }
  /** While an answer streams in the same chat, the host queues it instead ('queue'). */
  | { type: 'send'; text: string; attachmentIds: string[]; imageIds?: string[] }
  /** A pasted or dropped image; the host checks the data URL and the bytes before it becomes a chip. */
  | { type: 'attachImage'; name: string; dataUrl: string }
  /** "Attach Image…": the host opens a file dialog. */
  | { type: 'pickImage' }
  | { type: 'removeImage'; imageId: string }
  | { type: 'removeQueued'; messageId: string }
  | { type: 'stop'; requestId: string }
  | { type: 'regenerate'; messageId: string }
  | { type: 'editLast'; messageId: string; text: string }
  | { type: 'newChat' }
  | { type: 'switchConversation'; conversationId: string }
  | { type: 'renameConversation'; conversationId: string }
  | { type: 'deleteConversation'; conversationId: string }
  | { type: 'exportConversation'; conversationId: string }
  /** '' selects Venice's default model. */
  | { type: 'selectModel'; modelId: string }
  | { type: 'refreshModels' }
  | { type: 'addContext' }
  | { type: 'removeAttachment'; attachmentId: string }
  /** Workspace files whose path matches `query` (fuzzy), for the "@file:" list. */
  | { type: 'mentionFiles'; query: string }
  /**
   * An "@" mention picked in the chat input, to become a context chip. `value` is the workspace-relative
   * path for 'file' and the address for 'url'; the host reads the content itself.
   */
  | { type: 'addMention'; kind: ContextKind; value?: string }
  /** Addresses a code block by message and position; the host re-reads the code from its own copy. */
  | { type: 'codeAction'; action: CodeAction; messageId: string; index: number }
  | { type: 'openLink'; href: string }
  | { type: 'approval'; approvalId: string; decision: 'apply' | 'reject' }
  | { type: 'review'; approvalId: string }
  | { type: 'errorAction'; action: 'setApiKey' | 'openSettings' }
  | { type: 'readAloud'; messageId: string }
  /** The web search control; the host writes the user-level venice.chat.webSearch. */
  | { type: 'setWebSearch'; mode: WebSearchModeView }
  /** Opens "Venice: Choose Character". */
  | { type: 'chooseCharacter' }
  /** Stops using the character (clears the user-level venice.chat.character). */
  | { type: 'clearCharacter' }
  /** The next page of a long chat: the messages before `beforeId`, the oldest one the webview has. */
  | { type: 'loadOlder'; conversationId: string; beforeId: string }
  /** The webview's copy of an answer's text went wrong (a delta missed): send the whole message ('messageUpdated'). */
  | { type: 'resendMessage'; conversationId: string; messageId: string }
  /** "Restore files to before this answer"; `undo`: "Undo restore". */
  | { type: 'restoreFiles'; messageId: string; undo: boolean }
  /** One file of an answer's change list, by position: opens the diff editor (before ↔ now). */
  | { type: 'openChangedFile'; messageId: string; index: number }
  /** "Compact conversation": the model summarises the chat's older turns; "Undo compact" drops the summary. */
  | { type: 'compactConversation'; conversationId: string }
  | { type: 'undoCompact'; conversationId: string }
  /** Stops a summary being written. */
  | { type: 'cancelCompact' };

// ---------- runtime validation of webview -> host ----------

type Fields = Record<string, unknown>;

/** Only own, enumerable data of a plain object counts; inherited or prototype keys never do. */
function asFields(x: unknown): Fields | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const proto: unknown = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return undefined;
  return x as Fields;
}

function own(o: Fields, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function id(o: Fields, key: string): string | undefined {
  const v = own(o, key);
  return typeof v === 'string' && ID_PATTERN.test(v) ? v : undefined;
}

function text(o: Fields, key: string, max: number): string | undefined {
  const v = own(o, key);
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

function oneOf<T extends string>(o: Fields, key: string, allowed: readonly T[]): T | undefined {
  const v = own(o, key);
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

function idList(o: Fields, key: string, max: number): string[] | undefined {
  const v = own(o, key);
  if (!Array.isArray(v) || v.length > max) return undefined;
  const out: string[] = [];
  for (const item of v) {
    if (typeof item !== 'string' || !ID_PATTERN.test(item)) return undefined;
    out.push(item);
  }
  return out;
}

const CODE_ACTIONS = ['copy', 'insert', 'replace', 'newFile'] as const;

/**
 * Returns a freshly built message when `x` is exactly one of the ToHost shapes (extra keys are ignored,
 * never copied), otherwise undefined. Never throws.
 */
export function parseToHost(x: unknown): ToHost | undefined {
  const o = asFields(x);
  if (!o) return undefined;
  const type = own(o, 'type');
  if (typeof type !== 'string') return undefined;
  switch (type) {
    case 'ready':
    case 'newChat':
    case 'refreshModels':
    case 'addContext':
    case 'pickImage':
    case 'chooseCharacter':
    case 'clearCharacter':
    case 'cancelCompact':
      return { type };
    case 'setWebSearch': {
      const mode = oneOf(o, 'mode', WEB_SEARCH_MODES);
      return mode ? { type, mode } : undefined;
    }
    case 'send': {
      const t = text(o, 'text', MAX_INPUT_CHARS);
      const attachmentIds = idList(o, 'attachmentIds', MAX_ATTACHMENTS);
      if (t === undefined || !attachmentIds) return undefined;
      if (own(o, 'imageIds') === undefined) return { type, text: t, attachmentIds };
      const imageIds = idList(o, 'imageIds', MAX_IMAGES_PER_MESSAGE);
      return imageIds ? { type, text: t, attachmentIds, imageIds } : undefined;
    }
    case 'attachImage': {
      const name = text(o, 'name', MAX_IMAGE_NAME_CHARS);
      const dataUrl = own(o, 'dataUrl');
      // Only the shape and size here; src/chat/imageAttach.ts reads the bytes themselves.
      return name !== undefined && parseImageDataUrl(dataUrl) ? { type, name, dataUrl: dataUrl as string } : undefined;
    }
    case 'removeImage': {
      const imageId = id(o, 'imageId');
      return imageId ? { type, imageId } : undefined;
    }
    case 'removeQueued': {
      const messageId = id(o, 'messageId');
      return messageId ? { type, messageId } : undefined;
    }
    case 'stop': {
      const requestId = id(o, 'requestId');
      return requestId ? { type, requestId } : undefined;
    }
    case 'regenerate':
    case 'readAloud': {
      const messageId = id(o, 'messageId');
      return messageId ? { type, messageId } : undefined;
    }
    case 'editLast': {
      const messageId = id(o, 'messageId');
      const t = text(o, 'text', MAX_INPUT_CHARS);
      return messageId && t !== undefined ? { type, messageId, text: t } : undefined;
    }
    case 'loadOlder': {
      const conversationId = id(o, 'conversationId');
      const beforeId = id(o, 'beforeId');
      return conversationId && beforeId ? { type, conversationId, beforeId } : undefined;
    }
    case 'resendMessage': {
      const conversationId = id(o, 'conversationId');
      const messageId = id(o, 'messageId');
      return conversationId && messageId ? { type, conversationId, messageId } : undefined;
    }
    case 'switchConversation':
    case 'renameConversation':
    case 'deleteConversation':
    case 'exportConversation':
    case 'compactConversation':
    case 'undoCompact': {
      const conversationId = id(o, 'conversationId');
      return conversationId ? { type, conversationId } : undefined;
    }
    case 'selectModel': {
      const modelId = own(o, 'modelId');
      if (modelId === '') return { type, modelId: '' };
      return typeof modelId === 'string' && MODEL_ID_PATTERN.test(modelId) ? { type, modelId } : undefined;
    }
    case 'removeAttachment': {
      const attachmentId = id(o, 'attachmentId');
      return attachmentId ? { type, attachmentId } : undefined;
    }
    case 'mentionFiles': {
      const query = text(o, 'query', MAX_MENTION_QUERY_CHARS);
      return query !== undefined ? { type, query } : undefined;
    }
    case 'addMention': {
      const kind = oneOf(o, 'kind', CONTEXT_KINDS);
      if (!kind) return undefined;
      if (kind !== 'file' && kind !== 'url') return { type, kind };
      const value = text(o, 'value', MAX_HREF_CHARS)?.trim();
      return value ? { type, kind, value } : undefined;
    }
    case 'codeAction': {
      const action = oneOf(o, 'action', CODE_ACTIONS);
      const messageId = id(o, 'messageId');
      const index = own(o, 'index');
      if (!action || !messageId || !Number.isSafeInteger(index)) return undefined;
      const i = index as number;
      return i >= 0 && i <= MAX_CODE_BLOCK_INDEX ? { type, action, messageId, index: i } : undefined;
    }
    case 'openLink': {
      const href = text(o, 'href', MAX_HREF_CHARS);
      return href ? { type, href } : undefined;
    }
    case 'approval': {
      const approvalId = id(o, 'approvalId');
      const decision = oneOf(o, 'decision', ['apply', 'reject'] as const);
      return approvalId && decision ? { type, approvalId, decision } : undefined;
    }
    case 'review': {
      const approvalId = id(o, 'approvalId');
      return approvalId ? { type, approvalId } : undefined;
    }
    case 'restoreFiles': {
      const messageId = id(o, 'messageId');
      const undo = own(o, 'undo');
      return messageId && typeof undo === 'boolean' ? { type, messageId, undo } : undefined;
    }
    case 'openChangedFile': {
      const messageId = id(o, 'messageId');
      const index = own(o, 'index');
      return messageId && Number.isSafeInteger(index) && (index as number) >= 0 && (index as number) <= MAX_CODE_BLOCK_INDEX ? { type, messageId, index: index as number } : undefined;
    }
    case 'errorAction': {
      const action = oneOf(o, 'action', ['setApiKey', 'openSettings'] as const);
      return action ? { type, action } : undefined;
    }
    default:
      return undefined;
  }
}

/** Schemes a chat link may use. Everything else stays plain text in the webview and is refused by the host. */
export function isAllowedLink(href: string): boolean {
  return allowedLink(href) !== undefined;
}

/**
 * The link as the URL parser read it (`URL.href`), when its scheme is allowed: the host opens this
 * exact string, never the raw text, so what was checked is what opens.
 */
export function allowedLink(href: string): string | undefined {
  const trimmed = href.trim();
  if (!trimmed || trimmed.length > MAX_HREF_CHARS) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0 ? url.href : undefined;
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0 ? url.href : undefined;
}
