// Part 3: opening a stored conversation of 2,000 messages. The files are written in the product's
// format (checked with its own parser) into the extension's workspace storage, the window is
// reloaded with the Explorer showing, and then the Venice view is opened by a click on its
// activity-bar icon (bench/vscode/viewOpen.ts, shared with the empty view it is compared with).
// Times are from that click.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { VSCodeSession } from '../../test/harness/vscode';
import { bigConversation } from './content';
import { chatDocument } from './session';
import { openViewByClick, type ViewOpenTimes } from './viewOpen';

export interface StoreOpenResult extends ViewOpenTimes {
  /** How many openings the figures are medians of (1 when absent). */
  runs?: number;
  messages: number;
  fileBytes: number;
}

const ID = 'bench-2000-messages';

function chatStoreDir(userDataDir: string): string {
  const root = path.join(userDataDir, 'User', 'workspaceStorage');
  for (const ws of existsSync(root) ? readdirSync(root) : []) {
    const dir = path.join(root, ws, 'venice-community.venice-vscode', 'chat');
    if (existsSync(path.join(dir, 'index.json'))) return dir;
  }
  throw new Error(`no chat store under ${root}: run a chat first`);
}

/** Writes the conversation and makes it the active one, atomically like the product does. */
function writeConversation(dir: string, messages: number): number {
  const { json, conversation } = bigConversation(ID, messages);
  const file = path.join(dir, `conv-${ID}.json`);
  writeFileSync(`${file}.tmp`, json);
  renameSync(`${file}.tmp`, file);
  const indexFile = path.join(dir, 'index.json');
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { version: 1; activeId?: string; conversations: Array<{ id: string }> };
  index.conversations = index.conversations.filter((c) => c.id !== ID);
  index.conversations.push({ id: ID, title: conversation.title, createdAt: conversation.createdAt, updatedAt: conversation.updatedAt, messageCount: messages } as { id: string });
  index.activeId = ID;
  writeFileSync(`${indexFile}.tmp`, JSON.stringify(index));
  renameSync(`${indexFile}.tmp`, indexFile);
  return Buffer.byteLength(json);
}

export async function storeOpenBench(vs: VSCodeSession, messages = 2_000): Promise<StoreOpenResult> {
  const dir = chatStoreDir(vs.userDataDir);
  const fileBytes = writeConversation(dir, messages);
  const times = await openViewByClick(vs, 'Venice', (timeoutMs) => chatDocument(vs.page, timeoutMs), messages);
  return { messages, fileBytes, ...times };
}
