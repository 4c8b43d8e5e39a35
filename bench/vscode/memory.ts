// Part 5: memory after 100 consecutive chats against after 1. Each chat is a new conversation
// (venice.newChat) with a ~600-token Markdown-and-code answer, sent through the chat input, so the
// view shows one exchange at a time and anything that grows is retained, not displayed.
// Extension host: used JS heap after a forced GC (the host exposes none, so `--expose-gc` is set at
// run time through v8.setFlagsFromString), median of 3 samples after idle seconds.
// Webview: used JS heap of the renderer process that runs the chat webview, after a forced GC
// (Chrome DevTools Protocol: HeapProfiler.collectGarbage, Runtime.getHeapUsage). The workbench
// shares that process unless the webview is out of process, which the result says.
import type { CDPSession, Frame } from 'playwright-core';
import type { Simulator } from '../../test/fixtures/simulator';
import type { VSCodeSession } from '../../test/harness/vscode';
import { median, round, sleep } from '../lib/stats';
import { longAnswer } from './content';
import { answerFinished, evalIn, newChat, send } from './session';

export interface MemorySample {
  chats: number;
  hostHeapMb: number;
  webviewHeapMb: number;
  webviewDomNodes: number;
}

export interface MemoryResult {
  webviewProcess: 'out-of-process frame' | 'shared with the workbench';
  samples: MemorySample[];
  hostGrowth: number;
  webviewGrowth: number;
}

const MB = 1024 * 1024;

async function hostHeap(vs: VSCodeSession): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    samples.push(
      await vs.bridge.run<number>(
        `const v8 = require('node:v8');
         const vm = require('node:vm');
         v8.setFlagsFromString('--expose-gc');
         const gc = vm.runInNewContext('gc');
         gc(); gc();
         return process.memoryUsage().heapUsed;`,
      ),
    );
    await sleep(500);
  }
  return median(samples) / MB;
}

async function webviewHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize / MB;
}

export async function memoryBench(vs: VSCodeSession, frame: Frame, sim: Simulator, chats: number, log: (m: string) => void): Promise<MemoryResult> {
  let cdp: CDPSession;
  let webviewProcess: MemoryResult['webviewProcess'] = 'out-of-process frame';
  try {
    cdp = await vs.page.context().newCDPSession(frame);
  } catch {
    cdp = await vs.page.context().newCDPSession(vs.page);
    webviewProcess = 'shared with the workbench';
  }
  const answer = longAnswer(600);
  const samples: MemorySample[] = [];
  const measure = async (n: number) => {
    await sleep(2_000);
    const sample = {
      chats: n,
      hostHeapMb: round(await hostHeap(vs), 1),
      webviewHeapMb: round(await webviewHeap(cdp), 1),
      webviewDomNodes: await evalIn<number>(frame, 'window.__veniceBench.domNodes()'),
    };
    log(`memory after ${n} chat(s): host ${sample.hostHeapMb} MB, webview ${sample.webviewHeapMb} MB, ${sample.webviewDomNodes} DOM nodes`);
    samples.push(sample);
  };
  for (let i = 1; i <= chats; i++) {
    await newChat(vs, frame);
    sim.enqueueChat({ steps: answer });
    await send(frame, `Memory benchmark chat ${i}`);
    const state = await answerFinished(frame, 60_000);
    if (state !== 'done') throw new Error(`chat ${i} ended as "${state}"`);
    if (i === 1 || i === chats) await measure(i);
  }
  await cdp.detach().catch(() => undefined);
  const first = samples[0];
  const last = samples[samples.length - 1];
  return {
    webviewProcess,
    samples,
    hostGrowth: round(last.hostHeapMb / first.hostHeapMb - 1, 3),
    webviewGrowth: round(last.webviewHeapMb / first.webviewHeapMb - 1, 3),
  };
}
