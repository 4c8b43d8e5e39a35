// The asset studio: video and music generation, loaded as its own chunk (dist/studio.js, see
// `lazyChunks` in esbuild.mjs) the first time one of its commands or tools runs, or a queued job
// is resumed after startup. Everything it needs from the main bundle comes in through StudioHost.
import * as vscode from 'vscode';
import { generateMusic, MUSIC_JOB, playMusic } from '../music/command';
import { musicTool, videoTool, type ToolArgs } from './tools';
import { generateVideo, showVideo, VIDEO_JOB } from '../video/command';
import type { StudioHost } from './host';
import { JobRunner } from './jobRunner';
import type { ToolOutcome } from '../tools/types';
import type { ToolRuntime } from '../tools/dispatcher';

export interface Studio {
  generateVideo(first: unknown): Promise<string | undefined>;
  generateMusic(raw: unknown): Promise<string | undefined>;
  /** Resumes the jobs a previous window queued and did not finish; how many it picked up. */
  resume(): number;
  videoTool(args: ToolArgs, rt: ToolRuntime): Promise<ToolOutcome>;
  musicTool(args: ToolArgs, rt: ToolRuntime): Promise<ToolOutcome>;
}

export function createStudio(host: StudioHost): Studio {
  const runner = new JobRunner(host);
  return {
    generateVideo: (first) => generateVideo(host, runner, first),
    generateMusic: (raw) => generateMusic(host, runner, raw),
    resume: () => {
      // Writing the results needs a trusted workspace, as queueing them did.
      if (!vscode.workspace.isTrusted) return 0;
      const jobs = runner.store.list();
      for (const job of jobs) {
        host.log.info(`Resuming the ${job.kind} job ${job.ticket.queueId} queued ${new Date(job.queuedAt).toISOString()}`);
        void runner.run(job.kind === 'video' ? VIDEO_JOB : MUSIC_JOB, job, false).then(async (uri?: vscode.Uri) => {
          if (!uri) return;
          host.log.info(`Saved the resumed ${job.kind} job to ${uri.fsPath}`);
          if (job.kind === 'video') await showVideo(uri, false);
          else await playMusic(host, uri, job.meta.prompt, false);
        });
      }
      return jobs.length;
    },
    videoTool: (args, rt) => videoTool(host, runner, args, rt),
    musicTool: (args, rt) => musicTool(host, runner, args, rt),
  };
}
