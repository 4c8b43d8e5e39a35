// The chat tools generate_video and generate_music: the same plan, price quote and queued job as the
// commands, but the question is the chat's approval card, which shows Venice's price quote first
// (it always asks: auto-approve never covers spending money on media). Stop in the chat stops the
// wait; the paid job stays remembered and resumes with the next window. Errors become outcomes the
// model reads (this runs in the studio chunk, so no error class crosses into the dispatcher).
import * as vscode from 'vscode';
import { done, rejectedByUser } from '../tools/handlers/outcome';
import type { ToolRuntime } from '../tools/dispatcher';
import type { ToolOutcome } from '../tools/types';
import { musicQuoteBody, videoQuoteBody } from '../venice/queue';
import { describeMusic, MUSIC_JOB, planMusic, playMusic, queueMusic } from '../music/command';
import { parseGenerateMusicArgs } from '../music/request';
import { describeVideo, planVideo, queueVideo, VIDEO_JOB } from '../video/command';
import { parseGenerateVideoArgs } from '../video/request';
import type { StudioHost } from './host';
import { formatUsd, type JobRunner } from './jobRunner';
import { isCancellation } from './queuedJob';

export type ToolArgs = Record<string, unknown>;

const ALWAYS_ASK = 'it spends Venice credits: the price quote is shown every time';

function failed(what: string, err: unknown): ToolOutcome {
  if (isCancellation(err)) {
    return { ok: false, content: `Stopped waiting for the ${what}. The job was paid for and keeps running at Venice; it is saved when the window resumes it.`, summary: `Stopped waiting for the ${what}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, content: `${what[0]?.toUpperCase()}${what.slice(1)} generation failed: ${message}`, summary: `${what} failed` };
}

async function saved(rt: ToolRuntime, uri: vscode.Uri, what: string, detail: string): Promise<ToolOutcome> {
  const label = vscode.workspace.asRelativePath(uri, false);
  // A new file, never written over another: the answer's checkpoint keeps it as "did not exist".
  await rt.recordBefore([{ path: uri.fsPath, label, didNotExist: true }]);
  const size = (await vscode.workspace.fs.stat(uri)).size;
  const shown = size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / (1024 * 1024)).toFixed(1)} MB`;
  return done(`Saved the ${what} to ${label} (${shown}; ${detail}).`, `Generated ${label}`);
}

export async function videoTool(host: StudioHost, runner: JobRunner, args: ToolArgs, rt: ToolRuntime): Promise<ToolOutcome> {
  try {
    const plan = await planVideo(host, parseGenerateVideoArgs(args) ?? {}, undefined, true);
    if (!plan) return failed('video', new Error('nothing to generate'));
    const quote = await host.client.quoteMedia('video', videoQuoteBody(plan.request), { signal: rt.signal });
    const ok = await rt.approve({ title: `Generate a ${plan.request.duration} video for ${formatUsd(quote)}`, detail: `Price quote: ${formatUsd(quote)} (charged when queued)\n${describeVideo(plan)}\nSaved into ${vscode.workspace.asRelativePath(plan.dir, false)}.`, alwaysAsk: ALWAYS_ASK });
    if (!ok) return rejectedByUser(`generate a video for ${formatUsd(quote)}`);
    const job = await queueVideo(runner, plan, quote);
    const uri = await runner.run(VIDEO_JOB, job, true, rt.signal);
    if (!uri) return failed('video', new Error('the job is already being waited for in this window'));
    void vscode.commands.executeCommand('vscode.open', uri, { preview: true }).then(undefined, () => undefined);
    return await saved(rt, uri, 'video', `${plan.request.model}, ${formatUsd(quote)}`);
  } catch (err) {
    return failed('video', err);
  }
}

export async function musicTool(host: StudioHost, runner: JobRunner, args: ToolArgs, rt: ToolRuntime): Promise<ToolOutcome> {
  try {
    const plan = await planMusic(host, parseGenerateMusicArgs(args) ?? {}, true);
    if (!plan) return failed('music', new Error('nothing to generate'));
    const quote = await host.client.quoteMedia('audio', musicQuoteBody(plan.request), { signal: rt.signal });
    const ok = await rt.approve({ title: `Generate ${plan.noun === 'music' ? 'music' : 'a sound effect'} for ${formatUsd(quote)}`, detail: `Price quote: ${formatUsd(quote)} (charged when queued)\n${describeMusic(plan)}\nSaved into ${vscode.workspace.asRelativePath(plan.dir, false)}.`, alwaysAsk: ALWAYS_ASK });
    if (!ok) return rejectedByUser(`generate ${plan.noun} for ${formatUsd(quote)}`);
    const job = await queueMusic(runner, plan, quote);
    const uri = await runner.run(MUSIC_JOB, job, true, rt.signal);
    if (!uri) return failed(plan.noun, new Error('the job is already being waited for in this window'));
    void playMusic(host, uri, plan.request.prompt, true);
    return await saved(rt, uri, plan.noun, `${plan.request.model}, ${formatUsd(quote)}`);
  } catch (err) {
    return failed('music', err);
  }
}
