import * as assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import type { MessageView, ToHost } from '../../../src/shared/protocol';
import { GROUP_SIZE, MessageGroups } from '../../../webview-ui/chat/messageGroups';
import { ONE_UPDATE_CHARS, type MessageContext } from '../../../webview-ui/chat/messageView';
import { useHighlighter } from '../../../webview-ui/chat/render/highlight';
import * as hljs from '../../../webview-ui/chat/render/hljs';
import { MarkdownRenderer } from '../../../webview-ui/chat/render/markdown';
import { OPEN_FENCE_HIGHLIGHT_LIMIT, StreamingMarkdown } from '../../../webview-ui/chat/render/streaming';
import { ATTACHED_MESSAGES, EAGER_MESSAGES, HISTORY_MESSAGES, Transcript } from '../../../webview-ui/chat/transcript';
import { TranscriptScheduler, type SchedulerEnv, type TimeLeft } from '../../../webview-ui/chat/transcriptScheduler';
import { answer, user } from './appHarness';

// The product loads highlight.js as a module of its own (dist/webview-hljs.js); here it is installed directly.
useHighlighter(hljs);

/** A chat of `n` messages: u0, a1, u2, a3, … */
const chat = (n: number, from = 0): MessageView[] =>
  Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return i % 2 ? answer(`a${i}`, `Answer **${i}**`) : user(`u${i}`, `Question ${i}`);
  });

/** Hand-driven time: each reading of the clock advances it by `msPerRead` (work "takes" time). */
class FakeEnv implements SchedulerEnv {
  time = 0;
  frames: Array<() => void> = [];
  idle: Array<(timeLeft: TimeLeft) => void> = [];
  constructor(
    private readonly msPerRead = 1,
    withIdle = false,
  ) {
    if (!withIdle) this.requestIdle = undefined;
  }
  requestFrame(cb: () => void): void {
    this.frames.push(cb);
  }
  requestIdle?(cb: (timeLeft: TimeLeft) => void): void {
    this.idle.push(cb);
  }
  now(): number {
    this.time += this.msPerRead;
    return this.time;
  }
  frame(): void {
    const run = this.frames;
    this.frames = [];
    for (const f of run) f();
  }
  idleSlice(ms: number): void {
    const run = this.idle;
    this.idle = [];
    for (const f of run) {
      const end = this.time + ms;
      f(() => end - this.time);
    }
  }
}

type NearTop = (near: boolean) => void;

/**
 * Messages drawn without the user scrolling up, in the tests of the paging and slicing machinery:
 * more than these chats have, so it runs to the end by itself. The product draws EAGER_MESSAGES
 * (the tests of what opening a long chat draws say so).
 */
const MACHINERY_EAGER = 2_000;

/** `onObserver` gets a way to say whether the top of the transcript is near the view (JSDOM has no IntersectionObserver). */
function setup(env = new FakeEnv(), onObserver?: (nearTop: NearTop) => void, eagerMessages: number | undefined = MACHINERY_EAGER, withResizeObserver = false, onNearBottom?: (near: NearTop) => void, attachedMessages?: number) {
  const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>');
  const win = dom.window as unknown as Window & typeof globalThis;
  // JSDOM has none; the browser's calls back after layout (not needed by these tests: it only follows the end).
  if (withResizeObserver) (win as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe(): void {}
    disconnect(): void {}
  };
  if (onObserver) {
    const report = onObserver;
    (win as unknown as { IntersectionObserver: unknown }).IntersectionObserver = class {
      constructor(private readonly cb: (entries: Array<{ isIntersecting: boolean }>) => void) {}
      // One observer watches the top of the transcript, one the end of what is in the page.
      observe(target: Element): void {
        const say = (near: boolean) => this.cb([{ isIntersecting: near }]);
        if (target.classList.contains('older-messages')) report(say);
        else onNearBottom?.(say);
      }
      disconnect(): void {}
    };
  }
  const posted: ToHost[] = [];
  const ctx: MessageContext = { doc: win.document, renderer: new MarkdownRenderer(win), post: (m) => posted.push(m), chooseModel: () => undefined, retried: () => undefined };
  const transcript = new Transcript(ctx, (cb) => env.requestFrame(cb), { env, eagerMessages, attachedMessages });
  win.document.body.append(transcript.el);
  const ids = () => Array.from(transcript.el.querySelectorAll('article')).map((a) => a.getAttribute('data-message-id'));
  const lastMarked = () => Array.from(transcript.el.querySelectorAll('article[data-last]')).map((a) => a.getAttribute('data-message-id'));
  const older = () => transcript.el.querySelector('.older-messages') as HTMLElement;
  const framesUntil = (done: () => boolean, max = 500) => {
    for (let i = 0; i < max && !done(); i++) env.frame();
  };
  return { env, win, transcript, posted, ids, lastMarked, older, framesUntil };
}

