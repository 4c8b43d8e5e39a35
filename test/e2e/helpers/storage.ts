// Where the chat keeps its conversations on disk in the test session, and the stored file format
// (src/chat/storeSchema.ts), so a suite can check what was saved or plant a conversation.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { e2e } from '../context';
import { EXTENSION_ID } from './workbench';

/**
 * The chat store folder: <user data>/User/workspaceStorage/<id>/<extension id>/chat, where <id> is
 * VS Code's id for the temp workspace. The session opens one workspace, so there is one such folder;
 * should there be more, the one whose workspace.json names our folder wins.
 */
export function chatStoreDir(): string {
  const { vscode } = e2e();
  const root = path.join(vscode.userDataDir, 'User', 'workspaceStorage');
  const found = (existsSync(root) ? readdirSync(root) : []).filter((id) => existsSync(path.join(root, id, EXTENSION_ID, 'chat')));
  const ours = found.filter((id) => {
    const marker = path.join(root, id, 'workspace.json');
    if (!existsSync(marker)) return false;
    const folder = (JSON.parse(readFileSync(marker, 'utf8')) as { folder?: string }).folder ?? '';
    return decodeURIComponent(folder).endsWith(vscode.workspace);
  });
  const pick = ours.length === 1 ? ours[0] : found.length === 1 ? found[0] : undefined;
  if (!pick) throw new Error(`cannot tell which chat store under ${root} is this workspace's (candidates: ${found.join(', ') || 'none'})`);
  return path.join(root, pick, EXTENSION_ID, 'chat');
}

/** The stored JSON text of a conversation, or undefined when it has not been written yet. */
export function storedConversation(conversationId: string): string | undefined {
  const f = path.join(chatStoreDir(), `conv-${conversationId}.json`);
  return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
}

// ---------- the stored format (version 1), for planting conversations ----------

export interface StoredUser {
  id: string;
  role: 'user';
  text: string;
  attachments: [];
  createdAt: number;
}

export interface StoredAnswer {
  id: string;
  role: 'assistant';
  createdAt: number;
  state: 'done';
  model: string;
  rounds: Array<{ text: string; reasoning: string; toolCalls: [] }>;
  usage: { promptTokens: number; completionTokens: number };
  citations: [];
  notes: [];
  finishReason: 'stop';
}

export interface StoredConversation {
  version: 1;
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  entries: Array<StoredUser | StoredAnswer>;
}
