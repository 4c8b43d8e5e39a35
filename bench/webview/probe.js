// Injected by the benchmark into every frame of the workbench (Playwright addInitScript, before any
// page script). It only watches: long tasks (>50 ms), when messages appear in the chat transcript,
// and when a watched text (the answer's last token) first appears. Times are wall-clock
// milliseconds (Date.now), comparable with the benchmark process on the same machine.
// "Painted" = the first task after the frame that drew the change: rendering work queued in a
// requestAnimationFrame callback is painted before the next task runs; a change made in an
// ordinary task is painted in the next frame.
/* global PerformanceObserver, MutationObserver, MessageChannel, performance, queueMicrotask, location */
(() => {
  if (window.__veniceBench) return;
  const state = {
    longtasks: [],
    sentinel: '',
    sentinelSeenAt: 0,
    sentinelPaintedAt: 0,
    /** When the host's message carrying the watched text reached this frame. */
    sentinelMessageAt: 0,
    articles: 0,
    firstArticleSeenAt: 0,
    firstArticlePaintedAt: 0,
    lastArticleAt: 0,
    /** When this frame's document started loading, and when the host's first full state arrived. */
    documentStartAt: Math.round(performance.timeOrigin),
    firstStateMessageAt: 0,
    /**
     * In a webview's outer frame (VS Code's pre/index.html): when it last made an inner frame with a
     * page visible (it keeps it hidden until the page's load event, style sheets, scripts and fonts
     * in, or for 200 ms), and the frame after that painted. 0 in other frames.
     */
    frameShownAt: 0,
    frameShownPaintedAt: 0,
  };
  const onMessage = (e) => {
    const d = e.data;
    if (!state.firstStateMessageAt && d && typeof d === 'object' && d.type === 'state') state.firstStateMessageAt = Date.now();
    if (state.sentinel && !state.sentinelMessageAt && d && typeof d === 'object' && d.type === 'delta' && typeof d.text === 'string' && d.text.includes(state.sentinel)) state.sentinelMessageAt = Date.now();
  };
  const epoch = (t) => performance.timeOrigin + t;
  const channel = new MessageChannel();
  const afterPaint = [];
  channel.port1.onmessage = () => {
    const now = Date.now();
    for (const f of afterPaint.splice(0)) f(now);
  };
  let rafDepth = 0;
  const realRaf = window.requestAnimationFrame.bind(window);
  // Marks whether a change happens inside a frame callback (the product renders there).
  window.requestAnimationFrame = (cb) =>
    realRaf((t) => {
      rafDepth++;
      try {
        cb(t);
      } finally {
        queueMicrotask(() => rafDepth--);
      }
    });
  const whenPainted = (record) => {
    const post = () => {
      afterPaint.push(record);
      channel.port2.postMessage(0);
    };
    if (rafDepth > 0) post();
    else realRaf(() => post());
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longtasks.push({ start: epoch(e.startTime), duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long task API: the list stays empty and the report says so.
  }
  const countArticles = (node) => {
    if (node.nodeType !== 1) return 0;
    if (node.matches('article[data-message-id]')) return 1;
    return node.querySelectorAll ? node.querySelectorAll('article[data-message-id]').length : 0;
  };
  // VS Code's webview host page (the outer frame around a webview's page).
  const isWebviewHost = /\/pre\/index\.html$/.test(location.pathname);
  let shownFrame = null;
  const observer = new MutationObserver((records) => {
    const now = Date.now();
    if (isWebviewHost) {
      // The latest frame shown: VS Code may first show one for an empty page (the webview's options
      // set before its HTML), then the real page's.
      const shown = document.querySelector('iframe#active-frame');
      if (shown && shown !== shownFrame && shown.style.visibility === 'visible') {
        shownFrame = shown;
        state.frameShownAt = now;
        state.frameShownPaintedAt = 0;
        whenPainted((t) => (state.frameShownPaintedAt = t));
      }
    }
    for (const r of records) {
      for (const n of r.addedNodes) {
        const a = countArticles(n);
        if (a) {
          state.articles += a;
          state.lastArticleAt = now;
          if (!state.firstArticleSeenAt) {
            state.firstArticleSeenAt = now;
            whenPainted((t) => (state.firstArticlePaintedAt = t));
          }
        }
        if (state.sentinel && !state.sentinelSeenAt && (n.textContent || '').includes(state.sentinel)) {
          state.sentinelSeenAt = now;
          whenPainted((t) => (state.sentinelPaintedAt = t));
        }
      }
      if (state.sentinel && !state.sentinelSeenAt && r.type === 'characterData' && (r.target.data || '').includes(state.sentinel)) {
        state.sentinelSeenAt = now;
        whenPainted((t) => (state.sentinelPaintedAt = t));
      }
    }
  });
  // VS Code writes the webview's HTML into this frame after it loaded (document.open/write), which
  // leaves the first observation dead: re-observe whenever the document or its root changes.
  let observedDoc = null;
  let observedRoot = null;
  const ensureObserved = () => {
    if (document === observedDoc && document.documentElement === observedRoot) return;
    observer.disconnect();
    observer.observe(document, { childList: true, subtree: true, characterData: true, ...(isWebviewHost ? { attributes: true, attributeFilter: ['id', 'style'] } : {}) });
    // document.open() also drops the window's listeners.
    window.removeEventListener('message', onMessage, true);
    window.addEventListener('message', onMessage, true);
    observedDoc = document;
    observedRoot = document.documentElement;
  };
  ensureObserved();
  setInterval(ensureObserved, 5);
  window.__veniceBench = {
    watch(sentinel) {
      state.sentinel = sentinel;
      state.sentinelSeenAt = 0;
      state.sentinelPaintedAt = 0;
      state.sentinelMessageAt = 0;
    },
    state() {
      return JSON.parse(JSON.stringify(state));
    },
    domNodes() {
      return document.getElementsByTagName('*').length;
    },
  };
})();