describe('chat transcript: long chats open newest-first', () => {
  it('asks the host for older pages one at a time and draws them above, in order', () => {
    const t = setup();
    const all = chat(400);
    t.transcript.setMessages('c1', all.slice(340), [], 340);
    assert.deepEqual(t.ids().slice(-2), ['u398', 'a399'], 'the newest messages are drawn at once');
    assert.deepEqual(t.posted, [{ type: 'loadOlder', conversationId: 'c1', beforeId: 'u340' }], 'the next page is asked for right away');
    assert.equal(t.older().hidden, false, 'the view says that earlier messages are coming');

    // A page for another chat, or one nobody asked for, changes nothing.
    t.transcript.addOlder({ type: 'olderMessages', conversationId: 'other', beforeId: 'u340', messages: all.slice(140, 340), olderCount: 140 });
    t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: 'a399', messages: all.slice(140, 340), olderCount: 140 });
    t.framesUntil(() => t.ids().length === 60);
    assert.equal(t.ids().length, 60);

    t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: 'u340', messages: all.slice(140, 340), olderCount: 140 });
    assert.equal(t.posted.length, 1, 'no second request while 200 messages wait');
    t.framesUntil(() => t.posted.length > 1);
    assert.deepEqual(t.posted[1], { type: 'loadOlder', conversationId: 'c1', beforeId: 'u140' }, 'asked again when the waiting ones run low');
    assert.ok(t.ids().length < 340, 'before everything received was drawn');
    t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: 'u140', messages: all.slice(0, 140), olderCount: 0 });
    t.framesUntil(() => t.ids().length === 400);
    assert.deepEqual(t.ids(), all.map((m) => m.id), 'every message, in conversation order, each once');
    assert.equal(t.posted.length, 2);
    assert.equal(t.older().hidden, true);
    assert.deepEqual(t.lastMarked(), ['u398', 'a399'], 'only the last question and answer can be edited / regenerated');
  });

  it(`draws the newest messages (${EAGER_MESSAGES} in the product) by itself; older ones only when the user comes near them`, () => {
    let nearTop: NearTop = () => undefined;
    const eager = 300;
    const t = setup(new FakeEnv(0.2), (f) => (nearTop = f), eager);
    const total = eager + 300;
    const all = chat(total);
    t.transcript.setMessages('c1', all.slice(total - 60), [], total - 60);
    // The host answers every page asked for, like paging.ts.
    const answerPages = () => {
      for (const m of t.posted.splice(0)) {
        if (m.type !== 'loadOlder') continue;
        const end = all.findIndex((x) => x.id === m.beforeId);
        const start = Math.max(0, end - 200);
        t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: m.beforeId, messages: all.slice(start, end), olderCount: start });
      }
    };
    const run = (frames: number) => {
      for (let i = 0; i < frames; i++) {
        answerPages();
        t.env.frame();
      }
    };
    run(1_000);
    assert.equal(t.ids().length, eager, 'the newest ones, and no more');
    assert.equal(t.older().hidden, false, 'the view says that earlier messages are there');
    assert.equal(t.env.frames.length, 0, 'no work left scheduled: drawing has paused');
    nearTop(true);
    run(1_000);
    assert.deepEqual(t.ids(), all.map((m) => m.id), 'every message, in order, once the user came near the top');
    assert.equal(t.older().hidden, true);
  });

  it(`opens a long chat with its newest ${EAGER_MESSAGES} only; the rest is asked for and drawn once the user scrolls near the top`, () => {
    let nearTop: NearTop = () => undefined;
    const t = setup(new FakeEnv(0.2), (f) => (nearTop = f), EAGER_MESSAGES);
    const total = 1_000;
    const all = chat(total);
    t.transcript.setMessages('c1', all.slice(total - EAGER_MESSAGES), [], total - EAGER_MESSAGES);
    t.framesUntil(() => t.env.frames.length === 0, 1_000);
    assert.equal(t.ids().length, EAGER_MESSAGES, 'the page the state carried is drawn');
    assert.deepEqual(t.posted, [], 'nothing is asked from the host while the user reads the end');
    assert.equal(t.older().hidden, false, 'the top says that earlier messages come');
    // The user scrolls up: the next page is asked for, drawn, and the one after it when that runs low.
    nearTop(true);
    assert.deepEqual(t.posted, [{ type: 'loadOlder', conversationId: 'c1', beforeId: all[total - EAGER_MESSAGES].id }]);
    const answerPages = () => {
      for (const m of t.posted.splice(0)) {
        if (m.type !== 'loadOlder') continue;
        const end = all.findIndex((x) => x.id === m.beforeId);
        const start = Math.max(0, end - 200);
        t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: m.beforeId, messages: all.slice(start, end), olderCount: start });
      }
    };
    for (let i = 0; i < 200 && t.ids().length < EAGER_MESSAGES + 300; i++) {
      answerPages();
      t.env.frame();
    }
    assert.ok(t.ids().length >= EAGER_MESSAGES + 300, `${t.ids().length} drawn while the user is near the top`);
    // The user stops there: having asked for the history, it goes on being drawn in the background
    // (up to HISTORY_MESSAGES, more than this chat has).
    nearTop(false);
    const count = () => t.transcript.el.querySelectorAll('article').length;
    for (let i = 0; i < 5_000 && (i % 20 || count() < total); i++) {
      answerPages();
      t.env.frame();
    }
    assert.ok(total < HISTORY_MESSAGES);
    assert.deepEqual(t.ids(), all.map((m) => m.id), 'every message, in order, each once');
    assert.equal(t.older().hidden, true);
  });

  it('never draws more than a small slice of older messages in one frame', () => {
    // 1 ms per clock reading: a slice of 8 ms has room for a handful of messages.
    const t = setup(new FakeEnv(1));
    t.transcript.setMessages('c1', chat(200), [], 0);
    let before = t.ids().length;
    assert.ok(before >= 10 && before <= 40, `${before} drawn at once`);
    while (before < 200) {
      t.env.frame();
      const now = t.ids().length;
      assert.ok(now - before <= 8, `${now - before} messages in one frame`);
      if (now === before) break;
      before = now;
    }
    assert.equal(t.ids().length, 200);
  });

  it('draws older messages in idle time when the browser offers it, a little every frame, more while the user waits for them', () => {
    const t = setup(new FakeEnv(1, true));
    t.transcript.setMessages('c1', chat(120), [], 0);
    const count = () => t.ids().length;
    const first = count();
    t.env.frame();
    const perFrame = count() - first;
    assert.ok(perFrame >= 1 && perFrame <= 4, `a frame drew ${perFrame} (a short slice)`);
    let before = count();
    t.env.idleSlice(50);
    t.env.frame();
    const idleAndFrame = count() - before;
    assert.ok(idleAndFrame > perFrame && idleAndFrame <= 8 + 4, `an idle slice and a frame drew ${idleAndFrame}`);
    // The scheduler's "hurry" (the user scrolled near the top) gives each frame a full slice.
    (t.transcript as unknown as { scheduler: TranscriptScheduler }).scheduler.setHurry(true);
    before = count();
    t.env.frame();
    assert.ok(count() - before > perFrame, `a hurried frame drew ${count() - before}`);
  });

  it('applies updates and removals to messages that are not drawn yet', () => {
    const t = setup();
    const all = chat(100);
    t.transcript.setMessages('c1', all, [], 0);
    assert.ok(!t.ids().includes('a1'));
    t.transcript.update(answer('a1', 'Rewritten **answer**'));
    t.transcript.remove(['u2']);
    t.framesUntil(() => t.ids().length === 99);
    assert.equal(t.ids().length, 99);
    assert.ok(!t.ids().includes('u2'));
    assert.equal(t.transcript.el.querySelector('article[data-message-id="a1"] strong')?.textContent, 'answer');
  });

  it('keeps messages in groups of at most GROUP_SIZE (what the browser skips off-screen), in order, none empty', () => {
    const t = setup();
    const all = chat(300);
    t.transcript.setMessages('c1', all.slice(240), [], 240);
    t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: 'u240', messages: all.slice(0, 240), olderCount: 0 });
    t.transcript.add(user('u300', 'one more'));
    t.transcript.remove(['a1', 'u2', 'a3']);
    t.framesUntil(() => t.ids().length === 298);
    const groups = Array.from(t.transcript.el.querySelectorAll('.messages > .message-slot > .message-group'));
    assert.ok(groups.every((g) => g.childElementCount > 0 && g.childElementCount <= GROUP_SIZE), groups.map((g) => g.childElementCount).join(','));
    assert.equal(t.transcript.el.querySelectorAll('.messages > article').length, 0, 'every message is in a group');
    assert.ok(groups.length <= Math.ceil(298 / GROUP_SIZE) + 3, `${groups.length} groups`);
    assert.deepEqual(t.ids(), [...all.map((m) => m.id).filter((id) => !['a1', 'u2', 'a3'].includes(id)), 'u300']);
  });

  it('a new state reads no layout while it is applied: the view goes to its end in the next frame, with the first paint', () => {
    const t = setup(new FakeEnv(0.2), undefined, EAGER_MESSAGES, true);
    let heightReads = 0;
    let scrollTop = 0;
    Object.defineProperty(t.transcript.el, 'scrollHeight', { get: () => (heightReads++, 5_000) });
    Object.defineProperty(t.transcript.el, 'scrollTop', { get: () => scrollTop, set: (v: number) => (scrollTop = v) });
    t.transcript.setMessages('c1', chat(60, 940), [], 940);
    assert.equal(heightReads, 0, 'no layout read in the task that applies the state');
    assert.equal(scrollTop, 0);
    const drawnAtOnce = t.ids().length;
    assert.ok(drawnAtOnce >= 10 && drawnAtOnce <= 16, `${drawnAtOnce} drawn before the first paint (a screenful, not the whole page)`);
    assert.deepEqual(t.ids(), chat(60, 940).slice(-drawnAtOnce).map((m) => m.id), 'the newest ones');
    t.env.frame();
    assert.equal(scrollTop, 5_000, 'at the end in the first frame');
  });

  it(`keeps at most ${ATTACHED_MESSAGES} messages (and a group) in the page while the user scrolls up a longer chat; the newest come back when the user comes down or a message is added`, function () {
    this.timeout(40_000); // JSDOM draws a few hundred messages
    let nearTop: NearTop = () => undefined;
    let nearBottom: NearTop = () => undefined;
    // The product's ATTACHED_MESSAGES, scaled down to keep the test quick.
    const limit = 100;
    const t = setup(new FakeEnv(0.05), (f) => (nearTop = f), EAGER_MESSAGES, false, (f) => (nearBottom = f), limit);
    const total = limit + 150;
    const all = chat(total);
    // Layout as JSDOM has none: 100 px a message, the page as tall as the messages in it.
    const inPage = () => t.transcript.el.querySelectorAll('article').length;
    Object.defineProperty(t.win.HTMLElement.prototype, 'offsetHeight', { configurable: true, get(this: HTMLElement) { return this.classList.contains('message-group') ? 100 * this.childElementCount : 0; } });
    Object.defineProperty(t.transcript.el, 'scrollHeight', { get: () => 100 * inPage() });
    // Opened where the user was reading (not at the end), then scrolled up (a wheel) to the top and kept there.
    t.transcript.setMessages('c1', all.slice(total - 60), [], total - 60, 1_000);
    t.transcript.el.dispatchEvent(new t.win.Event('wheel'));
    nearTop(true);
    let most = 0;
    for (let i = 0; i < 5_000 && t.ids()[0] !== 'u0'; i++) {
      for (const m of t.posted.splice(0)) {
        if (m.type !== 'loadOlder') continue;
        const end = all.findIndex((x) => x.id === m.beforeId);
        t.transcript.addOlder({ type: 'olderMessages', conversationId: 'c1', beforeId: m.beforeId, messages: all.slice(Math.max(0, end - 200), end), olderCount: Math.max(0, end - 200) });
      }
      t.env.frame();
      most = Math.max(most, inPage());
    }
    assert.equal(t.ids()[0], 'u0', 'the first message was reached');
    assert.ok(most <= limit + GROUP_SIZE, `${most} messages in the page at most`);
    assert.deepEqual(t.ids(), all.slice(0, inPage()).map((m) => m.id), 'the oldest ones, in order');
    assert.equal(t.transcript.readingPosition, 100 * total, 'the reading position counts from the real end, the messages out of the page included');
    // Coming down to the end of what is in the page brings the newer ones back, in order, a few groups a frame.
    nearTop(false);
    nearBottom(true);
    t.env.frame();
    assert.ok(inPage() > most && inPage() <= most + 2 * GROUP_SIZE, `${inPage()} after one frame near the end`);
    nearBottom(false);
    t.env.frame();
    const before = inPage();
    t.env.frame();
    assert.equal(inPage(), before, 'nothing more comes back once the user moved away');
    // A new message goes after every message there is.
    t.transcript.add(user(`u${total}`, 'one more'));
    assert.deepEqual(t.ids(), [...all.map((m) => m.id), `u${total}`], 'every message, in order, once');
    assert.deepEqual(t.lastMarked(), [`a${total - 1}`, `u${total}`]);
  });

  it('message groups: a message removed while its group is out of the page is gone when the group comes back; an emptied group is dropped', () => {
    const dom = new JSDOM('<!DOCTYPE html><html><body><div></div></body></html>');
    const doc = dom.window.document;
    const groups = new MessageGroups(doc, doc.querySelector('div') as HTMLElement, 2);
    const els = Array.from({ length: 7 }, (_, i) => Object.assign(doc.createElement('article'), { id: `m${i}` }));
    for (const el of els) groups.append(el);
    groups.detachNewest(4);
    const inPage = () => Array.from(groups.list.querySelectorAll('article')).map((a) => a.id);
    assert.deepEqual(inPage(), ['m0', 'm1', 'm2', 'm3'], 'whole groups leave, the newest first, until no more than 4 are in the page');
    groups.remove(els[6]);
    groups.remove(els[4]);
    groups.remove(els[5]);
    assert.equal(groups.hasDetached, false, 'the emptied groups were dropped');
    groups.detachNewest(1);
    groups.append(Object.assign(doc.createElement('article'), { id: 'm7' }));
    assert.deepEqual(inPage(), ['m0', 'm1', 'm2', 'm3', 'm7']);
  });

  it('message groups: once over the limit, groups leave in one batch, every height read before the first leaves; none leave until the page is over the limit again', () => {
    const dom = new JSDOM('<!DOCTYPE html><html><body><div></div></body></html>');
    const win = dom.window;
    const doc = win.document;
    const list = doc.querySelector('div') as HTMLElement;
    const groups = new MessageGroups(doc as unknown as Document, list, 2);
    // Each height read notes how many groups were still in the page: a read after a removal makes
    // the browser update the whole page's style in that task, once per group.
    const groupsAtRead: number[] = [];
    Object.defineProperty(win.HTMLElement.prototype, 'offsetHeight', { configurable: true, get(this: HTMLElement) { groupsAtRead.push(list.childElementCount); return 50 * this.childElementCount; } });
    const add = (from: number, n: number) => { for (let i = from; i < from + n; i++) groups.append(Object.assign(doc.createElement('article'), { id: `m${i}` }) as unknown as HTMLElement); };
    const inPage = () => Array.from(list.querySelectorAll('article')).map((a) => a.id);
    add(0, 10);
    groups.detachNewest(10, 4);
    assert.equal(inPage().length, 10, 'not over the limit: nothing leaves');
    add(10, 2);
    groups.detachNewest(10, 4);
    assert.deepEqual(inPage(), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'], 'over the limit: down to the limit less the batch, whole groups, the newest first');
    assert.deepEqual(groupsAtRead, [6, 6, 6], 'three heights read, all before the first group left');
    assert.equal(groups.detachedHeight, 300);
    groupsAtRead.length = 0;
    // Older messages drawn above fill the page again; nothing leaves until it is over the limit.
    groups.prepend(Array.from({ length: 4 }, (_, i) => Object.assign(doc.createElement('article'), { id: `o${i}` }) as unknown as HTMLElement));
    groups.detachNewest(10, 4);
    assert.equal(groupsAtRead.length, 0, 'at the limit: no layout read, nothing leaves');
    groups.reattach();
    assert.deepEqual(inPage(), ['o0', 'o1', 'o2', 'o3', ...Array.from({ length: 12 }, (_, i) => `m${i}`)], 'back in order');
  });

  it('a message added while older ones are still drawn goes to the end and becomes the last', () => {
    const t = setup();
    t.transcript.setMessages('c1', chat(100), [], 0);
    t.transcript.add(user('u100', 'New question'));
    assert.equal(t.ids().at(-1), 'u100');
    t.framesUntil(() => t.ids().length === 101);
    assert.equal(t.ids().at(-1), 'u100');
    assert.deepEqual(t.lastMarked(), ['a99', 'u100']);
  });
});

