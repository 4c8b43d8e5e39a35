// Where the chat keeps its conversations on disk in the test session, and the stored file format
// (src/chat/storeSchema.ts), so a suite can check what was saved or plant a conversation.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { e2e } from '../context';
import { EXTENSION_ID } from './workbench';

/**
 * The chat store folder: <user data>/User/workspaceStorage/<hash>/<extension id>/chat, the hash
 * being VS Code's id for the temp workspace (its workspace.json names the folder).
 */
export function chatStoreDir(): string {
  const { vscode } = e2e();
  const root = path.join(vscode.userDataDir, 'User', 'workspaceStorage');
  const folderUri = `file://${vscode.workspace}`;
  const candidates = existsSync(root) ? readdirSync(root) : [];
  for (const hash of candidates) {
    const marker = path.join(root, hash, 'workspace.json');
    if (!existsSync(marker)) continue;
    const folder = (JSON.parse(readFileSync(marker, 'utf8')) as { folder?: string }).folder ?? '';
    if (decodeURIComponent(folder.replace(/^vscode-remote:\/\/[^/]*/, 'file://')) !== folderUri) continue;
    const dir = path.join(root, hash, EXTENSION_ID, 'chat');
    if (existsSync(dir)) return dir;
  }
  throw new Error(`no chat store under ${root} for ${folderUri} (found: ${candidates.join(', ') || 'nothing'})`);
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
