// Part 3: opening a stored conversation of 2,000 messages (and one of 10,000, then scrolling it to
// its top: bench/vscode/scroll.ts). The conversation (checked with the product's own parser) is saved
// by the product's own store into the extension's workspace storage, as a chat the user had (its
// file, its newest-page file and its index entry), the window is reloaded with the Explorer
// showing, and then the Venice view is opened by a click on its activity-bar icon
// (bench/vscode/viewOpen.ts, shared with the empty view it is compared with). Times are from that click.
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { nodeStorageFs } from '../../src/chat/storageFs';
import { ConversationStore } from '../../src/chat/store';
import type { VSCodeSession } from '../../test/harness/vscode';
import { EAGER_MESSAGES } from '../../webview-ui/chat/transcript';
import { bigConversation } from './content';
import { scrollToTop, type ScrollResult } from './scroll';
import { chatDocument } from './session';
import { openViewByClick, type ViewOpenTimes } from './viewOpen';

export interface StoreOpenResult extends ViewOpenTimes {
  /** How many openings the figures are medians of (1 when absent). */
  runs?: number;
  messages: number;
  fileBytes: number;
}

const idFor = (messages: number) => `bench-${messages}-messages`;
const SHOTS = process.env.BENCH_SCREENSHOTS ?? '';
let shots = 0;
let written = 0;
const SCROLL_TRACE = process.env.BENCH_SCROLL_TRACE ?? '';
let scrollTraces = 0;

function chatStoreDir(userDataDir: string): string {
  const root = path.join(userDataDir, 'User', 'workspaceStorage');
  for (const ws of existsSync(root) ? readdirSync(root) : []) {
    const dir = path.join(root, ws, 'venice-community.venice-vscode', 'chat');
    if (existsSync(path.join(dir, 'index.json'))) return dir;
  }
  throw new Error(`no chat store under ${root}: run a chat first`);
}

/** Saves the conversation with the product's store and makes it the active one. */
async function writeConversation(dir: string, messages: number): Promise<number> {
  // A new id each time: the view returns to where the user was reading in the same chat, and each
  // opening must start at the end like the first.
  const id = `${idFor(messages)}-${++written}`;
  const { json, conversation } = bigConversation(id, messages);
  const store = new ConversationStore(dir, nodeStorageFs, {
    warn: (m) => {
      throw new Error(`the bench's chat store: ${m}`);
    },
  });
  await store.save(conversation);
  await store.setActive(id);
  return Buffer.byteLength(json);
}

/** Times the opening until the view has drawn what it draws by itself: every message, or the newest EAGER_MESSAGES of a longer chat. */
export async function storeOpenBench(vs: VSCodeSession, messages = 2_000): Promise<StoreOpenResult> {
  const dir = chatStoreDir(vs.userDataDir);
  const fileBytes = await writeConversation(dir, messages);
  const times = await openViewByClick(vs, 'Venice', (timeoutMs) => chatDocument(vs.page, timeoutMs), Math.min(messages, EAGER_MESSAGES));
  return { messages, fileBytes, ...times };
}

/** Opens the conversation like storeOpenBench, then scrolls it from its end to its first message. */
export async function longChatBench(vs: VSCodeSession, messages: number): Promise<{ open: StoreOpenResult; scroll: ScrollResult }> {
  const open = await storeOpenBench(vs, messages);
  const shot = async (what: string) => {
    // BENCH_SCREENSHOTS=dir: what the user sees once it opened and once it is scrolled to the top.
    if (SHOTS) await vs.page.screenshot({ path: path.join(SHOTS, `long-${messages}-${++shots}-${what}.png`) });
  };
  await shot('opened');
  // BENCH_SCROLL_TRACE=dir: a Chromium trace of each scroll (large: about 8 MB a second), to find its long tasks.
  const browser = SCROLL_TRACE ? vs.page.context().browser() : null;
  if (browser) await browser.startTracing(vs.page, { path: path.join(SCROLL_TRACE, `scroll-${messages}-${++scrollTraces}.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', 'v8', 'blink_gc', ...(process.env.BENCH_SCROLL_TRACE_JS ? ['disabled-by-default-v8.cpu_profiler'] : [])] });
  const scroll = await scrollToTop(await chatDocument(vs.page), 'u0');
  if (browser) await browser.stopTracing();
  await shot('top');
  return { open, scroll };
}
