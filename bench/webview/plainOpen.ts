// Opening a long chat's page in plain Chromium (no VS Code): the page the host builds (chatHtml with
// the newest page of a generated conversation in its data block) and the built dist/ files, served
// over loopback with a delay per file like a webview's resource loads, and a stand-in for
// acquireVsCodeApi that answers 'loadOlder' like the host. Quicker to repeat than the real VS Code
// bench (and needs no VS Code lock), for working on what the view does between its document and its
// first paint; the figures are not comparable with the bench's (no workbench, no service worker).
// Usage: node --import tsx bench/webview/plainOpen.ts [runs=5] [messages=2000] [distA] [distB]
// With two dist folders the runs alternate between them (A/B on one loaded machine).
import { existsSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { messageView } from '../../src/chat/view';
import type { ChatStateView, MessageView } from '../../src/shared/chatViews';
import { chatHtml } from '../../src/webview/html';
import { CHROMIUM, REPO } from '../../test/harness/paths';
import { bigConversation } from '../vscode/content';
import { scrollToTop } from '../vscode/scroll';
import { selfTimeByScript, type CpuProfile } from '../lib/cpuProfile';
import { median } from '../lib/stats';

const RUNS = Number(process.argv[2] ?? 5);
const MESSAGES = Number(process.argv[3] ?? 2_000);
const DISTS = (process.argv.slice(4).length ? process.argv.slice(4) : [path.join(REPO, 'dist')]).map((d) => path.resolve(d));
/** Per-file delay, like a webview resource going through the workbench and the server. */
const FILE_DELAY_MS = Number(process.env.PLAIN_FILE_DELAY_MS ?? 20);
const PAGE = 60;

const { conversation } = bigConversation('plain', MESSAGES);
const views: MessageView[] = conversation.entries.map((e) => messageView(e, () => undefined));

function state(): ChatStateView {
  return {
    conversations: [{ id: 'plain', title: conversation.title, createdAt: conversation.createdAt, updatedAt: conversation.updatedAt, messageCount: MESSAGES } as ChatStateView['conversations'][number]],
    activeId: 'plain',
    messages: views.slice(-PAGE),
    olderCount: Math.max(0, views.length - PAGE),
    conversationNotes: [],
    busy: null,
    models: { models: [], selected: '', loading: false },
    attachments: [],
  };
}

const STUB = `
(() => {
  let saved;
  window.__plain = { longtasks: [], firstArticleAt: 0, firstPaintAt: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__plain.longtasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    if (window.__plain.firstArticleAt || !document.querySelector('article[data-message-id]')) return;
    window.__plain.firstArticleAt = performance.now();
    requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => { window.__plain.firstPaintAt = performance.now(); performance.mark('plain-first-paint'); }; c.port2.postMessage(0); });
  }).observe(document, { childList: true, subtree: true });
  window.acquireVsCodeApi = () => ({
    // The answer comes back as the exposed function's result (a page.evaluate per answer would compile a script in the page each time).
    postMessage: (m) => window.__plainPost(JSON.stringify(m)).then((a) => a && window.postMessage(JSON.parse(a), '*')),
    getState: () => saved,
    setState: (s) => (saved = s),
  });
})();`;

function serve(): Promise<{ url: string; dist: { current: string }; close(): void }> {
  const dist = { current: DISTS[0] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (type: string, body: string | Buffer) =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      }, url.pathname === '/' ? 0 : FILE_DELAY_MS);
    if (url.pathname === '/') {
      // A build from before codicons were bundled into webview.css has their stylesheet apart.
      const codicons = existsSync(path.join(dist.current, 'codicons')) ? { codiconsUri: '/dist/codicons/codicon.css' } : {};
      const html = chatHtml({ cspSource: `http://${req.headers.host}`, nonce: 'plainnonce', scriptUri: '/dist/webview.js', styleUri: '/dist/webview.css', ...codicons, initialState: { token: String(Math.random()), state: state() } });
      return send('text/html', html);
    }
    const file = path.join(dist.current, url.pathname.replace(/^\/dist\//, ''));
    if (!file.startsWith(dist.current)) return res.writeHead(404).end();
    try {
      const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      return send(type, readFileSync(file));
    } catch {
      return res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, dist, close: () => server.close() })));
}

