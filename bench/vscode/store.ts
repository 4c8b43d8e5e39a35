// Part 3: opening a stored conversation of 2,000 messages. The files are written in the product's
// format (checked with its own parser) into the extension's workspace storage, the window is
// reloaded with the Explorer showing, and then the Venice view is opened by a click on its
// activity-bar icon. Times are from that click.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { VSCodeSession } from '../../test/harness/vscode';
import { sleep } from '../lib/stats';
import { bigConversation } from './content';
import { chatDocument, command, evalIn, until } from './session';

export interface StoreOpenResult {
  /** How many openings the figures are medians of (1 when absent). */
  runs?: number;
  messages: number;
  fileBytes: number;
  /** Click -> the newest messages painted. */
  firstPaintMs: number;
  /** Click -> painted and no long task running (time-to-interactive style: the end of the last long task before all messages were drawn, or first paint if later). */
  interactiveMs: number;
  /** Click -> every message in the DOM (older ones are drawn a chunk per frame). */
  allDrawnMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Where the time to first paint goes: click -> webview document created -> host's state message arrived. */
  webviewDocumentMs: number;
  stateMessageMs: number;
}

interface ProbeState {
  longtasks: Array<{ start: number; duration: number }>;
  articles: number;
  firstArticlePaintedAt: number;
  lastArticleAt: number;
  documentStartAt: number;
  firstStateMessageAt: number;
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
  // The Explorer is restored after the reload, so the chat view opens only on our click.
  await command(vs, 'workbench.view.explorer');
  await sleep(500);
  const fileBytes = writeConversation(dir, messages);
  await vs.reload();
  await sleep(2_000); // let the restored workbench settle before timing
  const icon = vs.page.locator('.activitybar [aria-label^="Venice"]').first();
  const box = await icon.boundingBox();
  if (!box) throw new Error('the Venice activity-bar icon is not visible');
  const clickedAt = Date.now();
  await vs.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const frame = await chatDocument(vs.page, 60_000);
  const state = await until(
    `all ${messages} messages drawn`,
    async () => {
      const s = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()');
      return s.articles >= messages && s.firstArticlePaintedAt ? s : undefined;
    },
    120_000,
    50,
  );
  await sleep(500);
  const after = await evalIn<ProbeState>(frame, 'window.__veniceBench.state()');
  const tasks = after.longtasks.filter((t) => t.start + t.duration >= clickedAt && t.start <= state.lastArticleAt);
  const lastTaskEnd = Math.max(0, ...tasks.map((t) => t.start + t.duration));
  return {
    messages,
    fileBytes,
    firstPaintMs: state.firstArticlePaintedAt - clickedAt,
    interactiveMs: Math.max(state.firstArticlePaintedAt, lastTaskEnd) - clickedAt,
    allDrawnMs: state.lastArticleAt - clickedAt,
    longTasks: tasks.length,
    longestTaskMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    webviewDocumentMs: state.documentStartAt - clickedAt,
    stateMessageMs: state.firstStateMessageAt ? state.firstStateMessageAt - clickedAt : Number.NaN,
  };
}