describe('chat transcript: streamed text is drawn within a per-frame budget', () => {
  it('a big burst of text is drawn over several frames; the answer reads as streaming until all of it shows', () => {
    const t = setup(new FakeEnv(1));
    const streaming = answer('a1', '', { state: 'streaming' });
    t.transcript.setMessages('c1', [user('u0', 'Q'), streaming], [], 0);
    const article = t.transcript.el.querySelector('article[data-message-id="a1"]') as HTMLElement;
    const paragraphs = Array.from({ length: 1_200 }, (_, i) => `Paragraph ${i} with **bold** words and \`code\`.`);
    const text = `${paragraphs.join('\n\n')}\n`;
    t.transcript.delta('a1', 0, 'text', text);
    t.transcript.update(answer('a1', text, { state: 'done' }));
    assert.equal(article.getAttribute('data-state'), 'streaming', 'not all drawn yet');
    assert.equal(article.getAttribute('aria-busy'), 'true');
    let frames = 0;
    while (article.getAttribute('data-state') === 'streaming' && frames < 1_000) {
      t.env.frame();
      frames++;
    }
    assert.ok(frames > 3, `drawn over ${frames} frames`);
    assert.equal(article.getAttribute('data-state'), 'done');
    const expected = t.win.document.createElement('div');
    new StreamingMarkdown(expected, new MarkdownRenderer(t.win)).update(text);
    assert.equal((article.querySelector('.markdown') as HTMLElement).innerHTML, expected.innerHTML, 'the same DOM as drawing it at once');
  });

  it(`text of up to ONE_UPDATE_CHARS (${ONE_UPDATE_CHARS}) that arrived together shows whole in the next frame, even on a slow frame`, () => {
    // Each clock reading "takes" 10 ms: the frame's budget is spent after the first piece of drawing.
    const t = setup(new FakeEnv(10));
    t.transcript.setMessages('c1', [user('u0', 'Q'), answer('a1', '', { state: 'streaming' })], [], 0);
    const lines = Array.from({ length: 60 }, (_, i) => `Line ${i} of the answer, with **bold** words.`);
    const text = `${lines.join('\n\n')}\n\nDone: LASTWORD`;
    assert.ok(text.length > 1_500 && text.length <= ONE_UPDATE_CHARS, `${text.length} characters`);
    t.transcript.delta('a1', 0, 'text', text);
    t.env.frame();
    const markdown = t.transcript.el.querySelector('article[data-message-id="a1"] .markdown') as HTMLElement;
    assert.match(markdown.textContent ?? '', /LASTWORD/, 'the last word is drawn in the first frame');
  });

  it('a burst is drawn in pieces sized to the budget left, not in fixed 600-character ones (fewer re-renders of the open tail)', () => {
    const t = setup(new FakeEnv(1));
    t.transcript.setMessages('c1', [user('u0', 'Q'), answer('a1', '', { state: 'streaming' })], [], 0);
    const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} with **bold** words.`);
    const text = `${paragraphs.join('\n\n')}\n`;
    assert.ok(text.length > 12_000, `${text.length} characters`);
    const proto = MarkdownRenderer.prototype;
    const real = proto.renderBlocks;
    let renders = 0;
    proto.renderBlocks = function (this: MarkdownRenderer, ...args: Parameters<typeof real>) {
      renders++;
      return real.apply(this, args);
    };
    try {
      t.transcript.delta('a1', 0, 'text', text);
      t.framesUntil(() => /Paragraph 399/.test(t.transcript.el.querySelector('article[data-message-id="a1"] .markdown')?.textContent ?? ''));
    } finally {
      proto.renderBlocks = real;
    }
    // Each Markdown update renders its kept and its open blocks: two renders an update.
    const updates = renders / 2;
    assert.ok(updates < text.length / 600 / 2, `${updates} updates for ${text.length} characters`);
  });

  it('a big code block that is still open is shown plain, and highlighted when the answer ends', () => {
    const t = setup(new FakeEnv(0));
    t.transcript.setMessages('c1', [user('u0', 'Q'), answer('a1', '', { state: 'streaming' })], [], 0);
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length <= OPEN_FENCE_HIGHLIGHT_LIMIT; i++) lines.push(`const value${i} = compute(${i}); // step ${i}`);
    const open = `Here it is:\n\n\`\`\`ts\n${lines.join('\n')}\n`;
    t.transcript.delta('a1', 0, 'text', open);
    t.env.frame();
    const code = () => t.transcript.el.querySelector('article[data-message-id="a1"] pre code') as HTMLElement;
    assert.match(code().textContent ?? '', /value0/);
    assert.equal(code().querySelector('.hljs-keyword'), null, 'no colours while the big block is open');
    const small = 'Small:\n\n```ts\nconst x = 1;\n';
    const t2 = setup(new FakeEnv(0));
    t2.transcript.setMessages('c1', [answer('a1', '', { state: 'streaming' })], [], 0);
    t2.transcript.delta('a1', 0, 'text', small);
    t2.env.frame();
    assert.ok(t2.transcript.el.querySelector('pre code .hljs-keyword'), 'a small open block has its colours at once');

    t.transcript.update(answer('a1', `${open}\`\`\``, { state: 'done' }));
    t.env.frame();
    assert.ok(code().querySelector('.hljs-keyword'), 'coloured once the answer has ended');
  });
});

describe('transcript scheduler', () => {
  it('runs a frame job once per frame however often it is asked for', () => {
    const env = new FakeEnv(0);
    const s = new TranscriptScheduler(env);
    let runs = 0;
    const job = () => runs++;
    s.inFrame(job);
    s.inFrame(job);
    env.frame();
    assert.equal(runs, 1);
    env.frame();
    assert.equal(runs, 1);
  });

  it('stops slicing background work when it says it is done, or when it is replaced', () => {
    const env = new FakeEnv(1);
    const s = new TranscriptScheduler(env, 8);
    let left = 30;
    const slices: number[] = [];
    s.setBackground((timeLeft) => {
      let n = 0;
      while (left > 0 && (n === 0 || timeLeft() > 0)) {
        left--;
        n++;
      }
      slices.push(n);
      return left > 0;
    });
    for (let i = 0; i < 20; i++) env.frame();
    assert.equal(left, 0);
    assert.ok(slices.every((n) => n <= 8), `slices ${slices.join(',')}`);
    assert.equal(s.hasBackground, false);
    let other = 0;
    s.setBackground(() => {
      other++;
      return true;
    });
    s.setBackground(undefined);
    env.frame();
    assert.equal(other, 0, 'cancelled work never runs');
  });
});
