// Loads the asset studio (video and music: assets/studio.ts) from its own chunk, dist/studio.js, on
// first use, so activation pays nothing for it. A window whose workspace still has queued jobs
// (a reload while Venice worked) resumes them a few seconds after activation, off the start path.
import type * as vscode from 'vscode';
import type { StudioHost } from './host';
import { PENDING_JOBS_KEY } from './jobStore';
import type { Studio } from './studio';

let studio: Studio | undefined;

export function loadStudio(host: StudioHost): Studio {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load of a separate chunk
  studio ??= (require('./studio') as typeof import('./studio')).createStudio(host);
  return studio;
}

/** How long after activation queued jobs are picked up again. */
const RESUME_DELAY_MS = 3000;

/** When this workspace remembers queued jobs, resumes them shortly after activation (reading the state is in memory). */
export function scheduleResume(host: StudioHost, subscriptions: vscode.Disposable[]): void {
  const pending = host.state.get<unknown>(PENDING_JOBS_KEY);
  if (!Array.isArray(pending) || pending.length === 0) return;
  const timer = setTimeout(() => {
    try {
      const n = loadStudio(host).resume();
      host.log.info(`Resumed ${n} queued Venice job${n === 1 ? '' : 's'}.`);
    } catch (err) {
      host.log.error('Resuming queued Venice jobs failed', err);
    }
  }, RESUME_DELAY_MS);
  subscriptions.push({ dispose: () => clearTimeout(timer) });
}