function printProfile(label: string, p: CpuProfile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    if (!n || n.callFrame.functionName === '(idle)') continue;
    const k = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}:${(n.callFrame as { columnNumber?: number }).columnNumber ?? 0}`;
    self.set(k, (self.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  console.log(`profile of ${label}: by script ${JSON.stringify(selfTimeByScript(p))}`);
  // Inclusive time of named functions (each counted once per sample, however deep it recurses).
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const seen = new Set<string>();
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      if (!n?.callFrame.functionName || n.callFrame.functionName.length < 4) continue;
      seen.add(n.callFrame.functionName);
    }
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  console.log(`  inclusive: ${[...total].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${k}`);
}

async function main(): Promise<void> {
  const srv = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const results = DISTS.map(() => ({ firstPaint: [] as number[], interactive: [] as number[], longest: [] as number[] }));
  try {
    for (let i = 0; i < RUNS * DISTS.length; i++) {
      const which = i % DISTS.length;
      srv.dist.current = DISTS[which];
      const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
      await page.exposeFunction('__plainPost', (json: string) => {
        const m = JSON.parse(json) as { type: string; beforeId?: string; conversationId?: string };
        if (m.type !== 'loadOlder' || !m.beforeId) return '';
        const end = views.findIndex((v) => v.id === m.beforeId);
        const start = Math.max(0, end - 200);
        const msg = { type: 'olderMessages', conversationId: m.conversationId, beforeId: m.beforeId, messages: views.slice(start, end), olderCount: start };
        return JSON.stringify(msg);
      });
      await page.addInitScript({ content: STUB });
      // PLAIN_TRACE=file: a Chromium trace of the first run of each dist folder (PLAIN_TRACE_CATEGORIES=a,b adds categories).
      const tracing = process.env.PLAIN_TRACE && (process.env.PLAIN_TRACE_ALL || i < DISTS.length);
      if (tracing) await browser.startTracing(page, { path: `${process.env.PLAIN_TRACE}-${which}-${i}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'toplevel', 'disabled-by-default-v8.compile', ...(process.env.PLAIN_TRACE_CATEGORIES?.split(',') ?? [])] });
      // PLAIN_PROFILE=1: a CPU profile of the first run of each dist folder; its top functions are printed.
      const cdp = process.env.PLAIN_PROFILE && i < DISTS.length ? await page.context().newCDPSession(page) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      await page.goto(srv.url);
      await page.waitForFunction(() => (window as unknown as { __plain: { firstPaintAt: number } }).__plain.firstPaintAt > 0, undefined, { timeout: 60_000 });
      await page.waitForTimeout(1_500);
      if (cdp) printProfile(DISTS[which], ((await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }).profile);
      // PLAIN_SHOT=prefix: what the page shows once opened (and, with PLAIN_SCROLL, at the top).
      if (process.env.PLAIN_SHOT) await page.screenshot({ path: `${process.env.PLAIN_SHOT}-${which}-${i}-opened.png` });
      if (process.env.PLAIN_SCROLL) {
        // PLAIN_SCROLL=1: then the bench's fling to the first message (bench/vscode/scroll.ts); the trace and profile cover it.
        const probe = `window.__veniceBench = { state: () => ({ longtasks: window.__plain.longtasks.map((t) => ({ start: performance.timeOrigin + t.start, duration: t.duration })) }) }`;
        await page.evaluate(probe);
        const r = await scrollToTop(page.mainFrame(), 'u0');
        if (process.env.PLAIN_MARKS) console.log(JSON.stringify(await page.evaluate(() => ({ re: (globalThis as { __re?: number }).__re, de: (globalThis as { __de?: number }).__de, inPage: document.querySelectorAll('article').length }))));
        if (process.env.PLAIN_SHOT) await page.screenshot({ path: `${process.env.PLAIN_SHOT}-${which}-${i}-top.png` });
        // PLAIN_EVAL=file.js: an expression evaluated in the page after the scroll (experiments); its result is printed (and with PLAIN_SHOT, the page shown after it).
        if (process.env.PLAIN_EVAL) {
          console.log(JSON.stringify(await page.evaluate(readFileSync(process.env.PLAIN_EVAL, 'utf8'))));
          if (process.env.PLAIN_SHOT) await page.screenshot({ path: `${process.env.PLAIN_SHOT}-${which}-${i}-evaluated.png` });
        }
        console.log(`scroll: ${r.durationMs} ms, ${r.frames} frames, longest gap ${r.longestFrameGapMs} ms, p95 gap ${r.p95FrameGapMs} ms, longest task ${r.longestTaskMs} ms, ${r.longTasks} long tasks${r.reachedFirst ? '' : ' (did not reach the first message)'}`);
      }
      if (tracing) await browser.stopTracing();
      const p = await page.evaluate(() => (window as unknown as { __plain: { firstPaintAt: number; longtasks: Array<{ start: number; duration: number }> } }).__plain);
      const ends = p.longtasks.map((t) => t.start + t.duration);
      const interactive = Math.max(p.firstPaintAt, ...ends.filter((e) => e < 1_500 + p.firstPaintAt));
      if (process.env.PLAIN_MARKS) console.log(JSON.stringify(await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name} ${m.startTime.toFixed(0)}`))));
      results[which].firstPaint.push(Math.round(p.firstPaintAt));
      results[which].interactive.push(Math.round(interactive));
      results[which].longest.push(Math.round(Math.max(0, ...p.longtasks.map((t) => t.duration))));
      await page.close();
    }
  } finally {
    await browser.close();
    srv.close();
  }
  DISTS.forEach((d, i) => {
    const r = results[i];
    console.log(`${d}: first paint median ${median(r.firstPaint)} ms [${r.firstPaint.join(', ')}], interactive median ${median(r.interactive)} ms [${r.interactive.join(', ')}], longest task [${r.longest.join(', ')}] (from navigation start)`);
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
